-- New paths whose bytes are an already loaded document: no second document, one duplicates row.
INSERT INTO duplicates (doc_id, duplicate_of, kind, similarity, path, run_id)
SELECT d.doc_id, d.doc_id, 'exact', 1.0, s.path, $run_id
FROM source_files AS s
JOIN documents AS d ON d.sha256 = s.sha256
WHERE s.run_id = $run_id
  AND s.path <> d.path
  AND NOT EXISTS (SELECT 1 FROM duplicates AS x WHERE x.doc_id = d.doc_id AND x.path = s.path);
