-- The document a user names by doc_id, or by the path of its file.
SELECT doc_id, site AS outlet, published_date, title, path
FROM documents
WHERE doc_id = $name OR path = $name
ORDER BY doc_id = $name DESC
LIMIT 1;
