-- Gateway webhook notifications as received (decrypted), kept until they can be applied to the ledger:
-- the gateway does not guarantee order, so a capture may arrive before its pre-authorization.
-- Deduplicated on (transaction id, result code), as docs/gateway-api.md says.
CREATE SCHEMA IF NOT EXISTS webhooks;

CREATE TABLE webhooks.notifications (
    notification_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    transaction_id     text NOT NULL,
    result_code        text NOT NULL,
    payment_type       text NOT NULL,
    referenced_id      text,
    payload            jsonb NOT NULL,
    -- The payload's own timestamp: pending notifications are applied in this order.
    gateway_timestamp  timestamptz,
    received_at        timestamptz NOT NULL,
    applied_at         timestamptz,
    -- recorded, already-recorded, not-successful, rejected: <rule>
    outcome            text,
    UNIQUE (transaction_id, result_code)
);

CREATE INDEX notifications_pending ON webhooks.notifications (gateway_timestamp, notification_id) WHERE applied_at IS NULL;
