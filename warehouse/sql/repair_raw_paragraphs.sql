-- Raw (pre-repair) paragraphs of the documents in reapply_ids, in body order.
SELECT p.doc_id, p.ordinal, p.raw_text
FROM paragraphs p JOIN reapply_ids USING (doc_id)
ORDER BY p.doc_id, p.ordinal;
