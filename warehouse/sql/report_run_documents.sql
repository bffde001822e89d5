-- Documents a run loaded, per site and language.
SELECT
    coalesce(site, '(no site)') AS site,
    coalesce(language, '(unknown)') AS language,
    count(*) AS documents,
    count(*) FILTER (WHERE machine_translated) AS machine_translated,
    sum(word_count) AS words
FROM documents
WHERE run_id = $run_id
GROUP BY ALL
ORDER BY documents DESC, site, language;
