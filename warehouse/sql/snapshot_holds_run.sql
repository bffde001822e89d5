-- Does this snapshot hold run $run_id (NULL: no run changed data yet, any snapshot will do)?
SELECT $run_id IS NULL OR EXISTS (SELECT 1 FROM runs WHERE run_id = $run_id) AS held;
