-- Repairs per rule for the HTML report.
SELECT rule, repairs, documents, example_before, example_after
FROM v_repairs_by_rule
ORDER BY repairs DESC, rule;
