-- Outlet pairs (outlet_a < outlet_b) and the text both printed: distinct shared paragraphs
-- (paragraph_occurrences of kind 'shared': equal normalised text on two or more sites; copy,
-- not headings or short lines: is_wire_copy) and distinct quotes both carried. An outlet is
-- documents.site; documents without one are left out.
CREATE OR REPLACE VIEW v_outlet_overlap AS
WITH outlet_paragraphs AS (
    SELECT DISTINCT d.site AS outlet, o.paragraph_hash
    FROM (
        SELECT paragraph_hash, unnest(doc_ids) AS doc_id
        FROM paragraph_occurrences
        WHERE kind = 'shared' AND is_wire_copy(text)
    ) o
    JOIN documents d ON d.doc_id = o.doc_id
    WHERE d.site IS NOT NULL
),
paragraph_pairs AS (
    SELECT a.outlet AS outlet_a, b.outlet AS outlet_b, count(*) AS shared_paragraphs
    FROM outlet_paragraphs a
    JOIN outlet_paragraphs b ON b.paragraph_hash = a.paragraph_hash AND a.outlet < b.outlet
    GROUP BY ALL
),
outlet_quotes AS (
    SELECT DISTINCT d.site AS outlet, q.quote_id
    FROM quote_occurrences q
    JOIN documents d ON d.doc_id = q.doc_id
    WHERE d.site IS NOT NULL
),
quote_pairs AS (
    SELECT a.outlet AS outlet_a, b.outlet AS outlet_b, count(*) AS shared_quotes
    FROM outlet_quotes a
    JOIN outlet_quotes b ON b.quote_id = a.quote_id AND a.outlet < b.outlet
    GROUP BY ALL
)
SELECT
    outlet_a,
    outlet_b,
    coalesce(p.shared_paragraphs, 0) AS shared_paragraphs,
    coalesce(q.shared_quotes, 0) AS shared_quotes
FROM paragraph_pairs p
FULL JOIN quote_pairs q USING (outlet_a, outlet_b);
