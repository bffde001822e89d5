-- Real-world events, each reported by one or more documents.
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY,      -- stable: derived from its first report
    event_date DATE,                   -- resolved from its reports
    date_precision VARCHAR NOT NULL,
    title VARCHAR,
    n_documents INTEGER NOT NULL,
    run_id VARCHAR NOT NULL            -- run that last changed it
);
