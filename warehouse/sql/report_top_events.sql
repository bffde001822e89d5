-- The $limit events most outlets reported (then most reports), each with its outlets in the
-- order they first reported it and the span of its reports' dates. An outlet is
-- documents.site; reports without a site count among the reports only.
WITH outlet_firsts AS (
    SELECT ed.event_id, d.site, min(d.published_date) AS first_published
    FROM event_documents AS ed
    JOIN documents AS d USING (doc_id)
    WHERE d.site IS NOT NULL
    GROUP BY ed.event_id, d.site
),
per_event AS (
    SELECT event_id,
           count(*) AS outlets,
           string_agg(site, ', ' ORDER BY first_published NULLS LAST, site) AS outlet_names
    FROM outlet_firsts
    GROUP BY event_id
)
SELECT e.event_id, e.event_date, e.title, e.n_documents AS reports,
       coalesce(p.outlets, 0) AS outlets, p.outlet_names
FROM events AS e
LEFT JOIN per_event AS p USING (event_id)
ORDER BY outlets DESC, reports DESC, e.event_date NULLS LAST, e.event_id
LIMIT $limit;
