-- Paragraphs of copy (is_wire_copy: no headings or short lines) that more than one outlet
-- printed, the most outlets first, with who printed each first.
SELECT o.n_sites AS outlets, o.n_documents AS documents, d.site AS first_printed_by,
       d.published_date AS first_published, o.text
FROM paragraph_occurrences AS o
JOIN documents AS d ON d.doc_id = o.first_doc_id
WHERE o.kind = 'shared' AND is_wire_copy(o.text)
ORDER BY o.n_sites DESC, o.n_documents DESC, o.paragraph_hash
LIMIT 50;
