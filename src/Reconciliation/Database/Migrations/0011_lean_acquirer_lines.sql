-- Millions of acquirer lines arrive a night; every index and foreign key is paid for on each of them.
-- Matching never looks lines up by a key (it joins the undecided lines to the ledger in bulk), so the
-- secondary btree indexes go; the report's date filter gets a BRIN index, which costs almost nothing to
-- keep. The foreign keys to intake.files are checked row by row by triggers: lines are only ever written
-- in the transaction of the file's own claim (see FileIngestion), which already guarantees them.

DROP INDEX acquirer.settlement_lines_payment_id;
DROP INDEX acquirer.settlement_lines_merchant_transaction_id;
DROP INDEX acquirer.settlement_lines_arn;
DROP INDEX acquirer.settlement_lines_date;
CREATE INDEX settlement_lines_date ON acquirer.settlement_lines USING brin (settlement_date);

ALTER TABLE acquirer.settlement_lines DROP CONSTRAINT settlement_lines_file_id_fkey;
ALTER TABLE acquirer.dispute_events DROP CONSTRAINT dispute_events_file_id_fkey;
ALTER TABLE acquirer.final_amounts DROP CONSTRAINT final_amounts_file_id_fkey;
ALTER TABLE acquirer.transaction_lines DROP CONSTRAINT transaction_lines_file_id_fkey;
