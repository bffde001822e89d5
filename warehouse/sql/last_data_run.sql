-- The latest run that changed data: the run a current snapshot must hold.
SELECT run_id
FROM runs
WHERE files_new + files_copies + files_rejected + documents_loaded + duplicates_found > 0
ORDER BY started_at DESC, run_id DESC
LIMIT 1;
