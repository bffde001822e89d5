-- Replace the repair stage's output of the documents in reapply_documents: their repairs,
-- repaired paragraph text, body and machine-translation columns, and name mentions.
-- Run inside the reapply's transaction, so a document is never half replaced.
DELETE FROM repairs WHERE doc_id IN (SELECT doc_id FROM reapply_documents);
INSERT INTO repairs BY NAME SELECT *, $run_id AS run_id FROM reapply_repairs;
UPDATE paragraphs AS p SET text = r.text, mt_score = r.mt_score
FROM reapply_paragraphs AS r
WHERE p.doc_id = r.doc_id AND p.ordinal = r.ordinal AND (p.text IS DISTINCT FROM r.text OR p.mt_score IS DISTINCT FROM r.mt_score);
UPDATE documents AS d SET
    body = r.body,
    word_count = r.word_count,
    machine_translated = r.machine_translated,
    mt_score = r.mt_score,
    mt_evidence = r.mt_evidence,
    repair_skips = r.repair_skips
FROM reapply_documents AS r
WHERE d.doc_id = r.doc_id;
DELETE FROM name_mentions WHERE doc_id IN (SELECT doc_id FROM reapply_documents);
INSERT INTO name_mentions BY NAME SELECT *, $run_id AS run_id FROM reapply_name_mentions;
