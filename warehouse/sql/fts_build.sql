-- BM25 index over titles and bodies (schema fts_main_documents), rebuilt whole: DuckDB's fts
-- index is not maintained on insert. Porter stemming and English stop words, accents folded.
PRAGMA create_fts_index(
    'documents', 'doc_id', 'title', 'body',
    stemmer = 'porter', stopwords = 'english', strip_accents = 1, lower = 1, overwrite = 1
);
DELETE FROM search_index;
INSERT INTO search_index (fingerprint, documents, run_id, built_at)
SELECT bit_xor(hash(doc_id, title, body)), count(*), $run_id, now()::TIMESTAMP
FROM documents;
