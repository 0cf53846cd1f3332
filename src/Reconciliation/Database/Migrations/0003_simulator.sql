-- The gateway simulator's own state: every transaction it answered, successful or not, so the query
-- API finds declined operations too. Card data is never more than BIN and last four digits.
CREATE SCHEMA IF NOT EXISTS simulator;

CREATE TABLE simulator.transactions (
    transaction_id           text PRIMARY KEY CHECK (transaction_id ~ '^[0-9a-f]{32}$'),
    -- The PA, DB or CD at the root of the payment; null for an operation on an unknown reference.
    payment_id               text REFERENCES simulator.transactions (transaction_id),
    entity_id                text NOT NULL,
    payment_type             text NOT NULL CHECK (payment_type IN ('PA', 'DB', 'CD', 'CP', 'RV', 'RF', 'CB', 'CR', 'RB')),
    referenced_id            text,
    currency                 char(3),
    amount_minor             bigint CHECK (amount_minor >= 0),
    result_code              text NOT NULL,
    result_description       text NOT NULL,
    succeeded                boolean NOT NULL,
    merchant_transaction_id  text,
    descriptor               text,
    payment_brand            text,
    card_bin                 text,
    card_last4               text,
    card_holder              text,
    card_expiry_month        text,
    card_expiry_year         text,
    chargeback_reason_code   text,
    expires_at               timestamptz,
    processed_at             timestamptz NOT NULL,
    sequence                 bigint GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX transactions_payment ON simulator.transactions (payment_id, sequence);
CREATE INDEX transactions_merchant_transaction_id ON simulator.transactions (entity_id, merchant_transaction_id) WHERE merchant_transaction_id IS NOT NULL;
