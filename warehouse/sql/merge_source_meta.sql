-- Sidecars read this run replace what the warehouse knew of them; a sidecar that went (or no
-- longer reads) takes its values and its source_files row with it.
DELETE FROM source_meta WHERE path IN (SELECT path FROM stage_source_meta);
INSERT INTO source_meta BY NAME
SELECT path, sha256, url, site, title, author, published_date, date_precision, $run_id AS run_id
FROM stage_source_meta
WHERE NOT removed;
DELETE FROM source_files
WHERE path IN (SELECT path || '.meta.json' FROM stage_source_meta WHERE removed AND sha256 IS NULL);
