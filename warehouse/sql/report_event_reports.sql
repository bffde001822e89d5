-- The events timeline: every report of every event, by outlet.
SELECT event_id, event_date, event_title, n_documents, report_rank, outlet, published_date, title
FROM v_event_timeline
ORDER BY event_date NULLS LAST, event_id, report_rank;
