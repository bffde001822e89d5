-- Events a run created or grew: its reports added and the event's size now.
SELECT
    CASE WHEN count(*) FILTER (WHERE ed.run_id <> $run_id) = 0 THEN 'new' ELSE 'grown' END
        AS change,
    e.event_date,
    e.title,
    count(*) FILTER (WHERE ed.run_id = $run_id) AS reports_added,
    e.n_documents,
    e.event_id
FROM events e
JOIN event_documents ed ON ed.event_id = e.event_id
WHERE e.run_id = $run_id
GROUP BY ALL
ORDER BY e.event_date NULLS LAST, e.event_id;
