-- One row per distinct file content: the identity of an input is the hash of its bytes.
CREATE TABLE IF NOT EXISTS raw_files (
    sha256 VARCHAR PRIMARY KEY,        -- hex SHA-256 of the raw bytes
    path VARCHAR NOT NULL,             -- first path (relative to the source folder) seen with these bytes
    size BIGINT NOT NULL,              -- bytes
    format VARCHAR NOT NULL,           -- 'html', 'text', 'markdown'
    raw_text VARCHAR,                  -- the decoded text, kept so every derived table can be rebuilt
    run_id VARCHAR NOT NULL            -- run that first saw it
);
