-- One row per article parsed from a distinct raw file.
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY,        -- derived from the raw bytes' hash: stable across runs
    sha256 VARCHAR NOT NULL,           -- raw_files.sha256
    path VARCHAR NOT NULL,             -- relative to the source folder
    format VARCHAR NOT NULL,           -- 'html', 'text', 'markdown'
    url VARCHAR,                       -- canonical URL of the article when the input names one
    site VARCHAR,                      -- host of the URL without 'www.', or the site name
    title VARCHAR,
    author VARCHAR,
    published_date DATE,               -- first day of the period date_precision says
    date_precision VARCHAR NOT NULL,   -- 'day', 'month', 'year' or 'unknown'
    date_inferred BOOLEAN NOT NULL,    -- year or date filled from context, not stated with the article
    date_source VARCHAR,               -- publication evidence: 'metadata', 'date_line', 'byline', 'dateline', 'crawl'; 'event' (the day of the report's event); 'text' only on rows loaded before dates came from evidence alone
    language VARCHAR,                  -- ISO 639-1 code from langdetect (seeded)
    language_confidence DOUBLE,
    body VARCHAR NOT NULL,             -- clean, repaired text; paragraphs separated by one blank line
    raw_body VARCHAR NOT NULL,         -- the same before machine-translation repair
    word_count INTEGER NOT NULL,
    machine_translated BOOLEAN NOT NULL,
    mt_score DOUBLE NOT NULL,          -- 0..1 machine-translation evidence
    content_hash VARCHAR NOT NULL,     -- hash of the normalised body: equal hashes are exact duplicates
    run_id VARCHAR NOT NULL
);
