-- Every path ever seen under a source folder, with the content it had; lets a run skip
-- re-hashing files whose size and modification time did not change.
CREATE TABLE IF NOT EXISTS source_files (
    path VARCHAR PRIMARY KEY,          -- relative to the source folder
    sha256 VARCHAR,                    -- content it held when last seen (NULL: unreadable)
    size BIGINT NOT NULL,
    mtime_ns BIGINT NOT NULL,
    run_id VARCHAR NOT NULL            -- run that last recorded it
);
