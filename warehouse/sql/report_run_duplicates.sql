-- Duplicates a run found, with the document each repeats.
SELECT
    dup.kind,
    round(dup.similarity, 3) AS similarity,
    dup.path,
    original.path AS duplicate_of,
    original.title
FROM duplicates dup
JOIN documents original ON original.doc_id = dup.duplicate_of
WHERE dup.run_id = $run_id
ORDER BY dup.kind, dup.similarity DESC, dup.path;
