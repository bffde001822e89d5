-- DuckLake only: which version of the schema files the lake holds, so a command applies them
-- (one lake snapshot) only when they changed, not on every open.
CREATE TABLE IF NOT EXISTS schema_state (
    fingerprint VARCHAR NOT NULL,      -- hash of the DDL applied (backends.lake_schema)
    applied_at TIMESTAMP NOT NULL
);
