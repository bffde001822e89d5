-- Which of the hashes found on disk the warehouse already holds: read, or refused for good.
-- Bytes recorded without text only because the file moved before it was read
-- ($retry_codes) are not held: the next run that finds them reads them.
SELECT c.sha256
FROM candidate_hashes AS c
JOIN raw_files AS r ON r.sha256 = c.sha256
WHERE r.raw_text IS NOT NULL
   OR EXISTS (
       SELECT 1 FROM rejects AS j
       WHERE j.sha256 = r.sha256 AND NOT list_contains($retry_codes, j.code)
   );
