-- Headline counts of the warehouse for the HTML report.
SELECT
    (SELECT count(*) FROM documents) AS documents,
    (SELECT count(DISTINCT site) FROM documents) AS outlets,
    (SELECT count(*) FROM documents WHERE site IS NULL) AS documents_without_site,
    (SELECT count(*) FROM events) AS events,
    (SELECT count(*) FROM paragraphs) AS paragraphs,
    (SELECT count(*) FROM repairs) AS repairs,
    (SELECT count(*) FROM duplicates) AS duplicates,
    (SELECT count(*) FROM rejects) AS rejects,
    (SELECT count(*) FROM runs) AS runs,
    (SELECT min(published_date) FROM documents) AS first_published,
    (SELECT max(published_date) FROM documents) AS last_published;
