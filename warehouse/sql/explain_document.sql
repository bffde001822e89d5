-- The document `wirehouse explain` shows, by doc_id, by the path it was loaded from, or by
-- any path that held the same bytes (source_files; $sha256: the hash of a file named on the
-- command line), with the raw text it was cleaned from.
SELECT d.doc_id, d.path, d.format, d.title, d.author, d.published_date, d.date_precision,
       d.date_source, d.year_source, d.date_inferred, d.raw_body, f.raw_text
FROM documents AS d
JOIN raw_files AS f USING (sha256)
WHERE d.doc_id = $key
   OR d.path IN ($key, $relative)
   OR d.sha256 = $sha256
   OR d.sha256 IN (SELECT sha256 FROM source_files WHERE path IN ($key, $relative))
ORDER BY d.doc_id = $key DESC, d.path = $key DESC, d.doc_id
LIMIT 1;
