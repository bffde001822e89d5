-- Recompute every event this run touched from its members: date (the day most reports agree
-- on, a stated date counting twice an inferred one, earliest on ties), title (of the earliest
-- dated report), count. Then give reports whose date lacked a year the event's year.
INSERT OR REPLACE INTO events (event_id, event_date, date_precision, title, n_documents, run_id)
WITH touched AS (
    SELECT DISTINCT event_id FROM event_documents WHERE run_id = $run_id
), members AS (
    SELECT e.event_id, d.doc_id, d.title, d.path, d.published_date, d.date_precision, d.date_inferred
    FROM event_documents AS e
    JOIN touched USING (event_id)
    JOIN documents AS d USING (doc_id)
), day_votes AS (
    SELECT event_id, published_date, sum(CASE WHEN date_inferred THEN 1 ELSE 2 END) AS votes
    FROM members
    WHERE date_precision = 'day'
    GROUP BY ALL
), best_day AS (
    SELECT event_id, published_date
    FROM day_votes
    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY votes DESC, published_date) = 1
)
SELECT m.event_id,
       any_value(b.published_date) AS event_date,
       CASE WHEN any_value(b.published_date) IS NULL THEN 'unknown' ELSE 'day' END AS date_precision,
       arg_min(m.title, (m.published_date IS NULL, m.published_date, m.path)) AS title,
       count(*) AS n_documents,
       $run_id AS run_id
FROM members AS m
LEFT JOIN best_day AS b USING (event_id)
GROUP BY m.event_id;

UPDATE documents AS d
-- the year that puts month/day nearest the event: a 30 December report of a 2 January event is
-- from the year before
SET published_date = make_date(
        year(ev.event_date) + CASE
            WHEN f."month" - month(ev.event_date) > 6 THEN -1
            WHEN month(ev.event_date) - f."month" > 6 THEN 1
            ELSE 0
        END,
        f."month", f."day"),
    date_precision = 'day',
    date_inferred = TRUE,
    date_source = 'event',
    year_source = 'event'
FROM event_documents AS e, events AS ev, event_features AS f
WHERE e.doc_id = d.doc_id
  AND ev.event_id = e.event_id
  AND f.doc_id = d.doc_id
  AND ev.run_id = $run_id
  AND ev.event_date IS NOT NULL
  AND d.published_date IS NULL
  AND f."month" IS NOT NULL
  AND f."day" IS NOT NULL;
