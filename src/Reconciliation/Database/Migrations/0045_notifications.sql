-- The notifications' outbox: one row per thing worth telling the merchant's systems (a large new exception, a
-- dispute deadline drawing near, a chargeback ratio at its warning level), written when it is decided. (kind,
-- subject) is the notification's identity, so deciding it again on the next run changes nothing; the row then
-- waits for its delivery job, which records each attempt, and is delivered once.
CREATE SCHEMA IF NOT EXISTS notifications;

CREATE TABLE notifications.outbox (
    notification_id  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind             text NOT NULL CHECK (kind IN ('exception_raised', 'dispute_deadline_near', 'chargeback_ratio')),
    subject          text NOT NULL,
    summary          text NOT NULL,
    -- The kind's own fields, as JSON text: kept byte for byte, so every attempt sends the same body.
    data             text NOT NULL,
    decided_at       timestamptz NOT NULL,
    job_id           text,
    attempts         integer NOT NULL DEFAULT 0,
    last_attempt_at  timestamptz,
    last_error       text,
    delivered_at     timestamptz,
    UNIQUE (kind, subject)
);

CREATE INDEX outbox_undelivered ON notifications.outbox (notification_id) WHERE delivered_at IS NULL;
