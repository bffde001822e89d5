-- Which outlets reported each event, and when: the 20 events with most reports (what
-- `wirehouse ingest` prints after a run; a corpus of 10^5 reports has tens of thousands).
SELECT e.event_date,
       e.title,
       e.n_documents AS reports,
       string_agg(coalesce(d.site, d.path), ', ' ORDER BY d.published_date, d.path) AS outlets
FROM events AS e
JOIN event_documents AS ed USING (event_id)
JOIN documents AS d USING (doc_id)
GROUP BY e.event_id, e.event_date, e.title, e.n_documents
ORDER BY e.n_documents DESC, e.event_date NULLS LAST, e.title
LIMIT 20;
