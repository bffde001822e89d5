-- Outlets by how many documents they printed (documents without a site are no outlet).
SELECT site AS outlet, count(*) AS documents
FROM documents
WHERE site IS NOT NULL
GROUP BY ALL
ORDER BY documents DESC, outlet;
