-- The most recent runs of every kind and state, with how long each took (or has run so far)
-- and, for ingests and backfills that loaded, their counts. Runs from before run_states
-- existed count as completed; a backfill's source names its period.
SELECT
    coalesce(s.run_id, r.run_id) AS run_id,
    coalesce(s.kind, CASE WHEN r.source LIKE 'backfill from %' THEN 'backfill' ELSE 'ingest' END)
        AS kind,
    coalesce(s.state, 'completed') AS state,
    date_trunc('second', coalesce(s.started_at, r.started_at)) AS started_at,
    round(epoch(coalesce(s.finished_at, r.finished_at, CAST($now AS TIMESTAMP))
                - coalesce(s.started_at, r.started_at)), 1) AS seconds,
    r.files_new,
    r.files_rejected,
    r.documents_loaded,
    r.events_touched,
    CASE WHEN length(s.error) > 80 THEN left(s.error, 79) || '…' ELSE s.error END AS error
FROM run_states AS s
FULL JOIN runs AS r ON r.run_id = s.run_id
ORDER BY started_at DESC
LIMIT $limit;
