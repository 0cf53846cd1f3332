-- Estimated authorizations closing at their final amount: what the worker did about each final amount (one row
-- per line, so a final amount acts once however often it arrives), operations that wait for a person's approval
-- (a rebill above the cap) and the order of the steps on one payment.

CREATE TABLE recon.final_amount_actions (
    file_id         bigint NOT NULL,
    line_number     bigint NOT NULL,
    action          text NOT NULL CHECK (action IN ('requested', 'awaiting_approval', 'closed', 'unmatched', 'refused')),
    payment_id      text,
    -- The operations requested, in the order they run.
    operation_ids   text[] NOT NULL DEFAULT '{}',
    explanation     text NOT NULL,
    decided_at      timestamptz NOT NULL,
    PRIMARY KEY (file_id, line_number)
);

ALTER TABLE operations.operations DROP CONSTRAINT operations_status_check;
ALTER TABLE operations.operations ADD CONSTRAINT operations_status_check
    CHECK (status IN ('requested', 'sending', 'succeeded', 'failed', 'needs-review', 'awaiting-approval'));

-- The operation this one runs after (its job is a continuation of that one's): a reversal never overtakes the
-- capture it follows. Kept so that an approved rebill still waits for its capture.
ALTER TABLE operations.operations ADD COLUMN after_operation_id text REFERENCES operations.operations (operation_id);
ALTER TABLE operations.operations ADD COLUMN approved_by text;
ALTER TABLE operations.operations ADD COLUMN approved_at timestamptz;

-- Widen the exception kinds with ours, keeping whatever other migrations added: the list is read from the
-- constraint as it stands, so the order in which parallel migrations land does not matter.
DO $$
DECLARE
    kinds text[];
BEGIN
    SELECT array_agg(DISTINCT kind.value[1])
    INTO kinds
    FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '''([a-z_]+)''', 'g') AS kind(value)
    WHERE c.conrelid = 'recon.exceptions'::regclass AND c.conname = 'exceptions_kind_check';
    kinds := kinds || ARRAY['unmatched_final_amount', 'final_amount_refused', 'rebill_awaiting_approval'];
    ALTER TABLE recon.exceptions DROP CONSTRAINT exceptions_kind_check;
    EXECUTE format('ALTER TABLE recon.exceptions ADD CONSTRAINT exceptions_kind_check CHECK (kind = ANY (%L::text[]))', kinds);
END
$$;
