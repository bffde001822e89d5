-- DuckLake only: how often each stemmed term occurs in a document's title and body, tokenised
-- as the fts extension does (lower case, accents folded, Porter stems, English stop words out).
CREATE TABLE IF NOT EXISTS search_terms (
    doc_id VARCHAR NOT NULL,           -- documents.doc_id
    term VARCHAR NOT NULL,             -- Porter stem
    tf BIGINT NOT NULL,                -- occurrences in title and body
    run_id VARCHAR NOT NULL            -- run that counted them
);
