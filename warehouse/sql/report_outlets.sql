-- Outlets by how many documents they printed.
SELECT coalesce(site, path) AS outlet, count(*) AS documents
FROM documents
GROUP BY ALL
ORDER BY documents DESC, outlet;
