-- Exception kinds become rows of their own table, and recon.exceptions.kind a foreign key to it. Until now each
-- capability that brought kinds rewrote exceptions_kind_check by reading the constraint's definition back from the
-- catalogue (0015, 0016, 0024, 0025): every one of them had to parse the others' spelling of the list. A new kind
-- is now one INSERT in the migration of the capability that raises it. The list is ExceptionKind's in the code; a
-- test checks the two agree.

CREATE TABLE recon.exception_kinds (
    kind       text PRIMARY KEY,
    raised_by  text NOT NULL
);

INSERT INTO recon.exception_kinds (kind, raised_by) VALUES
    ('unmatched_line', 'matching'),
    ('amount_mismatch', 'matching'),
    ('currency_mismatch', 'matching'),
    ('duplicate_line', 'matching'),
    ('missing_settlement', 'matching'),
    ('unmatched_dispute', 'disputes'),
    ('chargeback_on_refunded', 'disputes'),
    ('dispute_refused', 'disputes'),
    ('preauth_expired', 'capture-before-expiry'),
    ('unmatched_final_amount', 'estimated-authorizations'),
    ('final_amount_refused', 'estimated-authorizations'),
    ('rebill_awaiting_approval', 'estimated-authorizations'),
    ('operation_failed', 'operations'),
    ('operation_blocked', 'operations'),
    ('operation_needs_review', 'operations'),
    ('source_unreachable', 'remote-sources'),
    ('source_key_refused', 'remote-sources'),
    ('source_host_key_mismatch', 'remote-sources');

-- The CHECK allowed exactly these, so every stored case has its kind; the key replaces it.
ALTER TABLE recon.exceptions DROP CONSTRAINT exceptions_kind_check;
ALTER TABLE recon.exceptions ADD CONSTRAINT exceptions_kind_fkey FOREIGN KEY (kind) REFERENCES recon.exception_kinds (kind);
