-- What needs a person: one row per problem (kind + subject), open until resolved with a note by someone,
-- or resolved by the matching rule when the problem went away (a line that matched later).

CREATE TABLE recon.exceptions (
    exception_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind            text NOT NULL CHECK (kind IN ('unmatched_line', 'amount_mismatch', 'currency_mismatch', 'duplicate_line', 'missing_settlement')),
    subject         text NOT NULL,
    file_id         bigint,
    line_number     bigint,
    transaction_id  text,
    summary         text NOT NULL,
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    raised_at       timestamptz NOT NULL,
    resolved_at     timestamptz,
    resolved_by     text,
    note            text,
    UNIQUE (kind, subject),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL AND resolved_by IS NOT NULL AND note IS NOT NULL))
);

CREATE INDEX exceptions_open ON recon.exceptions (raised_at) WHERE status = 'open';
