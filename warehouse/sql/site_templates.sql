-- Template lines per site: line hashes printed by at least $min_documents documents of the site.
SELECT site, list(line_hash) AS line_hashes
FROM (
    SELECT site, line_hash
    FROM site_lines
    GROUP BY site, line_hash
    HAVING count(*) >= $min_documents
)
GROUP BY site;
