-- Which outlets reported each event, and when: the 20 events most outlets reported (what
-- `wirehouse ingest` prints after a run; a corpus of 10^5 reports has tens of thousands).
-- An outlet is documents.site, named in the order it first reported; reports without a site
-- count among the reports only.
WITH outlet_firsts AS (
    SELECT ed.event_id, d.site, min(d.published_date) AS first_published
    FROM event_documents AS ed
    JOIN documents AS d USING (doc_id)
    WHERE d.site IS NOT NULL
    GROUP BY ed.event_id, d.site
)
SELECT e.event_date,
       e.title,
       e.n_documents AS reports,
       count(f.site) AS outlets,
       string_agg(f.site, ', ' ORDER BY f.first_published NULLS LAST, f.site) AS outlet_names
FROM events AS e
LEFT JOIN outlet_firsts AS f USING (event_id)
GROUP BY e.event_id, e.event_date, e.title, e.n_documents
ORDER BY outlets DESC, reports DESC, e.event_date NULLS LAST, e.title
LIMIT 20;
