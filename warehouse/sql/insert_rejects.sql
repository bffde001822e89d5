-- Refusals of this run that the warehouse does not hold yet: one row per path, content and
-- reason, so a file that stays unreadable is not rejected again on every run.
INSERT INTO rejects BY NAME
SELECT DISTINCT s.*, $run_id AS run_id
FROM stage_rejects AS s
WHERE NOT EXISTS (
    SELECT 1 FROM rejects AS r
    WHERE r.path = s.path AND r.sha256 IS NOT DISTINCT FROM s.sha256 AND r.code = s.code
);
