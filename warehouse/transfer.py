"""`wirehouse export`: copy a warehouse into another backend, row for row.

A DuckDB file goes into an empty DuckLake (or a lake into an empty file) in one transaction
of the destination: every table the schema files define, as it is, run ids included. Only the
search index is the destination's own: a file builds its fts index, a lake counts its terms.
"""

from __future__ import annotations

import time
from pathlib import Path

from warehouse import loader
from warehouse.backends import CATALOG_EXTENSIONS, Lake, local_path, quote

SOURCE_ALIAS = "source"
# Tables that only say how the destination indexes or versions itself: never copied.
OWN_TABLES = frozenset({"search_documents", "search_terms", "schema_state"})


class ExportError(RuntimeError):
    """The export cannot start: the destination holds data, or source and destination agree."""


def export_warehouse(source: Path | Lake, target: Path | Lake, run_id: str) -> dict[str, int]:
    """Copy `source` into the empty `target`; rows per table copied."""
    if str(local_path(source)) == str(local_path(target)):
        raise ExportError(f"{source} and {target} are the same warehouse")
    counts: dict[str, int] = {}
    started = time.perf_counter()
    with loader.write_errors(target):
        con = loader.connect(target)
        try:
            loader.apply_schema(con)
            attach_source(con, source)
            tables = _tables(con)
            if con.execute("SELECT count(*) FROM documents").fetchone()[0]:
                raise ExportError(f"{target} already holds documents: export into an empty one")
            con.execute("BEGIN TRANSACTION")
            try:
                for table in tables:
                    counts[table] = _copy(con, table)
                run = loader.RunLoad(con, run_id, Path())
                run.refresh_search_index()
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            if not isinstance(target, Lake):
                con.execute("CHECKPOINT")
        finally:
            con.close()
    loader.publish_snapshot(target)
    counts["seconds"] = round(time.perf_counter() - started, 2)
    return counts


def attach_source(con, source: Path | Lake) -> None:
    """Attach `source` read-only beside the destination as `source`."""
    if isinstance(source, Lake):
        for name in ("ducklake", CATALOG_EXTENSIONS[source.kind]):
            loader.load_extension(con, name)
        attach = source.attach_sql(read_only=True).replace(" AS lake ", f" AS {SOURCE_ALIAS} ")
        con.execute(attach)
    else:
        con.execute(f"ATTACH {quote(str(source))} AS {SOURCE_ALIAS} (READ_ONLY)")


def _tables(con) -> list[str]:
    """Base tables both sides hold, in name order; the destination's own ones left out."""
    rows = con.execute(loader.read_sql("export_tables"), {"source": SOURCE_ALIAS}).fetchall()
    return [name for (name,) in rows if name not in OWN_TABLES]


def _copy(con, table: str) -> int:
    """One table by name; `table` comes from the catalogs, never from a user."""
    statement = loader.read_sql("export_table").format(table=table, source=SOURCE_ALIAS)
    return con.execute(statement).fetchone()[0]
