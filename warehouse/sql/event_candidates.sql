-- Documents already in an event that share a rare proper-name key with a document of the
-- chunk being placed (`event_chunk`): the only ones a new report can join, found by a join
-- rather than a scan in Python. A name more than $max_name_documents documents carry links
-- none of them (as in assign_events' blocking): at 10^5 documents a common name would
-- otherwise bring every earlier report into memory.
WITH names AS (
    SELECT doc_id, unnest(names) AS name FROM event_features
), chunk_names AS (
    SELECT DISTINCT name FROM names JOIN event_chunk USING (doc_id)
), rare AS (
    SELECT name
    FROM names JOIN chunk_names USING (name)
    GROUP BY name
    HAVING count(*) <= $max_name_documents
), hits AS (
    SELECT DISTINCT names.doc_id
    FROM names JOIN rare USING (name)
    ANTI JOIN event_chunk USING (doc_id)
)
SELECT f.doc_id, f."year", f."month", f."day", f.names, f.terms, f.order_key, f.latest_year,
       f.weekday, e.event_id
FROM event_features AS f
JOIN hits USING (doc_id)
JOIN event_documents AS e USING (doc_id)
ORDER BY f.doc_id;
