-- Every duplicate with the document it repeats.
SELECT dup.kind, round(dup.similarity, 3) AS similarity, dup.path, original.path AS duplicate_of
FROM duplicates dup
JOIN documents original ON original.doc_id = dup.duplicate_of
ORDER BY dup.kind, dup.similarity DESC, dup.path;
