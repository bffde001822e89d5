-- Documents already in an event that a report of the chunk being placed (`event_chunk`) may
-- join: for each report, the $per_report linked documents sharing the most rare proper-name
-- keys with it (`event_rare_names`), found by a join rather than a scan in Python. The bound
-- keeps a chunk's candidates, and the run's memory, flat at 10^5 documents. A document whose
-- date lies more than $window_days from the report's is no candidate: assign_events scores
-- such a pair 0 ('apart', the same intervals: the event's days, else a day, a month or a year), so
-- the bound goes to documents the report can join. Pairs where either date lacks a year, or
-- holds a day its month does not have, stay for assign_events to judge; so do pairs beyond the
-- window where one document recalls the other's event: it mentions a day or month (with its
-- year), before its own event days ($near_days), that holds the other's days, at most a month
-- of them (`_Batch.recalls`: a follow-up, "shot in October 2011").
WITH chunk_names AS (
    SELECT doc_id AS report_id, name FROM event_rare_names JOIN event_chunk USING (doc_id)
), intervals AS (
    -- the days a report's event can lie on, as `_when_of` in transforms/events.py: what its
    -- lede says when it was resolved, else its own date (a day, a month or a year); NULL
    -- when the date is not a real one (a day its month lacks)
    SELECT doc_id,
           CASE
               WHEN event_first IS NOT NULL THEN event_first
               WHEN "month" IS NULL THEN try(make_date("year", 1, 1))
               WHEN "day" IS NULL THEN try(make_date("year", "month", 1))
               ELSE try(make_date("year", "month", "day"))
           END AS first_day,
           CASE
               WHEN event_last IS NOT NULL THEN event_last
               WHEN "month" IS NULL THEN try(make_date("year", 12, 31))
               WHEN "day" IS NULL THEN last_day(try(make_date("year", "month", 1)))
               ELSE try(make_date("year", "month", "day"))
           END AS last_day
    FROM event_features
    WHERE event_first IS NOT NULL OR "year" BETWEEN 1 AND 9999
), recalled AS (
    -- the days and months a document mentions with their year (its `recalled` feature)
    SELECT doc_id, unnest(recalled_first) AS mention_first, unnest(recalled_last) AS mention_last
    FROM event_features
    WHERE len(recalled_first) > 0
), pairs AS (
    SELECT c.report_id, n.doc_id, count(*) AS n_shared
    FROM chunk_names AS c
    JOIN event_rare_names AS n USING (name)
    JOIN event_documents AS linked ON linked.doc_id = n.doc_id
    GROUP BY c.report_id, n.doc_id
), recalls AS (
    -- pairs, both dated, in which one (x) recalls the other's (y) event days
    SELECT DISTINCT p.report_id, p.doc_id
    FROM pairs AS p
    JOIN recalled AS r ON r.doc_id IN (p.report_id, p.doc_id)
    JOIN intervals AS x ON x.doc_id = r.doc_id
    JOIN intervals AS y
      ON y.doc_id = CASE WHEN r.doc_id = p.report_id THEN p.doc_id ELSE p.report_id END
    WHERE date_diff('day', y.first_day, y.last_day) <= 31
      AND r.mention_first <= y.last_day + $near_days
      AND y.first_day <= r.mention_last + $near_days
      AND r.mention_last < x.first_day - $near_days
), shared AS (
    SELECT p.report_id, p.doc_id
    FROM pairs AS p
    LEFT JOIN intervals AS a ON a.doc_id = p.report_id
    LEFT JOIN intervals AS b ON b.doc_id = p.doc_id
    LEFT JOIN recalls AS f ON f.report_id = p.report_id AND f.doc_id = p.doc_id
    WHERE a.first_day IS NULL OR b.first_day IS NULL
       OR greatest(date_diff('day', a.last_day, b.first_day),
                   date_diff('day', b.last_day, a.first_day)) <= $window_days
       OR f.doc_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY p.report_id ORDER BY p.n_shared DESC, p.doc_id)
        <= $per_report
), hits AS (
    SELECT DISTINCT doc_id FROM shared
)
SELECT f.doc_id, f."year", f."month", f."day", f.names, f.terms, f.order_key, f.latest_year,
       f.weekday, f.event_first, f.event_last, f.event_month, f.event_day, f.places, f.quotes,
       f.numbers, f.headline_terms, f.recalled_first, f.recalled_last, e.event_id
FROM event_features AS f
JOIN hits USING (doc_id)
JOIN event_documents AS e USING (doc_id)
ORDER BY f.doc_id;
