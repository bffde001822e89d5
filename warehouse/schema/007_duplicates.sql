-- Documents (or files) that repeat another: exact after normalisation, or near by MinHash.
-- A byte-identical copy under another name makes no document: its row has doc_id = duplicate_of
-- and the copy's path.
CREATE TABLE IF NOT EXISTS duplicates (
    doc_id VARCHAR NOT NULL,           -- the later document
    duplicate_of VARCHAR NOT NULL,     -- the document it repeats (the first loaded)
    kind VARCHAR NOT NULL,             -- 'exact' or 'near'
    similarity DOUBLE NOT NULL,        -- estimated Jaccard of word shingles (1.0 for exact)
    path VARCHAR NOT NULL,             -- path of the repeating input
    run_id VARCHAR NOT NULL
);
