-- Documents of this run that share an LSH band with an earlier document and whose estimated
-- Jaccard (equal MinHash positions) reaches $threshold; each keeps its closest match.
INSERT INTO duplicates (doc_id, duplicate_of, kind, similarity, path, run_id)
WITH pairs AS (
    SELECT DISTINCT n.doc_id, o.doc_id AS other
    FROM minhash_bands AS n
    JOIN minhash_bands AS o ON o.band_key = n.band_key AND o.doc_id <> n.doc_id
    WHERE n.run_id = $run_id
), scored AS (
    SELECT p.doc_id, p.other,
           len(list_filter(list_zip(a.signature, b.signature), lambda x: x[1] = x[2]))::DOUBLE
               / len(a.signature) AS similarity
    FROM pairs AS p
    JOIN minhash_signatures AS a ON a.doc_id = p.doc_id
    JOIN minhash_signatures AS b ON b.doc_id = p.other
)
SELECT s.doc_id, s.other, 'near', s.similarity, later.path, $run_id
FROM scored AS s
JOIN documents AS later ON later.doc_id = s.doc_id
JOIN documents AS earlier ON earlier.doc_id = s.other
WHERE s.similarity >= $threshold
  AND (earlier.run_id <> $run_id OR earlier.path < later.path)
  AND NOT EXISTS (SELECT 1 FROM duplicates AS x WHERE x.doc_id = s.doc_id AND x.run_id = $run_id)
QUALIFY row_number() OVER (PARTITION BY s.doc_id ORDER BY s.similarity DESC, s.other) = 1;
