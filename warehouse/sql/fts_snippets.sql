-- The rest of a search (after fts_search.sql, or lake/fts_search.sql, which end in the
-- `hits` CTE): the paragraph of each hit that holds the most query words (the earliest on a
-- tie) as its snippet, and the rows shown.
terms AS (
    SELECT DISTINCT lower(word) AS term
    FROM unnest(regexp_split_to_array($query, '[^[:alnum:]]+')) AS words(word)
    WHERE length(word) > 2
),
paragraph_hits AS (
    SELECT p.doc_id, p.ordinal, p.text, count(t.term) AS matched
    FROM paragraphs p
    JOIN hits USING (doc_id)
    LEFT JOIN terms t ON contains(lower(p.text), t.term)
    GROUP BY ALL
),
snippets AS (
    SELECT doc_id, arg_max(text, (matched, -ordinal)) AS snippet
    FROM paragraph_hits
    GROUP BY doc_id
)
SELECT
    round(h.score, 3) AS score,
    d.site AS outlet,
    d.published_date,
    d.title,
    CASE WHEN length(s.snippet) > 160 THEN left(s.snippet, 157) || '...' ELSE s.snippet END
        AS snippet,
    d.doc_id
FROM hits h
JOIN documents d USING (doc_id)
LEFT JOIN snippets s USING (doc_id)
ORDER BY h.score DESC, d.doc_id;
