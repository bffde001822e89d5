-- Chains of copies resolved to the document they start from. `duplicates` points each copy at
-- the loaded document it repeats most closely, which may be a copy itself (7_10 -> 7_11 ->
-- 7_4): a lookup by group_id finds the whole chain. One row per document in a chain, the
-- original included (steps 0); byte copies of a file (doc_id = duplicate_of) are no link.
CREATE OR REPLACE VIEW v_duplicate_groups AS
WITH RECURSIVE links AS (
    SELECT doc_id, duplicate_of, kind, similarity
    FROM duplicates
    WHERE doc_id <> duplicate_of
),
chain(doc_id, ancestor, steps) AS (
    SELECT doc_id, duplicate_of, 1 FROM links
    UNION ALL
    SELECT c.doc_id, l.duplicate_of, c.steps + 1
    FROM chain AS c
    JOIN links AS l ON l.doc_id = c.ancestor
    WHERE c.steps < 64                               -- links point to earlier loads: no cycles
),
copies AS (
    SELECT doc_id, arg_max(ancestor, steps) AS group_id, max(steps) AS steps
    FROM chain
    GROUP BY doc_id
)
SELECT
    c.group_id,                                      -- doc_id of the chain's original
    c.doc_id,
    c.steps,                                         -- links from the original (0: it)
    l.duplicate_of AS repeats,                       -- the document this one repeats directly
    l.kind,                                          -- of that link: 'exact' or 'near'
    l.similarity                                     -- of that link (estimated Jaccard)
FROM copies AS c
JOIN (SELECT doc_id, arg_max(duplicate_of, similarity) AS duplicate_of,
             arg_max(kind, similarity) AS kind, max(similarity) AS similarity
      FROM links GROUP BY doc_id) AS l USING (doc_id)
UNION ALL
SELECT DISTINCT group_id, group_id, 0, NULL, NULL, NULL
FROM copies;
