-- Paragraphs two or more documents print, refreshed for every hash this run printed: 'shared'
-- when they come from two or more sites (wire copy: kept and linked), 'boilerplate' when one
-- site prints it in $boilerplate_min_documents or more documents (site chrome), else
-- 'repeated'. A repeat inside one document (repeat_of) counts once; a document without a
-- site counts as a site of its own.
INSERT OR REPLACE INTO paragraph_occurrences
    (paragraph_hash, kind, text, n_documents, n_sites, doc_ids, first_doc_id, run_id)
WITH touched AS (
    SELECT DISTINCT paragraph_hash FROM paragraphs WHERE run_id = $run_id AND repeat_of IS NULL
), occurrences AS (
    SELECT p.paragraph_hash, p.doc_id, p.raw_text,
           coalesce(d.site, 'document:' || d.doc_id) AS site_key,
           (d.published_date IS NULL, d.published_date, d.path) AS first_key
    FROM paragraphs AS p
    JOIN touched USING (paragraph_hash)
    JOIN documents AS d USING (doc_id)
    WHERE p.repeat_of IS NULL
)
SELECT paragraph_hash,
       CASE
           WHEN count(DISTINCT site_key) > 1 THEN 'shared'
           WHEN count(DISTINCT doc_id) >= $boilerplate_min_documents THEN 'boilerplate'
           ELSE 'repeated'
       END,
       arg_min(raw_text, first_key),
       count(DISTINCT doc_id),
       count(DISTINCT site_key),
       list(doc_id ORDER BY first_key),
       arg_min(doc_id, first_key),
       $run_id
FROM occurrences
GROUP BY paragraph_hash
HAVING count(DISTINCT doc_id) > 1;
