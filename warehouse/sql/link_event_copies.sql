-- This run's close copies (exact, or near at $copy_min_similarity estimated Jaccard) join
-- the event of the document they repeat, the nearest linked one up a chain of copies, without
-- being scored: a syndicated copy reports what its original reports, and scoring copies
-- against each other was most of the pairs on corpora full of them. Looser copies are scored:
-- what they add or change is evidence that links other reports.
INSERT INTO event_documents (event_id, doc_id, run_id)
WITH RECURSIVE copies AS (
    SELECT doc_id, duplicate_of
    FROM duplicates
    WHERE run_id = $run_id AND doc_id <> duplicate_of AND similarity >= $copy_min_similarity
), ancestors(doc_id, ancestor, depth) AS (
    SELECT doc_id, duplicate_of, 1 FROM copies
    UNION ALL
    SELECT a.doc_id, c.duplicate_of, a.depth + 1
    FROM ancestors AS a
    JOIN copies AS c ON c.doc_id = a.ancestor
)
SELECT e.event_id, a.doc_id, $run_id
FROM ancestors AS a
JOIN event_documents AS e ON e.doc_id = a.ancestor
QUALIFY row_number() OVER (PARTITION BY a.doc_id ORDER BY a.depth) = 1
ON CONFLICT (doc_id) DO UPDATE SET event_id = excluded.event_id, run_id = excluded.run_id;
