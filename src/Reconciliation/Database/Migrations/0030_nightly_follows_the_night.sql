-- Every nightly step follows the night (issue 16). Missing-settlement aging read every leg of the last 400 days
-- on every run, and the matcher's ARN key and fallback read all of ledger.payments and ledger.transactions: a
-- run's cost grew with the history. Each of those now reads what the night can touch, through these indexes.

-- How far a nightly step has checked, so the next run starts there. Missing-settlement aging keeps two marks:
-- legs processed at or before processed_through were checked (it never moves back, whatever the clock), and
-- legs whose sequence is at most sequence_through were visible to a run that checked them. The sequence mark is
-- independent of clocks; it moves to pending_sequence (the highest sequence a run saw) only once every
-- transaction that was in flight when it was seen has finished (pending_xmax at most the oldest running one),
-- so a leg committed late by a long transaction is still found (see MissingSettlementAging).
CREATE TABLE recon.nightly_watermarks (
    name               text PRIMARY KEY,
    processed_through  timestamptz NOT NULL,
    sequence_through   bigint NOT NULL,
    pending_sequence   bigint NOT NULL,
    pending_xmax       xid8 NOT NULL,
    updated_at         timestamptz NOT NULL
);

-- Aging's window of legs that crossed the lag, and the fallback's window of days around a line's date.
CREATE INDEX transactions_processed_at ON ledger.transactions (processed_at);
-- Aging's late arrivals: legs written since the last run, whatever their processed_at. Appended in order.
CREATE INDEX transactions_sequence ON ledger.transactions (sequence);
-- The matcher's third key: a line's ARN, probed per line instead of hashing every payment.
CREATE INDEX payments_arn ON ledger.payments (arn) WHERE arn IS NOT NULL;

-- Retention finds what it may delete by age instead of reading every row of each kind.
CREATE INDEX exceptions_resolved ON recon.exceptions (resolved_at) WHERE status = 'resolved';
CREATE INDEX operations_finished ON operations.operations (updated_at) WHERE status IN ('succeeded', 'failed');
CREATE INDEX job_runs_finished ON schedules.job_runs (finished_at);

-- The matcher's fallback key (amount within tolerance, currency, card, a few days before the line's date),
-- probed per line by currency, amount and date; only the leg types a settlement line settles.
CREATE INDEX transactions_fallback ON ledger.transactions (currency, amount_minor, processed_at)
    WHERE transaction_type IN ('DB', 'CP', 'RB', 'RF', 'CB', 'CR');

-- Retention keeps a line an open exception names: looked up per line, not by reading every open case.
CREATE INDEX exceptions_open_lines ON recon.exceptions (file_id, line_number) WHERE status = 'open';
