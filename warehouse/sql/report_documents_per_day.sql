-- Documents per publication day and language (documents without a date are left out).
SELECT published_date AS day, coalesce(language, '(unknown)') AS language, count(*) AS documents
FROM documents
WHERE published_date IS NOT NULL
GROUP BY ALL
ORDER BY day, language;
