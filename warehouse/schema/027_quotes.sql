-- Direct quotations, one row per distinct quote (normalised text), with its usual speaker.
CREATE TABLE IF NOT EXISTS quotes (
    quote_id VARCHAR PRIMARY KEY,      -- hash of the normalised quote text
    text VARCHAR NOT NULL,             -- as first printed
    speaker VARCHAR,                   -- the speaker most occurrences name (NULL: none says)
    n_documents INTEGER NOT NULL,
    run_id VARCHAR NOT NULL            -- run that last changed it
);
