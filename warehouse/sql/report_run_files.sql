-- What a run saw: files seen, new, copies, and rejections per code with an example reason.
SELECT outcome, files, reason
FROM (
    SELECT 1 AS position, 'seen' AS outcome, files_seen AS files, NULL AS reason
    FROM runs WHERE run_id = $run_id
    UNION ALL
    SELECT 2, 'new contents', files_new, NULL FROM runs WHERE run_id = $run_id
    UNION ALL
    SELECT 3, 'copies of loaded files', files_copies, NULL FROM runs WHERE run_id = $run_id
    UNION ALL
    SELECT 4, 'rejected', files_rejected, NULL FROM runs WHERE run_id = $run_id
    UNION ALL
    SELECT 5, 'rejected: ' || code, count(*), min(path) || ': ' || arg_min(reason, path)
    FROM rejects WHERE run_id = $run_id GROUP BY code
)
ORDER BY position, outcome;
