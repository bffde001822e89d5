-- Before a backfill reloads the documents in backfill_documents under the same ids: drop the
-- duplicate marks made for them (byte copies of their files stay: the bytes did not change)
-- and their event links; events that lose reports count as touched by this run, so the
-- run's event refresh recomputes them.
DELETE FROM duplicates
WHERE doc_id IN (SELECT doc_id FROM backfill_documents) AND doc_id <> duplicate_of;
UPDATE event_documents SET run_id = $run_id
WHERE event_id IN (
    SELECT event_id FROM event_documents WHERE doc_id IN (SELECT doc_id FROM backfill_documents)
)
  AND doc_id NOT IN (SELECT doc_id FROM backfill_documents);
DELETE FROM event_documents WHERE doc_id IN (SELECT doc_id FROM backfill_documents);
