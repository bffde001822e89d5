-- Paths seen this run replace what the warehouse knew of them (size, mtime, content).
INSERT OR REPLACE INTO source_files BY NAME
SELECT *, $run_id AS run_id FROM stage_source_files;
