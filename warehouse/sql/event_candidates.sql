-- Documents already in an event that share at least one proper-name key with a document of
-- this run: the only ones a new report can join, found by a join rather than a scan in Python.
WITH names AS (
    SELECT doc_id, run_id, unnest(names) AS name FROM event_features
), new_names AS (
    SELECT DISTINCT name FROM names WHERE run_id = $run_id
), hits AS (
    SELECT DISTINCT names.doc_id
    FROM names JOIN new_names USING (name)
    WHERE names.run_id <> $run_id
)
SELECT f.doc_id, f."year", f."month", f."day", f.names, f.terms, f.order_key, f.latest_year,
       e.event_id
FROM event_features AS f
JOIN hits USING (doc_id)
JOIN event_documents AS e USING (doc_id)
ORDER BY f.doc_id;
