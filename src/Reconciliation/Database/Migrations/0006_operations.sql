-- Operations the worker sends to the gateway (capture, reversal, refund, rebill, chargeback, chargeback
-- reversal, payout). A row exists before its Hangfire job: the row is the durable truth of the operation,
-- the job only the means of executing it. operation_id is sent as the gateway's merchantTransactionId, so the
-- query API finds what an attempt did even when its response was lost.
CREATE SCHEMA IF NOT EXISTS operations;

CREATE TABLE operations.operations (
    operation_id              text PRIMARY KEY CHECK (operation_id ~ '^[0-9a-f]{32}$'),
    kind                      text NOT NULL CHECK (kind IN ('CP', 'RV', 'RF', 'RB', 'CB', 'CR', 'CD')),
    -- The gateway id of the transaction operated on; null for a payout (CD), which starts a payment.
    referenced_id             text CHECK ((kind = 'CD') = (referenced_id IS NULL)),
    currency                  char(3) NOT NULL,
    -- Null for a reversal, which releases whatever is open when it executes.
    amount_minor              bigint CHECK (amount_minor > 0),
    reason_code               text,
    status                    text NOT NULL CHECK (status IN ('requested', 'sending', 'succeeded', 'failed', 'needs-review')),
    -- Success that the gateway flagged for review (000.400.0xx): recorded, and a person should look.
    needs_review              boolean NOT NULL DEFAULT false,
    attempts                  integer NOT NULL DEFAULT 0,
    -- How many of our attempts the gateway answered: more transactions under our id than answers means an
    -- attempt whose response was lost was executed.
    answers_seen              integer NOT NULL DEFAULT 0,
    -- The last attempt's outcome is unknown (timeout, reset, 5xx): query before sending again.
    outcome_unknown           boolean NOT NULL DEFAULT false,
    last_result_code          text,
    last_result_description   text,
    gateway_transaction_id    text,
    job_id                    text,
    requested_by_kind         text NOT NULL CHECK (requested_by_kind IN ('operator', 'rule', 'file')),
    requested_by              text NOT NULL,
    request_reason            text NOT NULL,
    created_at                timestamptz NOT NULL,
    updated_at                timestamptz NOT NULL,
    CHECK (kind = 'RV' OR amount_minor IS NOT NULL)
);

CREATE INDEX operations_unfinished ON operations.operations (status, created_at) WHERE status <> 'succeeded';
CREATE INDEX operations_referenced ON operations.operations (referenced_id);
