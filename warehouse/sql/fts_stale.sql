-- Does the BM25 index need a rebuild: none yet, or the documents changed since it was built
-- (loaded by a run, or rewritten by a repair re-run).
SELECT NOT EXISTS (SELECT 1 FROM duckdb_schemas() WHERE schema_name = 'fts_main_documents')
    OR (SELECT any_value(fingerprint) FROM search_index)
        IS DISTINCT FROM (SELECT bit_xor(hash(doc_id, title, body)) FROM documents)
    AS stale;
