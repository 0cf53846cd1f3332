-- Casework on exceptions for the operator console: who a case is assigned to, and its thread — every assignment,
-- comment and resolution with who made it and when. The thread is the cases' audit; retention's removal of a
-- resolved case takes its thread with it.
ALTER TABLE recon.exceptions ADD COLUMN assignee text;

CREATE TABLE recon.exception_activity (
    activity_id   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    exception_id  bigint NOT NULL REFERENCES recon.exceptions (exception_id) ON DELETE CASCADE,
    occurred_at   timestamptz NOT NULL,
    actor         text NOT NULL,
    action        text NOT NULL CHECK (action IN ('assigned', 'unassigned', 'commented', 'resolved')),
    body          text NOT NULL
);

CREATE INDEX exception_activity_case ON recon.exception_activity (exception_id, activity_id);

-- A case with what the worklist filters it by: the amount and currency of what it is about (the settlement line,
-- the dispute event or final amount of its file line, else its ledger leg, else its operation), the payment, the
-- file. A view, so the facts stay where their capability keeps them.
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

CREATE INDEX exceptions_assignee ON recon.exceptions (assignee) WHERE status = 'open';
