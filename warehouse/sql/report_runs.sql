-- The latest runs.
SELECT run_id, started_at, files_seen, files_new, files_rejected, documents_loaded,
    duplicates_found, events_touched, repairs_made
FROM runs
ORDER BY started_at DESC
LIMIT 10;
