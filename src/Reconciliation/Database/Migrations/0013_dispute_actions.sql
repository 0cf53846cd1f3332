-- What the worker did about each dispute event: one row per event, so that an event acts once however
-- often its file is delivered; and the exception kinds disputes raise.

CREATE TABLE recon.dispute_actions (
    file_id         bigint NOT NULL,
    line_number     bigint NOT NULL,
    action          text NOT NULL CHECK (action IN ('chargeback_requested', 'reversal_requested', 'recorded', 'unmatched', 'refused')),
    operation_id    text,
    transaction_id  text,
    explanation     text NOT NULL,
    decided_at      timestamptz NOT NULL,
    PRIMARY KEY (file_id, line_number)
);

ALTER TABLE recon.exceptions DROP CONSTRAINT exceptions_kind_check;
ALTER TABLE recon.exceptions ADD CONSTRAINT exceptions_kind_check CHECK (kind IN (
    'unmatched_line', 'amount_mismatch', 'currency_mismatch', 'duplicate_line', 'missing_settlement',
    'unmatched_dispute', 'chargeback_on_refunded', 'dispute_refused'));
