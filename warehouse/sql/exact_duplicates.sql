-- Documents of this run whose normalised body equals an earlier document's (loaded by an earlier
-- run, or earlier by path in this one).
INSERT INTO duplicates (doc_id, duplicate_of, kind, similarity, path, run_id)
WITH pool AS (
    SELECT doc_id, content_hash, path, run_id = $run_id AS is_new
    FROM documents
    WHERE content_hash IN (SELECT content_hash FROM documents WHERE run_id = $run_id)
), ranked AS (
    SELECT doc_id, path, is_new,
           first_value(doc_id) OVER (PARTITION BY content_hash ORDER BY is_new, path, doc_id) AS first_id
    FROM pool
)
SELECT doc_id, first_id, 'exact', 1.0, path, $run_id
FROM ranked
WHERE is_new AND doc_id <> first_id;
