"""The analysts' connection: read-only in fact, bounded in time, memory and rows.

Every read for a person (`wirehouse sql`, `search`, `status`, `report` and
`warehouse.connect()` in Python) opens the published snapshot through `open_reader`: the
file read-only, the warehouse's own pinned extensions loaded by file path (fts), then DuckDB
locked down: no file, URL or network access (COPY, read_text, ATTACH of a file, INSTALL,
LOAD, EXPORT), no extension autoloading, a memory limit, a thread cap and a private spill
folder, and the configuration locked (no SET, RESET or setting PRAGMA can undo any of it).
`Reader` adds what the command line needs: only read statements are run (SELECT, WITH,
FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN; any PRAGMA, SET, CALL, COPY, ATTACH ... is
refused before anything runs), a time limit that interrupts the query, and a row limit for
terminal output that still counts what it cut. Refusals read as plain errors.

A DuckLake (`backends.Lake`) is read the same way: an in-memory DuckDB with the lake attached
read-only at its last committed snapshot (or `--at-snapshot N`), then the same lock-down (the
lake's data path is the one folder file access stays open to: DuckLake reads its Parquet files
through DuckDB's file system). The catalog's scanner extension (sqlite or
postgres) must stay loaded, and its functions open files and servers of their own, past
`enable_external_access`: so on a lake every statement is also parsed for the functions it
calls, and one of the scanners' (sqlite_scan, postgres_query, ...), DuckLake's maintenance
(ducklake_cleanup_old_files, ...) or `query`/`query_table` (SQL in a string) is refused before
anything runs.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse.backends import CATALOG_EXTENSIONS, LAKE_ALIAS, Lake
from warehouse.loader import QueryError, extension_path, reader_path

DEFAULT_TIMEOUT = 60.0  # seconds a command's queries may run in all (`--timeout`)
# DuckDB's own memory (its result stream, joins, sorts); it spills to a private folder beyond.
MEMORY_LIMIT = "1GB"
MAX_SPILL = "4GB"
THREADS = 2
EXTENSIONS = ("fts",)  # the warehouse's own: its full-text index needs fts to be read
BATCH_ROWS = 65_536
READ_STATEMENTS = frozenset({"SELECT", "EXPLAIN"})  # DESCRIBE, SHOW, SUMMARIZE parse as SELECT
# Functions a lake reader refuses besides those of the catalog scanner extensions: DuckLake's
# maintenance and writes (the read-only attach refuses most, not all: cleanup_old_files and
# merge_adjacent_files ran) and SQL given as a string, which no check before running can read.
LAKE_REFUSED_FUNCTIONS = frozenset(
    {
        "query",
        "query_table",
        "ducklake_add_data_files",
        "ducklake_cleanup_old_files",
        "ducklake_delete_orphaned_files",
        "ducklake_expire_snapshots",
        "ducklake_flush_inlined_data",
        "ducklake_merge_adjacent_files",
        "ducklake_rewrite_data_files",
        "ducklake_set_commit_message",
        "ducklake_set_option",
        "ducklake_commit",
    }
)
_EXPLAIN = re.compile(r"^\s*EXPLAIN(\s+ANALY[SZ]E)?\s+", re.IGNORECASE)


class RefusedError(QueryError):
    """A statement that would write, reach outside the warehouse or change a setting."""


class QueryTimeoutError(QueryError):
    """The query ran past the time limit and was interrupted."""


class SnapshotUnreadableError(QueryError):
    """The snapshot cannot be opened (damaged or truncated): the next run republishes it."""


@dataclass(frozen=True, slots=True)
class QueryResult:
    """Rows of one statement: at most `max_rows` of them, and how many more there were."""

    table: pa.Table
    cut: int = 0  # rows not returned
    cut_counted: bool = True  # False when counting them stopped at the time limit

    @property
    def columns(self) -> list[str]:
        return self.table.column_names

    def rows(self) -> list[tuple]:
        columns = [column.to_pylist() for column in self.table.columns]
        return list(zip(*columns, strict=True)) if columns else []


def open_reader(db: Path | Lake, memory_limit: str = MEMORY_LIMIT, threads: int = THREADS):
    """A locked-down read-only DuckDB connection on the snapshot of warehouse `db` (or on
    `db` itself when it is a file no writer publishes: a snapshot, a copy). A lake is
    attached read-only at its last committed snapshot (`db.snapshot` when set)."""
    if isinstance(db, Lake):
        con = _open_lake(db)
        try:
            data_path = con.execute(
                f"SELECT data_path FROM ducklake_settings('{LAKE_ALIAS}')"
            ).fetchone()[0]
            _lock_down(con, memory_limit, threads, allowed=data_path)
        except BaseException:
            con.close()
            raise
        return con
    path = reader_path(Path(db))
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise QueryError(f"{path} is held by a writer: {error}") from error
        raise SnapshotUnreadableError(
            f"cannot read {path} ({_first_line(error)}); the next `wirehouse ingest` "
            "republishes the snapshot"
        ) from error
    try:
        if not _locked_down(con):
            _lock_down(con, memory_limit, threads)
    except BaseException:
        con.close()
        raise
    return con


def _open_lake(lake: Lake):
    from warehouse.lake import connect_lake

    try:
        return connect_lake(lake, read_only=True)
    except duckdb.Error as error:
        raise QueryError(f"cannot read {lake.name}: {_first_line(error)}") from error


@cache
def lake_refused_functions(kind: str) -> frozenset[str]:
    """What a reader of a lake with a `kind` catalog refuses: the functions its scanner
    extension adds to DuckDB (found by loading it), and LAKE_REFUSED_FUNCTIONS."""
    with duckdb.connect(config={"autoload_known_extensions": False}) as con:
        names = "SELECT DISTINCT function_name FROM duckdb_functions()"
        before = {name for (name,) in con.execute(names).fetchall()}
        con.execute(f"LOAD '{_quoted(extension_path(CATALOG_EXTENSIONS[kind]))}'")
        added = {name for (name,) in con.execute(names).fetchall()} - before
    return frozenset(added) | LAKE_REFUSED_FUNCTIONS


def _functions_called(con, sql: str) -> set[str] | None:
    """Names of every function `sql` (one read statement) calls, from DuckDB's own parse tree;
    None when DuckDB cannot serialise it."""
    text = _EXPLAIN.sub("", sql, count=1)
    tree = json.loads(con.execute("SELECT json_serialize_sql($sql)", {"sql": text}).fetchone()[0])
    if tree.get("error"):
        return None
    found: set[str] = set()
    stack: list[object] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            name = node.get("function_name")
            if isinstance(name, str):
                found.add(name.lower())
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


def _locked_down(con) -> bool:
    """Whether this database instance is locked down already: DuckDB shares one instance
    among a process's connections to a file, and its settings with them."""
    settings = dict(
        con.execute(
            "SELECT name, value FROM duckdb_settings() "
            "WHERE name IN ('lock_configuration', 'enable_external_access')"
        ).fetchall()
    )
    if settings["lock_configuration"] != "true":
        return False
    if settings["enable_external_access"] != "false":
        raise QueryError("this process holds the snapshot open with settings locked unguarded")
    return True


def _lock_down(con, memory_limit: str, threads: int, allowed: str | None = None) -> None:
    """`allowed`: the one folder (a lake's data path) file access stays open to: DuckLake
    reads its Parquet files through DuckDB's file system, which the lock-down closes."""
    for name in EXTENSIONS:
        con.execute(f"LOAD '{_quoted(extension_path(name))}'")
    if allowed:
        con.execute("SET allowed_directories = [$folder]", {"folder": allowed})
    spill = Path(tempfile.gettempdir()) / f"wirehouse-reader-{os.getpid()}-{uuid.uuid4().hex}"
    for statement in (
        "SET TimeZone = 'UTC'",
        "SET enable_progress_bar = false",
        f"SET temp_directory = '{_quoted(spill)}'",  # DuckDB makes and removes it
        f"SET max_temp_directory_size = '{MAX_SPILL}'",
        f"SET memory_limit = '{memory_limit}'",
        f"SET threads = {int(threads)}",
        "SET autoinstall_known_extensions = false",
        "SET autoload_known_extensions = false",
        "SET enable_external_access = false",
        "SET lock_configuration = true",
    ):
        con.execute(statement)


class Reader:
    """A guarded session for a command: its statements share one time limit."""

    def __init__(self, db: Path | Lake, timeout: float | None = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self.deadline = None if timeout is None else time.monotonic() + timeout
        self.refused = lake_refused_functions(db.kind) if isinstance(db, Lake) else frozenset()
        self.con = open_reader(db)

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def statements(self, sql: str) -> list[str]:
        """The statements of `sql`, each checked to only read; nothing runs if one does not."""
        try:
            parsed = self.con.extract_statements(sql)
        except duckdb.Error as error:
            raise QueryError(_first_line(error)) from error
        for statement in parsed:
            kind = statement.type.name
            if kind not in READ_STATEMENTS:
                what = {"LOAD": "INSTALL and LOAD", "SET": "SET, RESET and USE"}.get(kind, kind)
                raise RefusedError(
                    f"refused, the warehouse is read-only here: {what} statements are not "
                    "run; read with SELECT (WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, "
                    "EXPLAIN)"
                )
        if self.refused:
            for statement in parsed:
                self._check_functions(statement.query)
        return [statement.query for statement in parsed]

    def _check_functions(self, sql: str) -> None:
        """On a lake: refuse a statement calling a function that reaches past the lake."""
        try:
            called = _functions_called(self.con, sql)
        except duckdb.Error as error:
            raise QueryError(_first_line(error)) from error
        if called is None:
            raise RefusedError(
                "refused: this statement cannot be checked on a lake (only SELECT, WITH, FROM, "
                "VALUES, DESCRIBE, SHOW, SUMMARIZE and EXPLAIN of those are read here)"
            )
        if bad := sorted(called & self.refused):
            raise RefusedError(
                f"refused: queries here read the lake only; {', '.join(bad)} reaches "
                "files, servers or the lake's maintenance"
            )

    def fetch(
        self, sql: str, params: list | dict | None = None, max_rows: int | None = None
    ) -> QueryResult:
        """Run one read statement; keep `max_rows` rows (all when None) and count the rest.

        Counting streams the rest without keeping it; if the time limit stops the count
        after the kept rows are complete, the result says the count is a lower bound."""
        kept: list[pa.RecordBatch] = []
        have = cut = 0
        with self._time_limit():
            stream = self._execute(sql, params)
            try:
                for batch in self._read(stream):
                    room = batch.num_rows if max_rows is None else max(max_rows - have, 0)
                    if room:
                        kept.append(batch.slice(0, room))
                        have += min(room, batch.num_rows)
                    cut += batch.num_rows - min(room, batch.num_rows)
            except QueryTimeoutError:
                if max_rows is None or have < max_rows:
                    raise
                return QueryResult(_table(kept, stream.schema), cut, cut_counted=False)
        return QueryResult(_table(kept, stream.schema), cut)

    @contextmanager
    def stream(
        self, sql: str, params: list | dict | None = None
    ) -> Iterator[tuple[pa.Schema, Iterator[pa.RecordBatch]]]:
        """The schema and record batches of one read statement as DuckDB streams them, under
        the time limit: for writing a whole result out without holding it."""
        with self._time_limit():
            stream = self._execute(sql, params)
            yield stream.schema, self._read(stream)

    def _execute(self, sql: str, params: list | dict | None) -> pa.RecordBatchReader:
        found = self.statements(sql)
        if len(found) != 1:
            raise QueryError(f"one statement at a time here ({len(found)} given)")
        try:
            return self.con.execute(found[0], params or []).to_arrow_reader(BATCH_ROWS)
        except duckdb.InterruptException as error:
            raise self._timed_out() from error
        except duckdb.Error as error:
            raise _plain(error) from error

    def _read(self, stream: pa.RecordBatchReader) -> Iterator[pa.RecordBatch]:
        while True:
            try:
                batch = stream.read_next_batch()
            except StopIteration:
                return
            except (duckdb.Error, OSError) as error:  # DuckDB's errors, through Arrow
                if "interrupt" in str(error).lower():
                    raise self._timed_out() from error
                raise QueryError(_first_line(error)) from error
            yield batch

    @contextmanager
    def _time_limit(self) -> Iterator[None]:
        """Interrupt whatever DuckDB runs when the session's time is up."""
        if self.deadline is None:
            yield
            return
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise self._timed_out()
        timer = threading.Timer(remaining, self.con.interrupt)
        timer.daemon = True
        timer.start()
        try:
            yield
        finally:
            timer.cancel()

    def _timed_out(self) -> QueryTimeoutError:
        return QueryTimeoutError(
            f"stopped at the time limit of {self.timeout:g} s (--timeout to allow more)"
        )


def query(
    db: Path | Lake,
    sql: str,
    params: list | dict | None = None,
    *,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_rows: int | None = None,
) -> QueryResult:
    """One guarded read of warehouse `db`'s snapshot."""
    with Reader(db, timeout) as reader:
        return reader.fetch(sql, params, max_rows)


def _plain(error: duckdb.Error) -> QueryError:
    """DuckDB's refusals of the lock-down, said plainly; other errors as DuckDB words them."""
    text = _first_line(error)
    if isinstance(error, duckdb.PermissionException):
        if "extension" in text.lower():
            return RefusedError(f"refused: INSTALL and LOAD are off ({text})")
        return RefusedError(
            f"refused: queries here read the warehouse only, no files, URLs or network ({text})"
        )
    if "configuration has been locked" in text:
        return RefusedError(f"refused: settings are locked ({text})")
    if "read-only" in text:
        return RefusedError(f"refused: the warehouse is read-only here ({text})")
    if isinstance(error, duckdb.OutOfMemoryException):
        return QueryError(
            f"the query needs more than the {MEMORY_LIMIT} memory limit ({text}); "
            "aggregate or filter it"
        )
    return QueryError(str(error))


def _table(batches: list[pa.RecordBatch], schema: pa.Schema | None) -> pa.Table:
    if not batches:
        return pa.table({}) if schema is None else schema.empty_table()
    return pa.Table.from_batches(batches)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
