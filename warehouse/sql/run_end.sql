-- A run ends: completed (in the transaction that loads it, so the snapshot shows it), failed
-- or cancelled. A state already recorded is kept.
UPDATE run_states
SET state = $state, finished_at = $finished_at, error = $error
WHERE run_id = $run_id AND state = 'running';
