-- Documents matching $query, best BM25 score first (from the fts index): the `hits` CTE that
-- fts_snippets.sql completes with each hit's snippet.
WITH hits AS (
    SELECT doc_id, score
    FROM (SELECT doc_id, fts_main_documents.match_bm25(doc_id, $query) AS score FROM documents)
    WHERE score IS NOT NULL
    ORDER BY score DESC, doc_id
    LIMIT $limit
),
