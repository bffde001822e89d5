-- Copy one staged table into its warehouse table; {table} and {staged} come from a fixed list.
-- A plain INSERT: a run only stages contents the warehouse lacks, so a key conflict is a bug
-- and must fail the whole transaction rather than be skipped.
INSERT INTO {table} BY NAME
SELECT *, $run_id AS run_id FROM {staged};
