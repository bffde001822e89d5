-- The body of each document, one row per paragraph in original order.
CREATE TABLE IF NOT EXISTS paragraphs (
    doc_id VARCHAR NOT NULL,
    ordinal INTEGER NOT NULL,          -- 0-based position in the body
    text VARCHAR NOT NULL,             -- after repair
    raw_text VARCHAR NOT NULL,         -- before repair
    language VARCHAR,                  -- differs from documents.language where a paragraph is in another language
    paragraph_hash VARCHAR NOT NULL,   -- hash of the normalised text: equal across documents sharing it
    run_id VARCHAR NOT NULL,
    PRIMARY KEY (doc_id, ordinal)
);
