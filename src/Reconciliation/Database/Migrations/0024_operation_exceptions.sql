-- Operations that need a person become exception cases beside reconciliation's, one per operation and kind
-- (subject 'operation <id>'): operation_failed (declined, refused as invalid, or automatic retries used up: it
-- waits on the dashboard for a retry), operation_blocked (it runs after an operation that failed, so its job waits
-- for that one's retry) and operation_needs_review (executed at the gateway, but the ledger refused the leg, or the
-- gateway flagged the success for review). Failed and blocked cases close by themselves when the operation succeeds.

-- Widen the exception kinds with ours, keeping whatever other migrations added: the list is read from the constraint
-- as it stands, in either of the two forms it has been written in (see 0015).
DO $$
DECLARE
    kinds text[];
BEGIN
    SELECT array_agg(DISTINCT kind.value[1])
    INTO kinds
    FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '[''{,]([a-z_]+)(?=[''},])', 'g') AS kind(value)
    WHERE c.conrelid = 'recon.exceptions'::regclass AND c.conname = 'exceptions_kind_check';
    kinds := kinds || ARRAY['operation_failed', 'operation_blocked', 'operation_needs_review'];
    ALTER TABLE recon.exceptions DROP CONSTRAINT exceptions_kind_check;
    EXECUTE format('ALTER TABLE recon.exceptions ADD CONSTRAINT exceptions_kind_check CHECK (kind IN (%s))',
        (SELECT string_agg(DISTINCT quote_literal(k), ', ') FROM unnest(kinds) AS k));
END
$$;

-- The continuations of an operation, found when it fails.
CREATE INDEX operations_after ON operations.operations (after_operation_id) WHERE after_operation_id IS NOT NULL;
