-- How each quote travelled: who carried it first, how many outlets followed, over how many days.
CREATE OR REPLACE VIEW v_quote_spread AS
WITH carried AS (
    SELECT
        q.quote_id,
        d.site AS outlet,
        d.doc_id,
        d.published_date,
        (d.published_date IS NULL, d.published_date, d.path) AS first_key
    FROM quote_occurrences q
    JOIN documents d ON d.doc_id = q.doc_id
)
SELECT
    qu.quote_id,
    qu.text,
    qu.speaker,
    count(DISTINCT c.doc_id) AS n_documents,
    count(DISTINCT c.outlet) AS n_outlets,
    arg_min(c.outlet, c.first_key) AS first_outlet,
    arg_min(c.doc_id, c.first_key) AS first_doc_id,
    min(c.published_date) AS first_published,
    max(c.published_date) AS last_published,
    max(c.published_date) - min(c.published_date) AS days_spread,
    list(DISTINCT c.outlet ORDER BY c.outlet) FILTER (WHERE c.outlet IS NOT NULL) AS outlets
FROM quotes qu
JOIN carried c ON c.quote_id = qu.quote_id
GROUP BY qu.quote_id, qu.text, qu.speaker;
