-- What grows with time is stored in monthly partitions of its business date (issue 16): settlement lines with their
-- outcomes by the line's settlement date, dispute events with their actions by the event's date, the audit log by
-- when it happened. Retention then detaches and drops a month instead of deleting millions of rows (no dead tuples,
-- no vacuum, a short lock); see docs/scaling.md. A month is the grain because retention counts in months (13 by
-- default) and a lookup that does not name the date (a line by file and number) probes one index per partition:
-- 15-20 monthly partitions, not 400 daily ones.
--
-- Each table gets a DEFAULT partition: a row whose month has no partition yet (out of range, or before the nightly
-- job made it) lands there and is never refused or lost; creating the month's partition moves it in. Retention
-- keeps there the rows an open case still names when it drops their month.
--
-- PostgreSQL requires the partition key in every unique key of a partitioned table, so:
-- * a line stays one line by (source, line_id, settlement_date). The business date is a column of the line's
--   identity: an acquirer settles a line in one batch of one date, and a repeated line (a file delivered again,
--   a line repeated in the next file) repeats its date, so the repeat lands in the same partition and the key
--   refuses it there, whichever month the files arrived in. A line whose id comes back with another date is a
--   second line to us; if it settles the same leg, one settlement per leg makes it a duplicate for a person.
-- * one settlement per leg cannot be a unique index of the partitioned outcomes (a leg's second settlement may
--   come in the next month). It moves to recon.leg_settlements, not partitioned: one row per settled leg and
--   record type, written by the matcher with the outcome, kept as long as the ledger keeps the leg.
-- * the same dispute event is one fact by (source, dispute_id, event, event_date): its key held the date already.
--
-- The upgrade renames nothing a reader sees: each table is rebuilt under its own name (old one renamed, the new
-- partitioned one created, rows copied month by month through the parent, old dropped), in this script's
-- transaction. Views over the tables are recreated unchanged.

-- Creates the month's partition of a table partitioned by range of a date or timestamptz column (UTC months),
-- named <table>_YYYY_MM, unless it exists; rows of that month waiting in the default partition move into it.
-- Returns whether it created one.
CREATE FUNCTION recon.create_month_partition(parent regclass, month date) RETURNS boolean LANGUAGE plpgsql AS
$$
DECLARE
    first date := date_trunc('month', month)::date;
    next date := (date_trunc('month', month) + interval '1 month')::date;
    schema_name text;
    table_name text;
    key_column text;
    key_type regtype;
    low text;
    high text;
    waiting bigint;
BEGIN
    SELECT n.nspname, c.relname INTO schema_name, table_name
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent;
    IF to_regclass(format('%I.%I', schema_name, table_name || to_char(first, '_YYYY_MM'))) IS NOT NULL THEN
        RETURN false;
    END IF;

    SELECT a.attname, a.atttypid::regtype INTO key_column, key_type
    FROM pg_partitioned_table p JOIN pg_attribute a ON a.attrelid = p.partrelid AND a.attnum = p.partattrs[0]
    WHERE p.partrelid = parent;
    IF key_type = 'date'::regtype THEN
        low := first::text;
        high := next::text;
    ELSE
        low := to_char(first, 'YYYY-MM-DD') || ' 00:00:00+00';
        high := to_char(next, 'YYYY-MM-DD') || ' 00:00:00+00';
    END IF;

    -- PostgreSQL refuses a partition for a range the default partition holds rows of: they are taken out first.
    EXECUTE format('CREATE TEMP TABLE month_rows_waiting (LIKE %s) ON COMMIT DROP', parent);
    EXECUTE format('WITH moved AS (DELETE FROM %I.%I WHERE %I >= %L AND %I < %L RETURNING *) INSERT INTO month_rows_waiting SELECT * FROM moved',
                   schema_name, table_name || '_default', key_column, low, key_column, high);
    GET DIAGNOSTICS waiting = ROW_COUNT;
    EXECUTE format('CREATE TABLE %I.%I PARTITION OF %s FOR VALUES FROM (%L) TO (%L)',
                   schema_name, table_name || to_char(first, '_YYYY_MM'), parent, low, high);
    IF waiting > 0 THEN
        EXECUTE format('INSERT INTO %s OVERRIDING SYSTEM VALUE SELECT * FROM month_rows_waiting', parent);
    END IF;
    DROP TABLE month_rows_waiting;
    RETURN true;
END
$$;

-- The monthly partitions of a table, each with its first day.
CREATE FUNCTION recon.month_partitions(parent regclass) RETURNS TABLE (partition regclass, month date) LANGUAGE sql STABLE AS
$$
    SELECT c.oid::regclass, to_date(right(c.relname, 7), 'YYYY_MM')
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = parent AND c.relname ~ '_[0-9]{4}_[0-9]{2}$'
    ORDER BY 2
$$;

-- The views read the old tables; they come back below, over the new ones.
DROP VIEW recon.exception_worklist;
DROP VIEW recon.explained_line_outcomes;

-- Settlement lines.
ALTER TABLE acquirer.settlement_lines RENAME TO settlement_lines_unpartitioned;
ALTER TABLE acquirer.settlement_lines_unpartitioned
    DROP CONSTRAINT settlement_lines_pkey, DROP CONSTRAINT settlement_lines_source_line_id_key, DROP CONSTRAINT settlement_lines_record_type_check;
DROP INDEX acquirer.settlement_lines_date;

CREATE TABLE acquirer.settlement_lines (
    file_id                  bigint NOT NULL,
    line_number              bigint NOT NULL,
    source                   text NOT NULL,
    line_id                  text NOT NULL,
    settlement_date          date NOT NULL,
    batch_id                 text NOT NULL,
    record_type              text NOT NULL CONSTRAINT settlement_lines_record_type_check
                                 CHECK (record_type IN ('SETTLED', 'REFUNDED', 'CHARGEBACK', 'CHARGEBACK_REVERSED', 'FEE', 'PAYOUT', 'ADJUSTMENT')),
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
    rounding                 text,
    -- (file_id, line_number) names a line: a file's lines are written once, in its claim's transaction, numbered
    -- by the reader. The date is in the key only because PostgreSQL wants it there.
    CONSTRAINT settlement_lines_pkey PRIMARY KEY (file_id, line_number, settlement_date),
    -- Deferrable as in 0018: the stager copies a file's lines straight in and removes repeats before the check.
    CONSTRAINT settlement_lines_source_line_id_key UNIQUE (source, line_id, settlement_date) DEFERRABLE INITIALLY IMMEDIATE
) PARTITION BY RANGE (settlement_date);
CREATE TABLE acquirer.settlement_lines_default PARTITION OF acquirer.settlement_lines DEFAULT;
-- The report's date filter within a month.
CREATE INDEX settlement_lines_date ON acquirer.settlement_lines USING brin (settlement_date);

-- Outcomes: with their line's date, so a line and its outcome are in the same month and go together.
ALTER TABLE recon.line_outcomes RENAME TO line_outcomes_unpartitioned;
ALTER TABLE recon.line_outcomes_unpartitioned
    DROP CONSTRAINT line_outcomes_pkey, DROP CONSTRAINT line_outcomes_matched_by_check, DROP CONSTRAINT line_outcomes_outcome_check;
DROP INDEX recon.line_outcomes_one_settlement_per_leg;
DROP INDEX recon.line_outcomes_unmatched;

CREATE TABLE recon.line_outcomes (
    file_id              bigint NOT NULL,
    line_number          bigint NOT NULL,
    record_type          text NOT NULL,
    outcome              text NOT NULL CONSTRAINT line_outcomes_outcome_check
                             CHECK (outcome IN ('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch', 'unmatched', 'duplicate', 'batch')),
    matched_by           text CONSTRAINT line_outcomes_matched_by_check CHECK (matched_by IN ('payment_id', 'merchant_transaction_id', 'arn', 'fallback')),
    transaction_id       text,
    payment_id           text,
    expected_minor       bigint,
    expected_currency    char(3),
    difference_minor     bigint,
    explanation          text,
    decided_at           timestamptz NOT NULL,
    transaction_type     text,
    leg_sequence         bigint,
    settlement_date      date NOT NULL,
    CONSTRAINT line_outcomes_pkey PRIMARY KEY (file_id, line_number, settlement_date)
) PARTITION BY RANGE (settlement_date);
CREATE TABLE recon.line_outcomes_default PARTITION OF recon.line_outcomes DEFAULT;
CREATE INDEX line_outcomes_unmatched ON recon.line_outcomes (file_id, line_number) WHERE outcome = 'unmatched';

-- One settlement per leg and record type, across every month: the matcher writes a row here with each outcome that
-- settles a leg (matched, within tolerance, amount or currency mismatch), and the key refuses a second one. The
-- line is named so a duplicate can say which line settled the leg first, even after retention dropped that line.
CREATE TABLE recon.leg_settlements (
    leg_sequence     bigint NOT NULL,
    record_type      text NOT NULL,
    file_id          bigint NOT NULL,
    line_number      bigint NOT NULL,
    settlement_date  date NOT NULL,
    PRIMARY KEY (leg_sequence, record_type)
);

-- Dispute events, and what the worker did about each, by the event's date.
ALTER TABLE acquirer.dispute_events RENAME TO dispute_events_unpartitioned;
ALTER TABLE acquirer.dispute_events_unpartitioned
    DROP CONSTRAINT dispute_events_pkey, DROP CONSTRAINT dispute_events_source_dispute_id_event_event_date_key, DROP CONSTRAINT dispute_events_event_check;
DROP INDEX acquirer.dispute_events_payment_id;

CREATE TABLE acquirer.dispute_events (
    file_id                  bigint NOT NULL,
    line_number              bigint NOT NULL,
    source                   text NOT NULL,
    dispute_id               text NOT NULL,
    event                    text NOT NULL CONSTRAINT dispute_events_event_check
                                 CHECK (event IN ('RETRIEVAL_REQUEST', 'CHARGEBACK', 'CHARGEBACK_REVERSAL', 'SECOND_CHARGEBACK', 'ARBITRATION_WON', 'ARBITRATION_LOST')),
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
    rounding                 text,
    CONSTRAINT dispute_events_pkey PRIMARY KEY (file_id, line_number, event_date),
    CONSTRAINT dispute_events_source_dispute_id_event_event_date_key UNIQUE (source, dispute_id, event, event_date) DEFERRABLE INITIALLY IMMEDIATE
) PARTITION BY RANGE (event_date);
CREATE TABLE acquirer.dispute_events_default PARTITION OF acquirer.dispute_events DEFAULT;
CREATE INDEX dispute_events_payment_id ON acquirer.dispute_events (payment_id) WHERE payment_id IS NOT NULL;

ALTER TABLE recon.dispute_actions RENAME TO dispute_actions_unpartitioned;
ALTER TABLE recon.dispute_actions_unpartitioned DROP CONSTRAINT dispute_actions_pkey, DROP CONSTRAINT dispute_actions_action_check;

CREATE TABLE recon.dispute_actions (
    file_id         bigint NOT NULL,
    line_number     bigint NOT NULL,
    action          text NOT NULL CONSTRAINT dispute_actions_action_check
                        CHECK (action IN ('chargeback_requested', 'reversal_requested', 'recorded', 'unmatched', 'refused')),
    operation_id    text,
    transaction_id  text,
    explanation     text NOT NULL,
    decided_at      timestamptz NOT NULL,
    event_date      date NOT NULL,
    CONSTRAINT dispute_actions_pkey PRIMARY KEY (file_id, line_number, event_date)
) PARTITION BY RANGE (event_date);
CREATE TABLE recon.dispute_actions_default PARTITION OF recon.dispute_actions DEFAULT;

-- The audit log, by when it happened (UTC months). Kept whole today (no retention reads it); partitions let a
-- month be archived and detached later without deleting rows.
ALTER TABLE ledger.audit_log RENAME TO audit_log_unpartitioned;
ALTER TABLE ledger.audit_log_unpartitioned
    DROP CONSTRAINT audit_log_pkey, DROP CONSTRAINT audit_log_actor_kind_check, ALTER COLUMN audit_id DROP IDENTITY;
DROP INDEX ledger.audit_log_payment;

CREATE TABLE ledger.audit_log (
    audit_id        bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at     timestamptz NOT NULL,
    actor_kind      text NOT NULL CONSTRAINT audit_log_actor_kind_check CHECK (actor_kind IN ('file', 'rule', 'operator', 'gateway')),
    actor           text NOT NULL,
    action          text NOT NULL,
    payment_id      text,
    transaction_id  text,
    reason          text NOT NULL,
    details         jsonb,
    -- audit_id alone orders and names an entry (one sequence); occurred_at is in the key only because PostgreSQL wants it there.
    CONSTRAINT audit_log_pkey PRIMARY KEY (audit_id, occurred_at)
) PARTITION BY RANGE (occurred_at);
CREATE TABLE ledger.audit_log_default PARTITION OF ledger.audit_log DEFAULT;
CREATE INDEX audit_log_payment ON ledger.audit_log (payment_id, audit_id);

-- A partition for every month that holds rows, and for the months around today (the nightly job keeps making
-- them ahead, see RetentionStore).
SELECT recon.create_month_partition('acquirer.settlement_lines', m)
FROM (SELECT DISTINCT date_trunc('month', settlement_date)::date AS m FROM acquirer.settlement_lines_unpartitioned
      UNION SELECT (date_trunc('month', current_date) + k * interval '1 month')::date FROM generate_series(-1, 2) k) months;
SELECT recon.create_month_partition('recon.line_outcomes', m)
FROM (SELECT DISTINCT date_trunc('month', settlement_date)::date AS m FROM acquirer.settlement_lines_unpartitioned
      UNION SELECT (date_trunc('month', current_date) + k * interval '1 month')::date FROM generate_series(-1, 2) k) months;
SELECT recon.create_month_partition('acquirer.dispute_events', m)
FROM (SELECT DISTINCT date_trunc('month', event_date)::date AS m FROM acquirer.dispute_events_unpartitioned
      UNION SELECT (date_trunc('month', current_date) + k * interval '1 month')::date FROM generate_series(-1, 2) k) months;
SELECT recon.create_month_partition('recon.dispute_actions', m)
FROM (SELECT DISTINCT date_trunc('month', event_date)::date AS m FROM acquirer.dispute_events_unpartitioned
      UNION SELECT (date_trunc('month', current_date) + k * interval '1 month')::date FROM generate_series(-1, 2) k) months;
SELECT recon.create_month_partition('ledger.audit_log', m)
FROM (SELECT DISTINCT date_trunc('month', occurred_at AT TIME ZONE 'UTC')::date AS m FROM ledger.audit_log_unpartitioned
      UNION SELECT (date_trunc('month', current_date) + k * interval '1 month')::date FROM generate_series(-1, 2) k) months;

-- The rows, each into its month through the parent.
INSERT INTO acquirer.settlement_lines (file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id,
                                       merchant_transaction_id, arn, gross_minor, transaction_currency, settlement_currency, exchange_rate,
                                       fee_minor, net_minor, card_brand, card_last4, rounding)
SELECT file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id,
       merchant_transaction_id, arn, gross_minor, transaction_currency, settlement_currency, exchange_rate,
       fee_minor, net_minor, card_brand, card_last4, rounding
FROM acquirer.settlement_lines_unpartitioned;

-- An outcome takes its line's date. An outcome without its line (none should exist: they are written and deleted
-- together) would have no date to be filed under; it keeps the date of its decision so nothing is lost.
INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id, expected_minor,
                                 expected_currency, difference_minor, explanation, decided_at, transaction_type, leg_sequence, settlement_date)
SELECT o.file_id, o.line_number, o.record_type, o.outcome, o.matched_by, o.transaction_id, o.payment_id, o.expected_minor,
       o.expected_currency, o.difference_minor, o.explanation, o.decided_at, o.transaction_type, o.leg_sequence,
       coalesce(l.settlement_date, (o.decided_at AT TIME ZONE 'UTC')::date)
FROM recon.line_outcomes_unpartitioned o
LEFT JOIN acquirer.settlement_lines_unpartitioned l USING (file_id, line_number);

INSERT INTO recon.leg_settlements (leg_sequence, record_type, file_id, line_number, settlement_date)
SELECT leg_sequence, record_type, file_id, line_number, settlement_date
FROM recon.line_outcomes
WHERE leg_sequence IS NOT NULL AND outcome IN ('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch');

INSERT INTO acquirer.dispute_events (file_id, line_number, source, dispute_id, event, event_date, payment_id, merchant_transaction_id, arn,
                                     amount_minor, currency, scheme, reason_code, reason_text, reply_by, rounding)
SELECT file_id, line_number, source, dispute_id, event, event_date, payment_id, merchant_transaction_id, arn,
       amount_minor, currency, scheme, reason_code, reason_text, reply_by, rounding
FROM acquirer.dispute_events_unpartitioned;

INSERT INTO recon.dispute_actions (file_id, line_number, action, operation_id, transaction_id, explanation, decided_at, event_date)
SELECT a.file_id, a.line_number, a.action, a.operation_id, a.transaction_id, a.explanation, a.decided_at,
       coalesce(e.event_date, (a.decided_at AT TIME ZONE 'UTC')::date)
FROM recon.dispute_actions_unpartitioned a
LEFT JOIN acquirer.dispute_events_unpartitioned e USING (file_id, line_number);

INSERT INTO ledger.audit_log (audit_id, occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
OVERRIDING SYSTEM VALUE
SELECT audit_id, occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details
FROM ledger.audit_log_unpartitioned;
SELECT setval(pg_get_serial_sequence('ledger.audit_log', 'audit_id'), max(audit_id)) FROM ledger.audit_log HAVING max(audit_id) IS NOT NULL;

DROP TABLE acquirer.settlement_lines_unpartitioned, recon.line_outcomes_unpartitioned, acquirer.dispute_events_unpartitioned,
           recon.dispute_actions_unpartitioned, ledger.audit_log_unpartitioned;

-- The views of 0022 and 0040, unchanged.
CREATE VIEW recon.explained_line_outcomes AS
SELECT o.file_id, o.line_number, o.record_type, o.outcome, o.matched_by, o.transaction_id, o.leg_sequence, o.payment_id, o.transaction_type,
       o.expected_minor, o.expected_currency, o.difference_minor, o.decided_at,
       coalesce(o.explanation, CASE o.outcome
           WHEN 'currency_mismatch' THEN format('%s by %s: line in %s, but %s %s is %s', o.outcome, o.matched_by, l.transaction_currency,
                                                o.transaction_type, o.transaction_id, recon.amount_text(o.expected_minor, o.expected_currency))
           WHEN 'matched' THEN format('matched by %s to %s %s: %s', o.matched_by, o.transaction_type, o.transaction_id,
                                      recon.amount_text(o.expected_minor, o.expected_currency))
           ELSE format('%s by %s: line %s, %s %s is %s (difference %s)', o.outcome, o.matched_by, recon.amount_text(l.gross_minor, l.transaction_currency),
                       o.transaction_type, o.transaction_id, recon.amount_text(o.expected_minor, o.expected_currency),
                       recon.amount_text(o.difference_minor, o.expected_currency))
       END) AS explanation
FROM recon.line_outcomes o
JOIN acquirer.settlement_lines l USING (file_id, line_number);

CREATE VIEW recon.exception_worklist AS
SELECT e.exception_id, e.kind, e.subject, e.summary, e.status, e.raised_at, e.resolved_at, e.resolved_by, e.note, e.assignee,
       e.file_id, e.line_number, e.transaction_id, f.original_name AS file_name,
       coalesce(l.transaction_currency, d.currency, fa.currency, t.currency, o.currency) AS currency,
       coalesce(l.gross_minor, d.amount_minor, fa.final_minor, t.amount_minor, o.amount_minor) AS amount_minor,
       -- The payment only when the ledger knows it: a line's payment id may name none (that is why it is a case).
       coalesce(t.payment_id, (SELECT k.payment_id FROM ledger.transactions k WHERE k.transaction_id = coalesce(lo.payment_id, l.payment_id, d.payment_id, fa.payment_id, o.referenced_id))) AS payment_id,
       (SELECT count(*) FROM recon.exception_activity a WHERE a.exception_id = e.exception_id AND a.action = 'commented') AS comments
FROM recon.exceptions e
LEFT JOIN intake.files f ON f.file_id = e.file_id
LEFT JOIN acquirer.settlement_lines l ON l.file_id = e.file_id AND l.line_number = e.line_number
LEFT JOIN recon.line_outcomes lo ON lo.file_id = e.file_id AND lo.line_number = e.line_number
LEFT JOIN acquirer.dispute_events d ON d.file_id = e.file_id AND d.line_number = e.line_number
LEFT JOIN acquirer.final_amounts fa ON fa.file_id = e.file_id AND fa.line_number = e.line_number
LEFT JOIN ledger.transactions t ON t.transaction_id = e.transaction_id
LEFT JOIN operations.operations o ON e.subject LIKE 'operation %' AND o.operation_id = substr(e.subject, 11);

ANALYZE acquirer.settlement_lines, recon.line_outcomes, recon.leg_settlements, acquirer.dispute_events, recon.dispute_actions, ledger.audit_log;
