-- Machine-translation repairs per rule: how often, in how many documents, with a first example.
CREATE OR REPLACE VIEW v_repairs_by_rule AS
SELECT
    r.rule,
    split_part(r.rule, ':', 1) AS rule_family,       -- 'glossary', 'truecase', 'punctuation', ...
    count(*) AS repairs,
    count(DISTINCT r.doc_id) AS documents,
    count(DISTINCT r.doc_id) FILTER (WHERE d.machine_translated) AS machine_translated_documents,
    arg_min(r."before", (r.doc_id, r.ordinal, r.seq)) AS example_before,
    arg_min(r."after", (r.doc_id, r.ordinal, r.seq)) AS example_after
FROM repairs r
JOIN documents d ON d.doc_id = r.doc_id
GROUP BY r.rule;
