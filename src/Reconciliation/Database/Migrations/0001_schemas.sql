-- Schemas owned by Settlement. Each capability keeps its tables in its own schema.
CREATE SCHEMA IF NOT EXISTS ledger;
