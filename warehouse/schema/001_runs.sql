-- One row per ingest run: what it saw, what it loaded, how long each stage took.
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY,        -- wirehouse run id (also on every row the run loaded)
    flow_run_id VARCHAR,               -- Prefect flow run id, to find its logs and artifacts
    source VARCHAR NOT NULL,           -- the source folder as given
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP NOT NULL,
    files_seen BIGINT NOT NULL,        -- files found under the source folder
    files_new BIGINT NOT NULL,         -- files whose content the warehouse did not hold
    files_copies BIGINT NOT NULL,      -- new paths whose bytes were already loaded
    files_rejected BIGINT NOT NULL,    -- new files that became a rejects row
    documents_loaded BIGINT NOT NULL,
    duplicates_found BIGINT NOT NULL,
    events_touched BIGINT NOT NULL,    -- events created or grown by this run
    repairs_made BIGINT NOT NULL,
    stage_seconds MAP(VARCHAR, DOUBLE) -- wall time per stage
);
