-- The keys that protect the console's antiforgery tokens (and anything else ASP.NET Core's data protection
-- signs), kept in the database every worker instance shares: a form one instance rendered is accepted by another,
-- and by the same instance after a restart. Rows are added when a key is made and never changed; the key ring
-- itself says which keys have expired.
CREATE TABLE recon.console_keys (
    name        text PRIMARY KEY,
    xml         text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
