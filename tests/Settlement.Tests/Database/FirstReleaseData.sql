-- A few thousand rows of every kind the first release stored, written against its schema (migrations up to
-- 0017_schedules.sql), so SchemaUpgradeTests can upgrade them to the current schema and compare.
-- 2,000 payments: even ones pre-authorized and captured, odd ones debits; one settlement file whose lines settle
-- 1,950 of the legs, 40 lines matched nothing, 10 are batch lines.

INSERT INTO ledger.payments (payment_id, payment_type, currency, amount_minor, result_code, succeeded, merchant_transaction_id,
                             processed_at, authorization_kind, card_brand, card_bin, card_last4, arn, expires_at, recorded_at,
                             updated_at, authorized_minor, captured_minor, open_minor, initiated_by)
SELECT format('pay%s', lpad(i::text, 29, '0')),
       CASE WHEN i % 2 = 0 THEN 'PA' ELSE 'DB' END,
       CASE WHEN i % 7 = 0 THEN 'USD' ELSE 'EUR' END,
       1000 + i,
       '000.000.000', i % 97 <> 0,
       format('order-%s', i),
       timestamptz '2026-10-01 08:00+00' + i * interval '1 minute',
       CASE WHEN i % 2 = 0 THEN 'pre' ELSE 'final' END,
       CASE WHEN i % 3 = 0 THEN 'MASTER' ELSE 'VISA' END,
       '411111', lpad((i % 10000)::text, 4, '0'),
       format('7400%s', lpad(i::text, 19, '0')),
       CASE WHEN i % 2 = 0 THEN timestamptz '2026-10-08 08:00+00' + i * interval '1 minute' END,
       timestamptz '2026-10-01 09:00+00', timestamptz '2026-10-01 09:00+00',
       1000 + i,
       CASE WHEN i % 2 = 0 THEN 1000 + i ELSE 0 END,
       0,
       'customer'
FROM generate_series(1, 2000) AS i;

-- The payment's own leg, then a capture for each pre-authorization.
INSERT INTO ledger.transactions (transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor, result_code,
                                 merchant_transaction_id, processed_at, recorded_at)
SELECT payment_id, payment_id, payment_type, NULL, currency, amount_minor, result_code, merchant_transaction_id, processed_at, recorded_at
FROM ledger.payments
ORDER BY payment_id;

INSERT INTO ledger.transactions (transaction_id, payment_id, transaction_type, referenced_id, currency, amount_minor, result_code,
                                 merchant_transaction_id, processed_at, recorded_at)
SELECT 'cp' || substr(payment_id, 3), payment_id, 'CP', payment_id, currency, amount_minor, '000.000.000', merchant_transaction_id,
       processed_at + interval '1 hour', recorded_at
FROM ledger.payments
WHERE payment_type = 'PA'
ORDER BY payment_id;

INSERT INTO ledger.payment_holds (payment_id, note, held_by, held_at)
SELECT payment_id, 'customer disputes the amount', 'ops.alice', timestamptz '2026-10-02 10:00+00'
FROM ledger.payments
WHERE payment_type = 'PA'
ORDER BY payment_id
LIMIT 5;

INSERT INTO ledger.audit_log (occurred_at, actor_kind, actor, action, payment_id, transaction_id, reason, details)
SELECT t.recorded_at, 'gateway', 'gateway', 'leg_recorded', t.payment_id, t.transaction_id, 'recorded from the gateway',
       jsonb_build_object('amount_minor', t.amount_minor, 'currency', t.currency)
FROM ledger.transactions t
ORDER BY t.sequence;

INSERT INTO intake.files (sha256, original_name, size_bytes, status, kind, claimed_by, claimed_at, lease_expires_at, finished_at,
                          lines_total, lines_ok, lines_rejected, lines_duplicate, reason, lines_ignored)
VALUES (sha256('settlement 2026-10-03'), 'settlement-2026-10-03.csv', 240000, 'processed', 'settlement', 'worker-a',
        timestamptz '2026-10-03 02:00+00', NULL, timestamptz '2026-10-03 02:01+00', 2001, 2000, 1, 0, NULL, 0),
       (sha256('settlement 2026-10-03'), 'settlement-2026-10-03 (copy).csv', 240000, 'duplicate', 'settlement', 'worker-b',
        timestamptz '2026-10-03 02:05+00', NULL, timestamptz '2026-10-03 02:05+00', NULL, NULL, NULL, NULL, 'same content as file 1', NULL),
       (sha256('broken'), 'broken.csv', 12, 'quarantined', NULL, 'worker-a',
        timestamptz '2026-10-03 02:06+00', NULL, timestamptz '2026-10-03 02:06+00', NULL, NULL, NULL, NULL, 'no profile recognises the header', NULL),
       (sha256('disputes 2026-10-04'), 'disputes-2026-10-04.csv', 4000, 'processed', 'chargeback', 'worker-a',
        timestamptz '2026-10-04 02:00+00', NULL, timestamptz '2026-10-04 02:00+00', 20, 20, 0, 0, NULL, 0);
UPDATE intake.files SET duplicate_of = (SELECT file_id FROM intake.files WHERE status = 'processed' AND kind = 'settlement') WHERE status = 'duplicate';

-- Lines 1..1950 settle a leg (captures for pre-authorizations, the debit itself otherwise), 1951..1990 match
-- nothing, 1991..2000 are batch lines.
INSERT INTO acquirer.settlement_lines (file_id, line_number, source, line_id, settlement_date, batch_id, record_type, payment_id,
                                       merchant_transaction_id, arn, gross_minor, transaction_currency, settlement_currency,
                                       exchange_rate, fee_minor, net_minor, card_brand, card_last4)
SELECT f.file_id, n, 'acquirer-a', format('L%s', n), date '2026-10-03', 'B1',
       CASE WHEN n > 1990 THEN 'PAYOUT' ELSE 'SETTLED' END,
       CASE WHEN n <= 1950 THEN format('pay%s', lpad(n::text, 29, '0')) END,
       CASE WHEN n BETWEEN 1951 AND 1990 THEN format('unknown-%s', n) END,
       NULL,
       1000 + n, CASE WHEN n % 7 = 0 THEN 'USD' ELSE 'EUR' END, 'EUR', NULL, 12, 988 + n, 'VISA', '1111'
FROM intake.files f, generate_series(1, 2000) AS n
WHERE f.status = 'processed' AND f.kind = 'settlement';

INSERT INTO recon.line_outcomes (file_id, line_number, record_type, outcome, matched_by, transaction_id, payment_id, expected_minor,
                                 expected_currency, difference_minor, explanation, decided_at)
SELECT l.file_id, l.line_number, l.record_type,
       CASE WHEN l.record_type = 'PAYOUT' THEN 'batch'
            WHEN l.payment_id IS NULL THEN 'unmatched'
            WHEN l.line_number % 50 = 0 THEN 'amount_mismatch'
            ELSE 'matched' END,
       CASE WHEN l.payment_id IS NOT NULL THEN 'payment_id' END,
       t.transaction_id, l.payment_id, t.amount_minor, t.currency,
       CASE WHEN t.transaction_id IS NOT NULL THEN 0 END,
       format('first-release explanation of line %s', l.line_number),
       timestamptz '2026-10-03 02:10+00'
FROM acquirer.settlement_lines l
LEFT JOIN ledger.transactions t
       ON t.payment_id = l.payment_id AND t.transaction_type = CASE WHEN right(l.payment_id, 1)::int % 2 = 0 THEN 'CP' ELSE 'DB' END;

INSERT INTO acquirer.dispute_events (file_id, line_number, source, dispute_id, event, event_date, payment_id, merchant_transaction_id,
                                     arn, amount_minor, currency, scheme, reason_code, reason_text, reply_by)
SELECT f.file_id, n, 'acquirer-a', format('D%s', n), CASE WHEN n % 5 = 0 THEN 'CHARGEBACK_REVERSAL' ELSE 'CHARGEBACK' END,
       date '2026-10-04', format('pay%s', lpad((n * 3)::text, 29, '0')), NULL, NULL, 500, 'EUR', 'VISA', '10.4',
       'Other fraud: card-absent environment', date '2026-10-25'
FROM intake.files f, generate_series(1, 20) AS n
WHERE f.kind = 'chargeback';

INSERT INTO operations.operations (operation_id, kind, referenced_id, currency, amount_minor, reason_code, status, attempts, answers_seen,
                                   last_result_code, last_result_description, gateway_transaction_id, requested_by_kind, requested_by,
                                   request_reason, created_at, updated_at)
SELECT md5('operation ' || n), 'CB', format('pay%s', lpad((n * 3)::text, 29, '0')), 'EUR', 500, '10.4',
       CASE WHEN n % 4 = 0 THEN 'failed' ELSE 'succeeded' END, 1, 1,
       CASE WHEN n % 4 = 0 THEN '800.100.151' ELSE '000.000.000' END, NULL,
       CASE WHEN n % 4 = 0 THEN NULL ELSE format('gw-%s', n) END,
       'file', 'disputes-2026-10-04.csv', 'chargeback D' || n,
       timestamptz '2026-10-04 02:01+00', timestamptz '2026-10-04 02:02+00'
FROM generate_series(1, 20) AS n
WHERE n % 5 <> 0;

INSERT INTO recon.dispute_actions (file_id, line_number, action, operation_id, transaction_id, explanation, decided_at)
SELECT d.file_id, d.line_number, CASE WHEN d.event = 'CHARGEBACK' THEN 'chargeback_requested' ELSE 'unmatched' END,
       CASE WHEN d.event = 'CHARGEBACK' THEN md5('operation ' || d.line_number) END, NULL,
       format('dispute %s: %s', d.dispute_id, d.event), timestamptz '2026-10-04 02:01+00'
FROM acquirer.dispute_events d;

-- One open or resolved case of every kind the first release raised.
INSERT INTO recon.exceptions (kind, subject, file_id, line_number, transaction_id, summary, status, raised_at, resolved_at, resolved_by, note)
SELECT 'unmatched_line', format('line %s:%s', l.file_id, l.line_number), l.file_id, l.line_number, NULL,
       'settlement line matches no payment', CASE WHEN l.line_number % 2 = 0 THEN 'resolved' ELSE 'open' END,
       timestamptz '2026-10-03 02:10+00',
       CASE WHEN l.line_number % 2 = 0 THEN timestamptz '2026-10-05 09:00+00' END,
       CASE WHEN l.line_number % 2 = 0 THEN 'ops.bob' END,
       CASE WHEN l.line_number % 2 = 0 THEN 'a test file line' END
FROM acquirer.settlement_lines l
WHERE l.payment_id IS NULL AND l.record_type <> 'PAYOUT';

INSERT INTO recon.exceptions (kind, subject, summary, raised_at)
SELECT kind, 'first release ' || kind, 'a case of kind ' || kind, timestamptz '2026-10-03 02:10+00'
FROM unnest(ARRAY['amount_mismatch', 'chargeback_on_refunded', 'currency_mismatch', 'dispute_refused', 'duplicate_line',
                  'missing_settlement', 'preauth_expired', 'unmatched_dispute', 'unmatched_final_amount', 'final_amount_refused',
                  'rebill_awaiting_approval']) AS kind;

INSERT INTO recon.capture_sweeps (started_at, finished_at, summary)
VALUES (timestamptz '2026-10-06 01:00+00', timestamptz '2026-10-06 01:01+00', '50 captured');

INSERT INTO recon.capture_decisions (sweep_id, payment_id, action, amount_minor, currency, expires_at, due_at, reason, operation_id, decided_at)
SELECT s.sweep_id, p.payment_id, 'held', p.amount_minor, p.currency, p.expires_at, p.expires_at - interval '1 day', 'held by an operator',
       NULL, timestamptz '2026-10-06 01:00+00'
FROM recon.capture_sweeps s, ledger.payments p
WHERE p.payment_type = 'PA'
ORDER BY p.payment_id
LIMIT 50;

INSERT INTO acquirer.final_amounts (file_id, line_number, source, payment_id, merchant_transaction_id, final_minor, currency, reference, dedupe_key)
SELECT f.file_id, 3000 + n, 'acquirer-a', format('pay%s', lpad((n * 2)::text, 29, '0')), NULL, 900, 'EUR', 'final ' || n, 'final-' || n
FROM intake.files f, generate_series(1, 10) AS n
WHERE f.kind = 'chargeback';

INSERT INTO recon.final_amount_actions (file_id, line_number, action, payment_id, operation_ids, explanation, decided_at)
SELECT a.file_id, a.line_number, 'closed', a.payment_id, ARRAY[md5('final ' || a.line_number)], 'closed at the final amount',
       timestamptz '2026-10-04 02:03+00'
FROM acquirer.final_amounts a;

INSERT INTO webhooks.notifications (transaction_id, result_code, payment_type, referenced_id, payload, gateway_timestamp, received_at, applied_at, outcome)
SELECT transaction_id, result_code, transaction_type, referenced_id, jsonb_build_object('id', transaction_id), processed_at, recorded_at,
       recorded_at, 'applied'
FROM ledger.transactions
ORDER BY sequence
LIMIT 100;

INSERT INTO schedules.job_runs (job, scheduled_for, instance, started_at, finished_at, outcome, summary)
SELECT 'reconciliation', timestamptz '2026-10-01 02:00+00' + d * interval '1 day', 'worker-a',
       timestamptz '2026-10-01 02:00+00' + d * interval '1 day', timestamptz '2026-10-01 02:01+00' + d * interval '1 day',
       'succeeded', 'matched'
FROM generate_series(0, 9) AS d;
