-- The most recent runs.
SELECT run_id, started_at, files_seen, files_new, files_rejected, documents_loaded,
       duplicates_found, events_touched, repairs_made,
       round(epoch(finished_at - started_at), 1) AS seconds
FROM runs
ORDER BY started_at DESC
LIMIT $limit;
