-- State of the full-text (BM25) index in schema fts_main_documents: one row, replaced by each
-- rebuild. A writer rebuilds when the documents' fingerprint no longer matches, whoever changed them.
CREATE TABLE IF NOT EXISTS search_index (
    fingerprint UBIGINT,               -- bit_xor of hash(doc_id, title, body) over documents at build
    documents BIGINT NOT NULL,         -- documents indexed
    run_id VARCHAR NOT NULL,           -- run that built it
    built_at TIMESTAMP NOT NULL
);
