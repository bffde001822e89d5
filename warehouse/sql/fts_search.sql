-- Documents matching $query, best BM25 score first, each with the paragraph that holds the
-- most query words (the earliest on a tie) as its snippet.
WITH hits AS (
    SELECT doc_id, score
    FROM (SELECT doc_id, fts_main_documents.match_bm25(doc_id, $query) AS score FROM documents)
    WHERE score IS NOT NULL
    ORDER BY score DESC, doc_id
    LIMIT $limit
),
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
