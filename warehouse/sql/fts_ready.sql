-- Has a writer built the full-text index yet?
SELECT EXISTS (SELECT 1 FROM duckdb_schemas() WHERE schema_name = 'fts_main_documents') AS ready;
