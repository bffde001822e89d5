-- This run's documents with event features, in the order events place them (time first).
-- Copies (exact or near duplicates) are left out: they follow what they repeat.
SELECT doc_id
FROM event_features
WHERE run_id = $run_id
  AND doc_id NOT IN (
      SELECT doc_id FROM duplicates WHERE run_id = $run_id AND doc_id <> duplicate_of
  )
ORDER BY order_key, doc_id;
