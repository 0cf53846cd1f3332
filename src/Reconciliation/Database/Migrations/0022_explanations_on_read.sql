-- A matched line's explanation follows from what is stored: its key, its leg and the two amounts. Formatting and
-- storing that text for every line cost about 4 s per million lines, a third of each outcome row, for text few
-- people read. It is now derived on read (recon.explained_line_outcomes); only explanations that need context not
-- stored elsewhere are written: a failed net check, a duplicate, an unmatched line, a batch line. Rows written
-- before keep their text, which the view prefers.
ALTER TABLE recon.line_outcomes
    ADD COLUMN transaction_type text,
    ALTER COLUMN explanation DROP NOT NULL;

-- One settlement per leg, keyed by the leg's 8-byte sequence instead of its text id: the unique index is checked
-- on every outcome a run writes, and with the text id it cost 2.6 s of the 4.8 s it took to write a million
-- outcomes. The lookups of a leg's settlement (duplicates, missing settlements, the report) use it too.
ALTER TABLE recon.line_outcomes ADD COLUMN leg_sequence bigint;
UPDATE recon.line_outcomes o SET leg_sequence = t.sequence FROM ledger.transactions t WHERE t.transaction_id = o.transaction_id;
DROP INDEX recon.line_outcomes_one_settlement_per_leg;
CREATE UNIQUE INDEX line_outcomes_one_settlement_per_leg ON recon.line_outcomes (leg_sequence, record_type)
    WHERE outcome IN ('matched', 'matched_within_tolerance', 'amount_mismatch', 'currency_mismatch');

-- Minor units per major unit of ISO 4217 currencies whose exponent is not 2. A test checks it against the
-- worker's own table (Monetary/Iso4217Table.cs), which stays the source.
CREATE FUNCTION recon.currency_exponent(currency char(3)) RETURNS int LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT CASE
       WHEN currency IN ('BIF', 'CLP', 'DJF', 'GNF', 'ISK', 'JPY', 'KMF', 'KRW', 'PYG', 'RWF', 'UGX', 'UYI', 'VND', 'VUV', 'XAF', 'XOF', 'XPF') THEN 0
       WHEN currency IN ('BHD', 'IQD', 'JOD', 'KWD', 'LYD', 'OMR', 'TND') THEN 3
       WHEN currency IN ('CLF', 'UYW') THEN 4
       ELSE 2 END $$;

-- "12.34 EUR". One expression, so PostgreSQL inlines it where a statement calls it a million times.
CREATE FUNCTION recon.amount_text(minor bigint, currency char(3)) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$ SELECT round(minor::numeric / power(10::numeric, recon.currency_exponent(currency)), recon.currency_exponent(currency))::text || ' ' || currency $$;

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

-- The matcher keeps a line off a leg whose payment failed; failed payments are few, so it looks them up here
-- instead of reading every payment's row for its "succeeded" flag.
CREATE INDEX payments_failed ON ledger.payments (payment_id) WHERE NOT succeeded;
