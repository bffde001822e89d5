-- Paths seen this run replace what the warehouse knew of them (size, times, inode, content).
-- A content that could not be read because its file moved ($retry_codes) is recorded with
-- no hash, for every path holding it and for the web archive of a record: the next run
-- hashes those paths again and takes it.
INSERT OR REPLACE INTO source_files BY NAME
WITH unread AS (
    SELECT sha256, regexp_extract(path, '^(.*)#[0-9]+$', 1) AS archive
    FROM stage_rejects
    WHERE list_contains($retry_codes, code)
)
SELECT
    s.* REPLACE (
        CASE
            WHEN s.sha256 IN (SELECT sha256 FROM unread WHERE sha256 IS NOT NULL)
                OR s.path IN (SELECT archive FROM unread WHERE archive <> '')
                THEN NULL
            ELSE s.sha256
        END AS sha256
    ),
    $run_id AS run_id
FROM stage_source_files AS s;
