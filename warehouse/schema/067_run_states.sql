-- One row per run of any kind, written when it starts (in a short transaction of its own) and
-- updated when it ends, so failed, cancelled and running runs show too; `runs` holds the
-- counts of ingests and backfills that loaded.
CREATE TABLE IF NOT EXISTS run_states (
    run_id VARCHAR PRIMARY KEY,        -- runs.run_id for ingests and backfills
    kind VARCHAR NOT NULL,             -- 'ingest', 'backfill' or 'reapply'
    state VARCHAR NOT NULL,            -- 'running', 'completed', 'failed' or 'cancelled'
    source VARCHAR,                    -- the source folder, or the backfill's period
    pid INTEGER,                       -- process that ran it
    started_at TIMESTAMP NOT NULL,
    finished_at TIMESTAMP,             -- NULL while running
    error VARCHAR                      -- why it failed or was cancelled
);
