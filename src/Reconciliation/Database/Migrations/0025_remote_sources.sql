-- Remote sources (SFTP): one row per remote file seen and taken, and one row per source for how it last went.
--
-- A remote file is identified by its source, path, size and modification time: the same name re-published with
-- other bytes is another file. Its row is the claim that makes one worker instance fetch it (a lease, renewed
-- while it downloads), and it walks downloading -> downloaded -> taken -> done; each step is written only after
-- the work it names is finished, so an instance killed at any point leaves a row that says what is left to do.
-- The content itself is taken in through intake.files (same SHA-256 twice is a duplicate), which keeps a file
-- from being counted twice even where two deliveries race.

CREATE SCHEMA IF NOT EXISTS sources;

CREATE TABLE sources.remote_files (
    remote_file_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source            text NOT NULL,
    remote_path       text NOT NULL,
    size_bytes        bigint NOT NULL CHECK (size_bytes >= 0),
    modified_at       timestamptz NOT NULL,
    status            text NOT NULL CHECK (status IN ('downloading', 'downloaded', 'taken', 'done')),
    claimed_by        text NOT NULL,
    lease_expires_at  timestamptz,
    first_seen_at     timestamptz NOT NULL,
    sha256            bytea CHECK (sha256 IS NULL OR length(sha256) = 32),
    local_path        text,
    downloaded_at     timestamptz,
    intake_file_id    bigint REFERENCES intake.files (file_id),
    intake_status     text,
    taken_at          timestamptz,
    -- What was done to the remote file after it was taken (left, moved to …, deleted) and when.
    remote_action     text,
    finished_at       timestamptz,
    UNIQUE (source, remote_path, size_bytes, modified_at),
    CHECK (status = 'downloading' OR (sha256 IS NOT NULL AND downloaded_at IS NOT NULL)),
    CHECK (status NOT IN ('taken', 'done') OR taken_at IS NOT NULL),
    CHECK ((status = 'done') = (finished_at IS NOT NULL))
);

CREATE INDEX remote_files_unfinished ON sources.remote_files (source, remote_file_id) WHERE status <> 'done';

-- How each source last went, shared by every instance: what the health check and `sources list` show.
CREATE TABLE sources.source_status (
    source            text PRIMARY KEY,
    last_attempt_at   timestamptz NOT NULL,
    last_success_at   timestamptz,
    -- Set while the source fails, from the first failure of the streak; cleared by the next success.
    failing_since     timestamptz,
    failure_kind      text CHECK (failure_kind IN ('source_unreachable', 'source_key_refused', 'source_host_key_mismatch')),
    failure_reason    text,
    files_taken       bigint NOT NULL DEFAULT 0,
    bytes_taken       bigint NOT NULL DEFAULT 0,
    -- The host key recorded at the first connection, for a source configured to trust on first use.
    pinned_host_key   text,
    CHECK ((failing_since IS NULL) = (failure_kind IS NULL) AND (failure_kind IS NULL) = (failure_reason IS NULL))
);

-- Widen the exception kinds with ours, keeping whatever other migrations added: the list is read from the
-- constraint as it stands (either form it has been written in), so the order in which migrations land does not matter.
DO $$
DECLARE
    kinds text[];
BEGIN
    SELECT array_agg(DISTINCT kind.value[1])
    INTO kinds
    FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '[''{,]([a-z_]+)(?=[''},])', 'g') AS kind(value)
    WHERE c.conrelid = 'recon.exceptions'::regclass AND c.conname = 'exceptions_kind_check';
    kinds := kinds || ARRAY['source_unreachable', 'source_key_refused', 'source_host_key_mismatch'];
    ALTER TABLE recon.exceptions DROP CONSTRAINT exceptions_kind_check;
    EXECUTE format('ALTER TABLE recon.exceptions ADD CONSTRAINT exceptions_kind_check CHECK (kind = ANY (%L::text[]))', kinds);
END
$$;
