-- A format profile may round an amount written with more decimals than its currency (a USD column with 4-6
-- decimals), but never silently: what was written, what was kept and the rule are stored with the line.
ALTER TABLE acquirer.settlement_lines ADD COLUMN rounding text;
ALTER TABLE acquirer.dispute_events ADD COLUMN rounding text;
ALTER TABLE acquirer.transaction_lines ADD COLUMN rounding text;

-- A format profile may make several lines of one row (a sale and its fee): the further lines of a row are stored under
-- the row's physical line plus a multiple of 2^40 (CanonicalLine.StoredNumber), so (file_id, line_number) stays a key.
-- People read such a number as "line.part": 12 for a row's first line, 12.2 for its second.
CREATE FUNCTION acquirer.line_label(line_number bigint) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN CASE WHEN line_number < 1099511627776 THEN line_number::text
                ELSE (line_number % 1099511627776)::text || '.' || (line_number / 1099511627776 + 1)::text END;
