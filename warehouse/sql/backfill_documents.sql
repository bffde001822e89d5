-- Documents a backfill re-processes: published in [$since, $until), or loaded then when their
-- date is unknown; with the stored raw text, for pages of web archives their record, and what
-- the sidecar beside the document's file said (meta_* columns).
SELECT d.doc_id, d.sha256, d.path, f.format, f.raw_text,
       w.record_offset, w.record_id, w.target_uri, w.warc_date,
       m.path AS meta_path, m.url AS meta_url, m.site AS meta_site, m.title AS meta_title,
       m.author AS meta_author, m.published_date AS meta_published_date,
       m.date_precision AS meta_date_precision
FROM documents AS d
JOIN raw_files AS f USING (sha256)
LEFT JOIN runs AS r ON r.run_id = d.run_id
LEFT JOIN warc_records AS w USING (sha256)
LEFT JOIN source_meta AS m ON m.path = d.path
WHERE f.raw_text IS NOT NULL
  AND coalesce(d.published_date, CAST(r.started_at AS DATE)) >= CAST($since AS DATE)
  AND ($until IS NULL OR coalesce(d.published_date, CAST(r.started_at AS DATE)) < CAST($until AS DATE))
ORDER BY d.path;
