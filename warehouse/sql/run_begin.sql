-- A run starts: under the writer lock, so a run still marked running was ended without
-- recording it (killed): it failed.
UPDATE run_states
SET state = 'failed', error = 'the process ended before it recorded an outcome (killed?)'
WHERE state = 'running';
INSERT INTO run_states (run_id, kind, state, source, pid, started_at)
VALUES ($run_id, $kind, 'running', $source, $pid, $started_at);
