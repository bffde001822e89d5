-- The raw lines a document's body does not hold, with why, in line order (`wirehouse explain`).
SELECT line_no, text, reason, detail
FROM cleaning_drops
WHERE doc_id = $doc_id
ORDER BY line_no;
