-- Events absorbed into another when a new report bridged them; absorbed ids stay resolvable.
CREATE TABLE IF NOT EXISTS event_merges (
    absorbed_id VARCHAR PRIMARY KEY,
    survivor_id VARCHAR NOT NULL,
    run_id VARCHAR NOT NULL
);
