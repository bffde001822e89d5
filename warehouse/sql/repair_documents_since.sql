-- Documents whose repairs a reapply recomputes: all, or those loaded by runs started at or
-- after $since (NULL = all).
SELECT d.doc_id
FROM documents d LEFT JOIN runs r ON r.run_id = d.run_id
WHERE $since IS NULL OR r.started_at >= CAST($since AS TIMESTAMP)
ORDER BY d.doc_id;
