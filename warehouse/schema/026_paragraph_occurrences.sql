-- Paragraphs printed by more than one document, refreshed at each load for the hashes it touched.
CREATE TABLE IF NOT EXISTS paragraph_occurrences (
    paragraph_hash VARCHAR PRIMARY KEY, -- paragraphs.paragraph_hash
    kind VARCHAR NOT NULL,             -- 'shared' (two or more sites: wire copy), 'boilerplate' (one
                                       -- site, in 3+ documents by default: site
                                       -- chrome for the cleaner), 'repeated' (one site, fewer)
    text VARCHAR NOT NULL,             -- the text of its earliest occurrence
    n_documents INTEGER NOT NULL,
    n_sites INTEGER NOT NULL,          -- distinct sites (a document without a site counts as its own)
    doc_ids VARCHAR[] NOT NULL,        -- documents printing it, earliest first
    first_doc_id VARCHAR NOT NULL,     -- earliest by published_date, then path
    run_id VARCHAR NOT NULL            -- run that last changed it
);
