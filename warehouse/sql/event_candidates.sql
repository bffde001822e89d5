-- Documents already in an event that a report of the chunk being placed (`event_chunk`) may
-- join: for each report, the $per_report linked documents sharing the most rare proper-name
-- keys with it (`event_rare_names`), found by a join rather than a scan in Python. The bound
-- keeps a chunk's candidates, and the run's memory, flat at 10^5 documents.
WITH chunk_names AS (
    SELECT doc_id AS report_id, name FROM event_rare_names JOIN event_chunk USING (doc_id)
), shared AS (
    SELECT c.report_id, n.doc_id, count(*) AS n_shared
    FROM chunk_names AS c
    JOIN event_rare_names AS n USING (name)
    JOIN event_documents AS linked ON linked.doc_id = n.doc_id
    GROUP BY c.report_id, n.doc_id
    QUALIFY row_number() OVER (PARTITION BY c.report_id ORDER BY n_shared DESC, n.doc_id)
        <= $per_report
), hits AS (
    SELECT DISTINCT doc_id FROM shared
)
SELECT f.doc_id, f."year", f."month", f."day", f.names, f.terms, f.order_key, f.latest_year,
       f.weekday, e.event_id
FROM event_features AS f
JOIN hits USING (doc_id)
JOIN event_documents AS e USING (doc_id)
ORDER BY f.doc_id;
