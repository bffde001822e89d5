-- Copy one table of the attached source into the destination, by column name; {table} and
-- {source} come from the catalogs (export_tables.sql), never from a user.
INSERT INTO {table} BY NAME SELECT * FROM {source}.main.{table};
