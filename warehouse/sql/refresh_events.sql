-- Recompute every event this run touched from its members, then give reports whose date
-- lacked a year the event's year.
--
-- Date: the day with most votes. A report votes for the day its lede says the event
-- happened (documents.event_date at day precision: 4 for a date it states, 3 for "on
-- Thursday" or "yesterday" resolved against its date) and, with less weight, for the day it
-- was published (2 stated, 1 inferred); a month and day its lede states without a year ("on
-- July 15", undated reports) adds 4 to that day. Ties go to the earliest day. date_source
-- says whether a lede voted for it ('text') or only publication days did ('published').
--
-- Title: the headline most representative of the event: the one whose terms the event's
-- reports use most (the share of its reports holding each of the headline's terms,
-- averaged), not merely the first loaded; the earliest report's breaks ties and stands in
-- when no headline has terms.
INSERT OR REPLACE INTO events
    (event_id, event_date, date_precision, title, n_documents, run_id, date_source)
WITH touched AS (
    SELECT DISTINCT event_id FROM event_documents WHERE run_id = $run_id
), members AS (
    SELECT e.event_id, d.doc_id, d.title, d.path, d.published_date, d.date_precision,
           d.date_inferred, d.event_date, d.event_date_precision, d.event_date_source,
           f.event_month, f.event_day, f.terms, f.headline_terms
    FROM event_documents AS e
    JOIN touched USING (event_id)
    JOIN documents AS d USING (doc_id)
    LEFT JOIN event_features AS f USING (doc_id)
), votes AS (
    SELECT event_id, event_date AS day,
           CASE WHEN event_date_source IN ('stated', 'month_day') THEN 4 ELSE 3 END AS votes,
           TRUE AS from_text
    FROM members
    WHERE event_date_precision = 'day'
    UNION ALL
    SELECT event_id, published_date, CASE WHEN date_inferred THEN 1 ELSE 2 END, FALSE
    FROM members
    WHERE date_precision = 'day'
), yearless AS (
    SELECT event_id, event_month, event_day, 4 * count(*) AS votes
    FROM members
    WHERE event_month IS NOT NULL AND event_day IS NOT NULL
    GROUP BY ALL
), day_votes AS (
    SELECT v.event_id, v.day,
           sum(v.votes) + coalesce(any_value(y.votes), 0) AS votes,
           bool_or(v.from_text) OR any_value(y.votes) IS NOT NULL AS from_text
    FROM votes AS v
    LEFT JOIN yearless AS y
      ON y.event_id = v.event_id AND y.event_month = month(v.day) AND y.event_day = day(v.day)
    GROUP BY v.event_id, v.day
), best_day AS (
    SELECT event_id, day, from_text
    FROM day_votes
    QUALIFY row_number() OVER (PARTITION BY event_id ORDER BY votes DESC, day) = 1
), term_reports AS (
    SELECT event_id, term, count(*) AS n
    FROM (SELECT event_id, unnest(map_keys(terms)) AS term FROM members)
    GROUP BY ALL
), headline_terms AS (
    SELECT event_id, doc_id, unnest(headline_terms) AS term
    FROM members
    WHERE title IS NOT NULL
), typical AS (
    SELECT h.event_id, h.doc_id, avg(coalesce(t.n, 0)) AS reports_per_term
    FROM headline_terms AS h
    LEFT JOIN term_reports AS t USING (event_id, term)
    GROUP BY ALL
)
SELECT m.event_id,
       any_value(b.day) AS event_date,
       CASE WHEN any_value(b.day) IS NULL THEN 'unknown' ELSE 'day' END AS date_precision,
       arg_min(
           m.title,
           (m.title IS NULL, -coalesce(t.reports_per_term, 0), m.published_date IS NULL,
            m.published_date, m.path)
       ) AS title,
       count(*) AS n_documents,
       $run_id AS run_id,
       CASE
           WHEN any_value(b.day) IS NULL THEN NULL
           WHEN any_value(b.from_text) THEN 'text'
           ELSE 'published'
       END AS date_source
FROM members AS m
LEFT JOIN best_day AS b USING (event_id)
LEFT JOIN typical AS t USING (event_id, doc_id)
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
