-- Reconciliation of settlement lines: one outcome per line, explained, and the leg it settles. A leg is
-- settled at most once per record type (a second line for it is a duplicate); unmatched lines are decided
-- again on every run, so a line that arrived before its transaction matches once the transaction is known.

CREATE SCHEMA IF NOT EXISTS recon;

CREATE TABLE recon.line_outcomes (
    file_id              bigint NOT NULL,
    line_number          bigint NOT NULL,
    record_type          text NOT NULL,
    outcome              text NOT NULL CHECK (outcome IN ('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch', 'unmatched', 'duplicate', 'batch')),
    matched_by           text CHECK (matched_by IN ('payment_id', 'merchant_transaction_id', 'arn', 'fallback')),
    transaction_id       text,
    payment_id           text,
    expected_minor       bigint,
    expected_currency    char(3),
    difference_minor     bigint,
    explanation          text NOT NULL,
    decided_at           timestamptz NOT NULL,
    PRIMARY KEY (file_id, line_number),
    FOREIGN KEY (file_id, line_number) REFERENCES acquirer.settlement_lines (file_id, line_number)
);

CREATE UNIQUE INDEX line_outcomes_one_settlement_per_leg ON recon.line_outcomes (transaction_id, record_type)
    WHERE outcome IN ('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch');
CREATE INDEX line_outcomes_outcome ON recon.line_outcomes (outcome);

-- Which ledger types each settlement record type settles.
CREATE TABLE recon.record_type_legs (
    record_type       text NOT NULL,
    transaction_type  text NOT NULL,
    PRIMARY KEY (record_type, transaction_type)
);

INSERT INTO recon.record_type_legs VALUES
    ('SETTLED', 'DB'), ('SETTLED', 'CP'), ('SETTLED', 'RB'),
    ('REFUNDED', 'RF'),
    ('CHARGEBACK', 'CB'),
    ('CHARGEBACK_REVERSED', 'CR');
