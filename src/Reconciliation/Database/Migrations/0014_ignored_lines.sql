-- Rows a format profile skips on purpose (e.g. authorization reversals in a settlement report) are counted on
-- the file's record, so a file's lines always add up: taken + rejected + ignored.
ALTER TABLE intake.files ADD COLUMN lines_ignored bigint;
