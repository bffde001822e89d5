-- This run's documents with event features, in the order events place them (time first).
-- Close copies (exact, or near at $copy_min_similarity estimated Jaccard) are left out: they
-- follow what they repeat (link_event_copies.sql).
SELECT doc_id
FROM event_features
WHERE run_id = $run_id
  AND doc_id NOT IN (
      SELECT doc_id
      FROM duplicates
      WHERE run_id = $run_id AND doc_id <> duplicate_of AND similarity >= $copy_min_similarity
  )
ORDER BY order_key, doc_id;
