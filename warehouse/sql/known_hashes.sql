-- Which of the hashes found on disk the warehouse already holds.
SELECT c.sha256 FROM candidate_hashes AS c JOIN raw_files AS r ON r.sha256 = c.sha256;
