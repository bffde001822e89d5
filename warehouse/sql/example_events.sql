-- Which outlets reported each event, and when: the 20 events with most reports (what
-- `wirehouse ingest` prints after a run; a corpus of 10^5 reports has tens of thousands).
-- Outlets are sites (documents.site), first reporter first; a report whose site is unknown
-- counts among the reports but names no outlet (never its file).
WITH outlets AS (
    SELECT ed.event_id, d.site, min(d.published_date) AS first_report
    FROM event_documents AS ed
    JOIN documents AS d USING (doc_id)
    WHERE d.site IS NOT NULL
    GROUP BY ALL
)
SELECT e.event_date,
       e.title,
       e.n_documents AS reports,
       string_agg(o.site, ', ' ORDER BY o.first_report NULLS LAST, o.site) AS outlets
FROM events AS e
LEFT JOIN outlets AS o USING (event_id)
GROUP BY e.event_id, e.event_date, e.title, e.n_documents
ORDER BY e.n_documents DESC, e.event_date NULLS LAST, e.title
LIMIT 20;
