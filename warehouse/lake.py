"""A DuckLake's connections (see backends.py for what a lake is and what it lacks): an
in-memory DuckDB with the lake attached, its schema from the shared files, its search's stop
words. loader.py calls in here for a `Lake`; a DuckDB file never comes here.
"""

from __future__ import annotations

import logging
from pathlib import Path

import duckdb
import pyarrow as pa

from transforms.rules import RuleSet
from warehouse.backends import (
    CATALOG_EXTENSIONS,
    LAKE_ALIAS,
    WRITER_MEMORY,
    Lake,
    lake_schema,
    local_path,
)
from warehouse.loader import (
    HERE,
    RetryPolicy,
    WarehouseWriteError,
    load_extension,
    read_sql,
    while_busy,
)

logger = logging.getLogger(__name__)


def connect_lake(lake: Lake, read_only: bool = False, retry: RetryPolicy | None = None):
    """An in-memory DuckDB with the lake attached as `lake` and in use. Readers attach
    read-only at the last committed snapshot (or `lake.snapshot`); the writer spills beside
    its local path. Extensions load by file path: nothing is downloaded."""
    retry = retry or RetryPolicy()
    con = duckdb.connect(
        config={"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    )
    try:
        con.execute("SET TimeZone = 'UTC'")
        for name in ("ducklake", CATALOG_EXTENSIONS[lake.kind], "fts"):  # fts: stem()
            load_extension(con, name)
        if lake.data_path and lake.data_path.startswith("s3://"):
            _object_storage(con)
        if not read_only:
            anchor = local_path(lake)
            anchor.parent.mkdir(parents=True, exist_ok=True)
            if lake.data_path and "://" not in lake.data_path:
                Path(lake.data_path).mkdir(parents=True, exist_ok=True)
            spill = anchor.with_name(anchor.name + ".tmp")
            limit = retry.memory_limit or WRITER_MEMORY["lake"]
            con.execute("SET memory_limit = $limit", {"limit": limit})
            con.execute("SET temp_directory = $path", {"path": str(spill)})
        _attach_lake(con, lake, read_only, retry)
        con.execute(f"USE {LAKE_ALIAS}")
    except BaseException:
        con.close()
        raise
    return con


def _object_storage(con) -> None:
    """s3:// data paths through the pinned httpfs and aws packages, with the credentials of
    the AWS credential chain (environment, ~/.aws, instance role). Not tested against S3."""
    for name in ("httpfs", "aws"):
        load_extension(con, name)
    try:
        con.execute("CREATE SECRET wirehouse_s3 (TYPE s3, PROVIDER credential_chain)")
    except duckdb.Error as error:
        raise WarehouseWriteError(f"an s3:// data path needs AWS credentials: {error}") from error


def _attach_lake(con, lake: Lake, read_only: bool, retry: RetryPolicy) -> None:
    """ATTACH, waiting as `loader.connect` does while the catalog database is busy (a SQLite
    catalog mid-commit): a bounded, logged backoff, then WarehouseBusyError."""

    def attach():
        try:
            con.execute(lake.attach_sql(read_only))
        except duckdb.IOException as error:
            if _busy(error) is None and not read_only:
                raise WarehouseWriteError(f"cannot open {lake} for writing: {error}") from error
            raise

    while_busy(attach, retry, _busy, f"lake {lake}")


def _busy(error: duckdb.Error) -> str | None:
    """The catalog database's own words when it is locked or busy, else None."""
    text = str(error)
    if "locked" in text.lower() or "busy" in text.lower():
        return text.splitlines()[0]
    return None


def apply_lake_schema(con) -> None:
    """The schema files as DuckLake takes them (`backends.lake_schema`), in one transaction,
    only when they changed since the last time: each DDL commit would be a lake snapshot."""
    schema = lake_schema()
    applied = con.execute(read_sql("lake/schema_applied")).fetchone()[0]
    if applied and con.execute("SELECT fingerprint FROM schema_state").fetchone() == (
        schema.fingerprint,
    ):
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for statement in schema.statements:
            con.execute(statement)
        con.execute("DELETE FROM schema_state")
        con.execute(
            "INSERT INTO schema_state VALUES ($fingerprint, now()::TIMESTAMP)",
            {"fingerprint": schema.fingerprint},
        )
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def fts_stopwords() -> pa.Table:
    """The fts extension's English stop words (`data/fts_stopwords_en.txt`), as column `sw`."""
    words = RuleSet.from_file(HERE / "data" / "fts_stopwords_en.txt").plain
    return pa.table({"sw": pa.array(words, pa.string())})
