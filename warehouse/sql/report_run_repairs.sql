-- Repairs a run made, per rule, with a first example.
SELECT
    rule,
    count(*) AS repairs,
    count(DISTINCT doc_id) AS documents,
    arg_min("before", (doc_id, ordinal, seq)) || ' -> ' || arg_min("after", (doc_id, ordinal, seq))
        AS example
FROM repairs
WHERE run_id = $run_id
GROUP BY rule
ORDER BY repairs DESC, rule;
