-- Remove one per-document table's rows of the documents in backfill_documents; {table}
-- comes from a fixed list (the staged tables keyed by doc_id).
DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM backfill_documents);
