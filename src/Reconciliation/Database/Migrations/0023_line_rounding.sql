-- A format profile may round an amount written with more decimals than its currency (a USD column with 4-6
-- decimals), but never silently: what was written, what was kept and the rule are stored with the line.
ALTER TABLE acquirer.settlement_lines ADD COLUMN rounding text;
ALTER TABLE acquirer.dispute_events ADD COLUMN rounding text;
ALTER TABLE acquirer.transaction_lines ADD COLUMN rounding text;
