-- What the acquirer told us, line by line, as ingested from its files: the input of reconciliation.
-- Each line belongs to the intake row of the file that brought it. A line is identified by its source
-- (canonical or a profile's name) and its own key; the same line arriving again in another file is not
-- stored twice (the file counts it as a duplicate).

CREATE SCHEMA IF NOT EXISTS acquirer;

CREATE TABLE acquirer.settlement_lines (
    file_id                  bigint NOT NULL REFERENCES intake.files (file_id),
    line_number              bigint NOT NULL,
    source                   text NOT NULL,
    line_id                  text NOT NULL,
    settlement_date          date NOT NULL,
    batch_id                 text NOT NULL,
    record_type              text NOT NULL CHECK (record_type IN ('SETTLED', 'REFUNDED', 'CHARGEBACK', 'CHARGEBACK_REVERSED', 'FEE', 'PAYOUT', 'ADJUSTMENT')),
    payment_id               text,
    merchant_transaction_id  text,
    arn                      text,
    gross_minor              bigint NOT NULL,
    transaction_currency     char(3) NOT NULL,
    settlement_currency      char(3),
    exchange_rate            numeric,
    fee_minor                bigint,
    net_minor                bigint,
    card_brand               text,
    card_last4               text,
    PRIMARY KEY (file_id, line_number),
    UNIQUE (source, line_id)
);

CREATE INDEX settlement_lines_payment_id ON acquirer.settlement_lines (payment_id) WHERE payment_id IS NOT NULL;
CREATE INDEX settlement_lines_merchant_transaction_id ON acquirer.settlement_lines (merchant_transaction_id) WHERE merchant_transaction_id IS NOT NULL;
CREATE INDEX settlement_lines_arn ON acquirer.settlement_lines (arn) WHERE arn IS NOT NULL;
CREATE INDEX settlement_lines_date ON acquirer.settlement_lines (settlement_date);

CREATE TABLE acquirer.dispute_events (
    file_id                  bigint NOT NULL REFERENCES intake.files (file_id),
    line_number              bigint NOT NULL,
    source                   text NOT NULL,
    dispute_id               text NOT NULL,
    event                    text NOT NULL CHECK (event IN ('RETRIEVAL_REQUEST', 'CHARGEBACK', 'CHARGEBACK_REVERSAL', 'SECOND_CHARGEBACK', 'ARBITRATION_WON', 'ARBITRATION_LOST')),
    event_date               date NOT NULL,
    payment_id               text,
    merchant_transaction_id  text,
    arn                      text,
    amount_minor             bigint,
    currency                 char(3),
    scheme                   text,
    reason_code              text,
    reason_text              text,
    reply_by                 date,
    PRIMARY KEY (file_id, line_number),
    -- One case has several events over time; the same event of a case is one fact, whichever file repeats it.
    UNIQUE (source, dispute_id, event, event_date)
);

CREATE INDEX dispute_events_payment_id ON acquirer.dispute_events (payment_id) WHERE payment_id IS NOT NULL;

CREATE TABLE acquirer.final_amounts (
    file_id                  bigint NOT NULL REFERENCES intake.files (file_id),
    line_number              bigint NOT NULL,
    source                   text NOT NULL,
    payment_id               text,
    merchant_transaction_id  text,
    final_minor              bigint NOT NULL,
    currency                 char(3) NOT NULL,
    reference                text,
    dedupe_key               text NOT NULL,
    PRIMARY KEY (file_id, line_number),
    UNIQUE (source, dedupe_key)
);

-- Lines of gateway transaction exports, before the ledger's rules take them in.
CREATE TABLE acquirer.transaction_lines (
    file_id                  bigint NOT NULL REFERENCES intake.files (file_id),
    line_number              bigint NOT NULL,
    source                   text NOT NULL,
    payment_id               text NOT NULL,
    payment_type             text NOT NULL,
    referenced_id            text,
    merchant_transaction_id  text,
    amount_minor             bigint NOT NULL,
    currency                 char(3) NOT NULL,
    processed_at             timestamptz NOT NULL,
    result_code              text NOT NULL,
    card_brand               text,
    card_bin                 text,
    card_last4               text,
    arn                      text,
    authorization_kind       text,
    merchant_category_code   text,
    PRIMARY KEY (file_id, line_number),
    UNIQUE (source, payment_id)
);
