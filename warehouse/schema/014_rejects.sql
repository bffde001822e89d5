-- Inputs that produced no document, with the reason; nothing is dropped silently.
CREATE TABLE IF NOT EXISTS rejects (
    path VARCHAR NOT NULL,             -- relative to the source folder
    sha256 VARCHAR,                    -- NULL when the file could not be read at all
    code VARCHAR NOT NULL,             -- '<stage>_<why>', e.g. 'decode_binary'
    reason VARCHAR NOT NULL,           -- human-readable detail
    run_id VARCHAR NOT NULL
);
