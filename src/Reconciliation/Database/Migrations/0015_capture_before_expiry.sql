-- Capture before expiry: who initiated a payment (schemes give customer- and merchant-initiated authorizations
-- different windows), operator holds, and the capture sweep's decisions, which are both its explanation and
-- its guard: a PA gets at most one capture, reversal or expiry decision, whichever sweep gets there first.

ALTER TABLE ledger.payments ADD COLUMN initiated_by text NOT NULL DEFAULT 'customer' CHECK (initiated_by IN ('customer', 'merchant'));
ALTER TABLE acquirer.transaction_lines ADD COLUMN initiated_by text;

-- A payment an operator put on hold: the sweep neither captures nor reverses it. Releasing it deletes the row;
-- both are in ledger.audit_log.
CREATE TABLE ledger.payment_holds (
    payment_id  text PRIMARY KEY REFERENCES ledger.payments (payment_id),
    note        text NOT NULL,
    held_by     text NOT NULL,
    held_at     timestamptz NOT NULL
);

CREATE TABLE recon.capture_sweeps (
    sweep_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at   timestamptz NOT NULL,
    finished_at  timestamptz,
    summary      text
);

CREATE TABLE recon.capture_decisions (
    decision_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    sweep_id      bigint NOT NULL REFERENCES recon.capture_sweeps (sweep_id),
    payment_id    text NOT NULL REFERENCES ledger.payments (payment_id),
    -- refused: the operations pipeline's rules said no (an operator's capture in flight took the open amount).
    action        text NOT NULL CHECK (action IN ('capture', 'reverse', 'expired', 'held', 'refused')),
    amount_minor  bigint NOT NULL,
    currency      char(3) NOT NULL,
    expires_at    timestamptz NOT NULL,
    due_at        timestamptz NOT NULL,
    reason        text NOT NULL,
    operation_id  text,
    decided_at    timestamptz NOT NULL
);

-- The business-level guard of overlapping sweeps: a second capture, reversal or expiry of the same PA conflicts.
CREATE UNIQUE INDEX capture_decisions_once_per_payment ON recon.capture_decisions (payment_id) WHERE action IN ('capture', 'reverse', 'expired');
CREATE INDEX capture_decisions_sweep ON recon.capture_decisions (sweep_id);

-- Widen the exception kinds with ours, keeping whatever other migrations added (0016 may have run first on a
-- database that had it before this one): the list is read from the constraint as it stands, in either of the
-- two forms the constraint has been written in.
DO $$
DECLARE
    kinds text[];
BEGIN
    SELECT array_agg(DISTINCT kind.value[1])
    INTO kinds
    FROM pg_constraint c, regexp_matches(pg_get_constraintdef(c.oid), '[''{,]([a-z_]+)(?=[''},])', 'g') AS kind(value)
    WHERE c.conrelid = 'recon.exceptions'::regclass AND c.conname = 'exceptions_kind_check';
    kinds := kinds || ARRAY['preauth_expired'];
    ALTER TABLE recon.exceptions DROP CONSTRAINT exceptions_kind_check;
    -- Written as kind IN ('a', 'b', …), which PostgreSQL shows as ARRAY['a'::text, …]: the form the next
    -- migration's reading of the constraint (0016) finds the kinds in.
    EXECUTE format('ALTER TABLE recon.exceptions ADD CONSTRAINT exceptions_kind_check CHECK (kind IN (%s))',
        (SELECT string_agg(quote_literal(k), ', ') FROM unnest(kinds) AS k));
END
$$;
