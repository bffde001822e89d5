-- Row counts of the curated tables.
SELECT 'documents' AS "table", count(*) AS "rows" FROM documents
UNION ALL SELECT 'paragraphs', count(*) FROM paragraphs
UNION ALL SELECT 'repairs', count(*) FROM repairs
UNION ALL SELECT 'duplicates', count(*) FROM duplicates
UNION ALL SELECT 'events', count(*) FROM events
UNION ALL SELECT 'event_documents', count(*) FROM event_documents
UNION ALL SELECT 'rejects', count(*) FROM rejects
UNION ALL SELECT 'runs', count(*) FROM runs;
