-- fts_search.sql on a lake: the same BM25 (k1 1.2, b 0.75, fts's idf) over search_terms and
-- search_documents instead of the fts index, then the same snippets.
WITH tokens AS (
    SELECT DISTINCT stem(unnest(string_split_regex(regexp_replace(lower(strip_accents(CAST($query AS VARCHAR))), '[0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/\|''''"`-]+', ' ', 'g'), '\s+')), 'porter') AS term
),
stats AS (
    SELECT count(*) AS num_docs, avg(len) AS avgdl FROM search_documents
),
df AS (
    SELECT term, count(*) AS df FROM search_terms JOIN tokens USING (term) GROUP BY term
),
hits AS (
    SELECT t.doc_id,
           sum(log(((s.num_docs - df.df) + 0.5) / (df.df + 0.5) + 1)
               * ((t.tf * (1.2 + 1)) / (t.tf + 1.2 * ((1 - 0.75) + 0.75 * (d.len / s.avgdl)))))
               AS score
    FROM search_terms AS t
    JOIN df USING (term)
    JOIN search_documents AS d USING (doc_id)
    CROSS JOIN stats AS s
    GROUP BY t.doc_id
    ORDER BY score DESC, t.doc_id
    LIMIT $limit
),
