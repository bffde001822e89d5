-- Contents an earlier run recorded without text because the file moved before it was read
-- (no document, no reason to keep them): this run read them, so its rows replace them.
DELETE FROM raw_files
WHERE raw_text IS NULL
  AND sha256 IN (SELECT sha256 FROM stage_raw_files);
