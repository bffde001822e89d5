-- One row per distinct page read from a web archive (raw_files.sha256 of a 'warc-record'):
-- which record it came from, so it can be re-processed without the archive.
CREATE TABLE IF NOT EXISTS warc_records (
    sha256 VARCHAR PRIMARY KEY,        -- raw_files.sha256: hash of the page bytes (HTTP payload)
    path VARCHAR NOT NULL,             -- '<archive path>#<record offset>', as in raw_files and documents
    archive VARCHAR NOT NULL,          -- the archive's path relative to the source folder
    record_offset BIGINT NOT NULL,     -- byte offset of the record (its gzip member) in the archive
    record_id VARCHAR,                 -- WARC-Record-ID
    target_uri VARCHAR,                -- WARC-Target-URI: the page's URL
    warc_date TIMESTAMP,               -- WARC-Date (UTC): when the page was fetched
    http_charset VARCHAR,              -- charset of the HTTP Content-Type header
    run_id VARCHAR NOT NULL
);
