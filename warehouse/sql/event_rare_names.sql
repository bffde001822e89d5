-- Proper-name keys of documents with event features, for names at most $max_name_documents
-- documents carry: a commoner name links none of them (as in assign_events' blocking).
-- Built once per run, before its chunks are placed (features do not change meanwhile), so a
-- chunk's candidates cost what the chunk's names reach, not a pass over every document.
CREATE OR REPLACE TEMP TABLE event_rare_names AS
SELECT doc_id, name
FROM (SELECT doc_id, unnest(names) AS name FROM event_features)
QUALIFY count(*) OVER (PARTITION BY name) <= $max_name_documents;
