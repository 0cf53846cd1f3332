-- File intake: one row per file taken from the drop folder (or the ingest command). A file's content is
-- identified by its SHA-256; among all rows at most one per content is processing or processed, which is
-- what lets several worker instances race for one folder and process each file exactly once.

CREATE SCHEMA IF NOT EXISTS intake;

CREATE TABLE intake.files (
    file_id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sha256            bytea NOT NULL CHECK (length(sha256) = 32),
    original_name     text NOT NULL,
    size_bytes        bigint NOT NULL CHECK (size_bytes >= 0),
    status            text NOT NULL CHECK (status IN ('processing', 'processed', 'duplicate', 'quarantined')),
    kind              text,
    duplicate_of      bigint REFERENCES intake.files (file_id),
    claimed_by        text NOT NULL,
    claimed_at        timestamptz NOT NULL,
    lease_expires_at  timestamptz,
    finished_at       timestamptz,
    lines_total       bigint,
    lines_ok          bigint,
    lines_rejected    bigint,
    lines_duplicate   bigint,
    reason            text
);

CREATE UNIQUE INDEX files_one_live_claim_per_content ON intake.files (sha256) WHERE status IN ('processing', 'processed');
CREATE INDEX files_status ON intake.files (status, claimed_at);
