-- The reports of the events the report shows ($event_ids, in that order), first report first.
SELECT event_id, event_date, event_title, n_documents, report_rank, outlet, published_date,
       title
FROM v_event_timeline
WHERE list_contains($event_ids, event_id)
ORDER BY list_position($event_ids, event_id), report_rank;
