-- Has the lake got its schema state table (and so the schema) yet?
SELECT EXISTS (
    SELECT 1 FROM duckdb_tables()
    WHERE database_name = current_database() AND table_name = 'schema_state'
) AS applied;
