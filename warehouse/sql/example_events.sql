-- Which outlets reported each event, and when.
SELECT e.event_date,
       e.title,
       e.n_documents AS reports,
       string_agg(coalesce(d.site, d.path), ', ' ORDER BY d.published_date, d.path) AS outlets
FROM events AS e
JOIN event_documents AS ed USING (event_id)
JOIN documents AS d USING (doc_id)
GROUP BY e.event_id, e.event_date, e.title, e.n_documents
ORDER BY e.event_date NULLS LAST, e.title;
