-- Body and number of repairs of the documents in reapply_ids, before a reapply replaces them.
SELECT d.doc_id, d.body, (SELECT count(*) FROM repairs r WHERE r.doc_id = d.doc_id) AS repairs
FROM documents d JOIN reapply_ids USING (doc_id);
