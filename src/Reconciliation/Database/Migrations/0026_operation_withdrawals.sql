-- An operator may decline an operation that has not been sent (or was refused): 'rejected'; an operation that waits
-- for another (a reversal chained to a capture that failed) may be called off: 'cancelled'. Either is final, moves
-- no money and leaves the ledger as it was; who, when and why are kept here and in ledger.audit_log.
ALTER TABLE operations.operations DROP CONSTRAINT operations_status_check;
ALTER TABLE operations.operations ADD CONSTRAINT operations_status_check
    CHECK (status IN ('requested', 'sending', 'succeeded', 'failed', 'needs-review', 'awaiting-approval', 'rejected', 'cancelled'));

ALTER TABLE operations.operations ADD COLUMN withdrawn_by text;
ALTER TABLE operations.operations ADD COLUMN withdrawn_at timestamptz;
ALTER TABLE operations.operations ADD COLUMN withdrawal_note text;
ALTER TABLE operations.operations ADD CONSTRAINT operations_withdrawn_check
    CHECK ((status IN ('rejected', 'cancelled')) = (withdrawn_by IS NOT NULL AND withdrawn_at IS NOT NULL AND withdrawal_note IS NOT NULL));
