-- The ledger: every payment (PA, DB, CD) and every backoffice leg on it. Amounts are integer minor
-- units of the row's ISO 4217 currency. Balances on ledger.payments are kept in the same transaction as
-- the legs they sum; ledger.payment_balances_from_legs recomputes them for checks.

CREATE TABLE ledger.payments (
    payment_id               text PRIMARY KEY,
    payment_type             text NOT NULL CHECK (payment_type IN ('PA', 'DB', 'CD')),
    currency                 char(3) NOT NULL,
    amount_minor             bigint NOT NULL CHECK (amount_minor > 0),
    result_code              text NOT NULL,
    succeeded                boolean NOT NULL,
    merchant_transaction_id  text,
    processed_at             timestamptz NOT NULL,
    authorization_kind       text NOT NULL DEFAULT 'final' CHECK (authorization_kind IN ('final', 'pre', 'estimated', 'incremental')),
    card_brand               text,
    card_bin                 text CHECK (card_bin ~ '^[0-9]{6,8}$'),
    card_last4               text CHECK (card_last4 ~ '^[0-9]{4}$'),
    merchant_category_code   text,
    arn                      text,
    expires_at               timestamptz,
    recorded_at              timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    authorized_minor          bigint NOT NULL DEFAULT 0,
    captured_minor            bigint NOT NULL DEFAULT 0,
    open_minor                bigint NOT NULL DEFAULT 0 CHECK (open_minor >= 0),
    reversed_minor            bigint NOT NULL DEFAULT 0,
    refunded_minor            bigint NOT NULL DEFAULT 0,
    charged_back_minor        bigint NOT NULL DEFAULT 0,
    chargeback_reversed_minor bigint NOT NULL DEFAULT 0,
    rebilled_minor            bigint NOT NULL DEFAULT 0,
    paid_out_minor            bigint NOT NULL DEFAULT 0,
    -- Hard backstops for the rules the code enforces under the payment's row lock.
    CHECK (captured_minor + reversed_minor <= authorized_minor OR payment_type <> 'PA'),
    CHECK (refunded_minor <= captured_minor + rebilled_minor)
);

CREATE INDEX payments_merchant_transaction_id ON ledger.payments (merchant_transaction_id) WHERE merchant_transaction_id IS NOT NULL;
CREATE INDEX payments_expires_at ON ledger.payments (expires_at) WHERE payment_type = 'PA' AND open_minor > 0;

CREATE TABLE ledger.transactions (
    transaction_id           text PRIMARY KEY,
    payment_id               text NOT NULL REFERENCES ledger.payments (payment_id),
    transaction_type         text NOT NULL CHECK (transaction_type IN ('PA', 'DB', 'CD', 'CP', 'RV', 'RF', 'CB', 'CR', 'RB')),
    referenced_id            text REFERENCES ledger.transactions (transaction_id),
    currency                 char(3) NOT NULL,
    amount_minor             bigint NOT NULL CHECK (amount_minor >= 0),
    result_code              text NOT NULL,
    merchant_transaction_id  text,
    processed_at             timestamptz NOT NULL,
    recorded_at              timestamptz NOT NULL,
    sequence                 bigint GENERATED ALWAYS AS IDENTITY,
    CHECK ((transaction_type IN ('PA', 'DB', 'CD')) = (referenced_id IS NULL))
);

CREATE INDEX transactions_payment ON ledger.transactions (payment_id, sequence);
CREATE INDEX transactions_referenced ON ledger.transactions (referenced_id) WHERE referenced_id IS NOT NULL;
CREATE INDEX transactions_merchant_transaction_id ON ledger.transactions (merchant_transaction_id) WHERE merchant_transaction_id IS NOT NULL;
-- A PA is reversed at most once; a CB is reversed at most once.
CREATE UNIQUE INDEX transactions_one_reversal_per_payment ON ledger.transactions (payment_id) WHERE transaction_type = 'RV';
CREATE UNIQUE INDEX transactions_one_reversal_per_chargeback ON ledger.transactions (referenced_id) WHERE transaction_type = 'CR';

-- Every change: who or what did it, when, why.
CREATE TABLE ledger.audit_log (
    audit_id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at     timestamptz NOT NULL,
    actor_kind      text NOT NULL CHECK (actor_kind IN ('file', 'rule', 'operator', 'gateway')),
    actor           text NOT NULL,
    action          text NOT NULL,
    payment_id      text,
    transaction_id  text,
    reason          text NOT NULL,
    details         jsonb
);

CREATE INDEX audit_log_payment ON ledger.audit_log (payment_id, audit_id);

CREATE VIEW ledger.payment_balances_from_legs AS
SELECT p.payment_id,
       CASE WHEN NOT p.succeeded OR p.payment_type = 'CD' THEN 0 ELSE p.amount_minor END AS authorized_minor,
       CASE WHEN NOT p.succeeded THEN 0
            WHEN p.payment_type = 'DB' THEN p.amount_minor
            WHEN p.payment_type = 'PA' THEN coalesce(sum(t.amount_minor) FILTER (WHERE t.transaction_type = 'CP'), 0)
            ELSE 0 END AS captured_minor,
       CASE WHEN p.succeeded AND p.payment_type = 'PA'
            THEN p.amount_minor - coalesce(sum(t.amount_minor) FILTER (WHERE t.transaction_type IN ('CP', 'RV')), 0)
            ELSE 0 END AS open_minor,
       coalesce(sum(t.amount_minor) FILTER (WHERE t.transaction_type = 'RV'), 0) AS reversed_minor,
       coalesce(sum(t.amount_minor) FILTER (WHERE t.transaction_type = 'RF'), 0) AS refunded_minor,
       coalesce(sum(t.amount_minor) FILTER (WHERE t.transaction_type = 'CB'), 0) AS charged_back_minor,
       coalesce(sum(t.amount_minor) FILTER (WHERE t.transaction_type = 'CR'), 0) AS chargeback_reversed_minor,
       coalesce(sum(t.amount_minor) FILTER (WHERE t.transaction_type = 'RB'), 0) AS rebilled_minor,
       CASE WHEN p.succeeded AND p.payment_type = 'CD' THEN p.amount_minor ELSE 0 END AS paid_out_minor
FROM ledger.payments p
LEFT JOIN ledger.transactions t ON t.payment_id = p.payment_id AND t.referenced_id IS NOT NULL
GROUP BY p.payment_id;
