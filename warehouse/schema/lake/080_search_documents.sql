-- DuckLake only (the fts extension cannot index a lake table): each document's BM25 length,
-- kept by the committer for documents whose title or body changed (sql/lake/search_refresh.sql).
CREATE TABLE IF NOT EXISTS search_documents (
    doc_id VARCHAR NOT NULL,           -- documents.doc_id
    fingerprint UBIGINT NOT NULL,      -- hash(doc_id, title, body) when its terms were counted
    len BIGINT NOT NULL,               -- terms of title and body after stop words (fts's docs.len)
    run_id VARCHAR NOT NULL            -- run that counted them
);
