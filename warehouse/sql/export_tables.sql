-- Base tables the destination (the current database) and the attached $source both hold.
SELECT d.table_name
FROM duckdb_tables() AS d
JOIN duckdb_tables() AS s
  ON s.table_name = d.table_name AND s.schema_name = 'main' AND s.database_name = $source
WHERE d.database_name = current_database() AND d.schema_name = 'main' AND NOT d.temporary
ORDER BY d.table_name;
