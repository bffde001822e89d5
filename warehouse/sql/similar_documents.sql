-- Documents near $doc_id, whatever links them: a shared LSH band (near-duplicate candidates,
-- scored by the MinHash estimate of 5-word shingle Jaccard), its chain of copies
-- (v_duplicate_groups), a paragraph of copy both print (is_wire_copy), or its event.
WITH band_mates AS (
    SELECT DISTINCT o.doc_id
    FROM minhash_bands AS t
    JOIN minhash_bands AS o ON o.band_key = t.band_key
    WHERE t.doc_id = $doc_id AND o.doc_id <> $doc_id
),
chain_mates AS (
    SELECT g.doc_id
    FROM v_duplicate_groups AS g
    WHERE g.group_id IN (SELECT group_id FROM v_duplicate_groups WHERE doc_id = $doc_id)
      AND g.doc_id <> $doc_id
),
shared AS (
    SELECT o.doc_id, count(DISTINCT p.paragraph_hash) AS shared_paragraphs
    FROM paragraphs AS p
    JOIN paragraphs AS o ON o.paragraph_hash = p.paragraph_hash AND o.doc_id <> p.doc_id
    WHERE p.doc_id = $doc_id AND is_wire_copy(p.text)
    GROUP BY o.doc_id
),
event_mates AS (
    SELECT o.doc_id
    FROM event_documents AS t
    JOIN event_documents AS o ON o.event_id = t.event_id
    WHERE t.doc_id = $doc_id AND o.doc_id <> $doc_id
),
candidates AS (
    SELECT doc_id FROM band_mates
    UNION SELECT doc_id FROM chain_mates
    UNION SELECT doc_id FROM shared
    UNION SELECT doc_id FROM event_mates
)
SELECT
    c.doc_id,
    d.site AS outlet,
    d.published_date,
    d.title,
    round(
        len(list_filter(list_zip(t.signature, s.signature), lambda x: x[1] = x[2]))::DOUBLE
            / len(t.signature),
        3
    ) AS minhash_jaccard,
    coalesce(sh.shared_paragraphs, 0) AS shared_paragraphs,
    c.doc_id IN (SELECT doc_id FROM event_mates) AS same_event,
    c.doc_id IN (SELECT doc_id FROM chain_mates) AS copy_chain
FROM candidates AS c
JOIN documents AS d ON d.doc_id = c.doc_id
LEFT JOIN minhash_signatures AS s ON s.doc_id = c.doc_id
LEFT JOIN (SELECT signature FROM minhash_signatures WHERE doc_id = $doc_id) AS t ON TRUE
LEFT JOIN shared AS sh ON sh.doc_id = c.doc_id
ORDER BY minhash_jaccard DESC NULLS LAST, shared_paragraphs DESC, same_event DESC,
         d.published_date NULLS LAST, c.doc_id
LIMIT $limit;
