-- Rejected inputs per code, with an example.
SELECT code, count(*) AS files, arg_min(path, path) AS example_path, arg_min(reason, path) AS reason
FROM rejects
GROUP BY code
ORDER BY files DESC, code;
