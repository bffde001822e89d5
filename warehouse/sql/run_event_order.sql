-- This run's documents with event features, in the order events place them (time first).
SELECT doc_id FROM event_features WHERE run_id = $run_id ORDER BY order_key, doc_id;
