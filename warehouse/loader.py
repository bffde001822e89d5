"""The warehouse: schema, reads for the pipeline, and the one-transaction load of a run.

The only module that imports duckdb. Every statement lives in a `.sql` file beside it;
values are always bound as parameters, never formatted into SQL.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import importlib
import logging
import os
import re
import stat
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds

from warehouse.backends import WRITER_MEMORY, Lake, lake_schema, lake_upsert, local_path
from warehouse.staging import (
    DOCUMENT_TABLES,
    RETRY_CODES,
    STAGED_TABLES,
    arrow_schema,
    staged_files,
)

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
# Staged tables copied as they are; source_files, casing and rejects merge by their own statements.
MERGED_TABLES = ("source_files", "casing", "rejects", "source_meta")
PLAIN_TABLES = tuple(t for t in STAGED_TABLES if t not in MERGED_TABLES)
SNAPSHOT_SUFFIX = ".snapshot"
# A snapshot being copied; not `<snapshot>.tmp`, which is DuckDB's spill folder for a reader
# of the snapshot. Earlier versions used that name: a stale such file is removed too.
PARTIAL_SUFFIXES = (".partial", ".tmp")
COPY_CHUNK = 1 << 24
# Full-text search macros live in schemas named fts_main_<table>; queries naming one need fts.
FTS_SCHEMA_PREFIX = "fts_main_"
DUCKDB_MAGIC = b"DUCK"  # bytes 8-11 of every DuckDB database file


class QueryError(RuntimeError):
    """An analyst's query was refused by DuckDB (syntax, missing table, write attempt)."""


class WarehouseBusyError(RuntimeError):
    """Another process holds the DuckDB file longer than the retry budget."""


class WarehouseWriteError(RuntimeError):
    """The warehouse cannot be written (disk full, read-only file or folder): nothing changed."""


def _sleep(seconds: float) -> bool:
    time.sleep(seconds)
    return False


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How a run opens the warehouse: how long to wait for another process holding it, and
    the memory its writer's DuckDB may hold (`[warehouse] writer_memory_limit`).

    DuckDB refuses a second process while one holds the file ("Could not set lock");
    analysts' read-only sessions are short, so a minute of backoff covers them, and after
    it the run stops (exit 3) naming the holder. `pause(seconds)` sleeps and returns True
    to stop waiting at once (a cancelled run)."""

    wait_seconds: float = 60.0
    first_delay: float = 0.25
    max_delay: float = 5.0
    pause: Callable[[float], bool] = _sleep
    memory_limit: str | None = None  # None: WRITER_MEMORY of the backend


@cache
def read_sql(name: str) -> str:
    return (HERE / "sql" / f"{name}.sql").read_text(encoding="utf-8")


def execute_script(con, name: str, params: dict) -> None:
    """Run each statement of a `.sql` file with the named parameters it uses.

    DuckDB binds prepared parameters to one statement at a time; our files end each
    statement with ';' at the end of a line. On a DuckLake an upsert runs as a MERGE
    (`backends.lake_upsert`).
    """
    lake = is_lake(con)
    for statement in re.split(r";\s*\n", read_sql(name)):
        if not statement.strip() or all(
            line.strip().startswith("--") or not line.strip() for line in statement.splitlines()
        ):
            continue
        used = {key: value for key, value in params.items() if f"${key}" in statement}
        rewritten = lake_upsert(statement, lake_schema().keys) if lake else None
        for part in rewritten or [statement]:
            con.execute(part, {k: v for k, v in used.items() if f"${k}" in part})


def run_statement(con, name: str, params: dict | None = None) -> None:
    """One statement of `sql/<name>.sql`: as it is on a DuckDB file, through execute_script's
    upsert rewriting on a DuckLake (which has no keys for ON CONFLICT)."""
    if is_lake(con):
        execute_script(con, name, params or {})
    else:
        con.execute(read_sql(name), params or {})


@contextmanager
def unordered(con) -> Iterator[None]:
    """Statements whose result does not depend on scan order, run without preserving it:
    DuckDB then streams a join instead of buffering it in order. near_duplicates keeps one
    row per document by its own ORDER BY; on a lake of 10^5 documents it ran out of the
    512 MB writer limit otherwise (its Parquet scans of the MinHash signatures)."""
    con.execute("SET preserve_insertion_order = false")
    yield
    # Not on an error: the aborted transaction refuses RESET, and its error would hide the
    # statement's own (an out-of-memory, an interrupt); the run's connection closes anyway.
    con.execute("RESET preserve_insertion_order")


def is_lake(con) -> bool:
    """Is this connection's default database a DuckLake (see backends.py)?"""
    row = con.execute(
        "SELECT type FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    return row is not None and row[0] == "ducklake"


def connect(db_path: Path | Lake, read_only: bool = False, retry: RetryPolicy = RetryPolicy()):
    """Open the warehouse, waiting with a bounded, logged backoff while another process
    holds it; then WarehouseBusyError names the holder (DuckDB's message has its PID)."""
    if isinstance(db_path, Lake):
        from warehouse.lake import connect_lake

        return connect_lake(db_path, read_only, retry)
    if not read_only:
        db_path.parent.mkdir(exist_ok=True)  # its own folder, never a chain

    def open_file():
        try:
            con = duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as error:
            if "lock" not in str(error).lower() and not read_only:
                raise WarehouseWriteError(
                    f"cannot open the warehouse {db_path} for writing: {error}"
                ) from error
            raise
        con.execute("SET TimeZone = 'UTC'")
        if not read_only:
            # DuckDB's default is 80% of RAM; a run's load spills to disk beyond this
            limit = retry.memory_limit or WRITER_MEMORY["file"]
            con.execute("SET memory_limit = $limit", {"limit": limit})
        return con

    return while_busy(
        open_file,
        retry,
        lambda error: _holder(error) if "lock" in str(error).lower() else None,
        f"warehouse {db_path}",
        "Analysts read the snapshot (`wirehouse sql`, or the .snapshot.duckdb file beside it).",
    )


def while_busy(
    attempt: Callable[[], Any],
    retry: RetryPolicy,
    holder: Callable[[duckdb.Error], str | None],
    what: str,
    hint: str = "",
) -> Any:
    """`attempt()` until it succeeds, waiting with a bounded, logged, doubling backoff while
    it fails with an error `holder` names a holder for (a DuckDB file another process holds,
    a SQLite catalog mid-commit); then WarehouseBusyError names it. Other errors propagate;
    `retry.pause` returning True (a cancelled run) stops the wait at once."""
    delay = retry.first_delay
    deadline = time.monotonic() + retry.wait_seconds
    tries = 0
    while True:
        tries += 1
        try:
            return attempt()
        except duckdb.Error as error:
            held_by = holder(error)
            if held_by is None:
                raise
            left = deadline - time.monotonic()
            if left <= 0:
                raise WarehouseBusyError(
                    f"{what} is held by another process: {held_by}; waited "
                    f"{retry.wait_seconds:g} s ({tries} attempts). {hint}".rstrip()
                ) from error
            logger.warning(
                "%s is busy (attempt %s, %.0f s left), retrying in %.2fs: %s",
                what,
                tries,
                left,
                min(delay, left),
                held_by,
            )
            if retry.pause(min(delay, left)):
                raise WarehouseBusyError(
                    f"{what} is held by another process; stopped waiting"
                ) from error
            delay = min(delay * 2, retry.max_delay)


def _holder(error: Exception) -> str:
    """Who holds the file, in DuckDB's words ("/usr/bin/python3 (PID 4242)")."""
    found = re.search(r"Conflicting lock is held in (.*?\(PID \d+\))", str(error))
    return found.group(1) if found else str(error).splitlines()[0]


def begin_run(
    db_path: Path | Lake,
    run_id: str,
    kind: str,
    source: str | None,
    retry: RetryPolicy = RetryPolicy(),
) -> None:
    """Record a run as running, in a short transaction of its own (the schema is applied only
    when the warehouse lacks run_states: the run's discover applies it anyway)."""
    params = {
        "run_id": run_id,
        "kind": kind,
        "source": source,
        "pid": os.getpid(),
        "started_at": datetime.now(),
    }
    with write_errors(db_path):
        con = connect(db_path, retry=retry)
        try:
            for attempt in (1, 2):
                con.execute("BEGIN TRANSACTION")
                try:
                    execute_script(con, "run_begin", params)
                except duckdb.CatalogException:  # a new warehouse, or one from before run_states
                    con.execute("ROLLBACK")
                    if attempt == 2:
                        raise
                    apply_schema(con)
                    continue
                con.execute("COMMIT")
                break
        finally:
            con.close()


def end_run(
    db_path: Path | Lake,
    run_id: str,
    state: str,
    error: str | None = None,
    retry: RetryPolicy = RetryPolicy(),
) -> None:
    """Record how a run ended, unless its load recorded it already."""
    with write_errors(db_path):
        con = connect(db_path, retry=retry)
        try:
            mark_run(con, run_id, state, error)
        finally:
            con.close()


def mark_run(con, run_id: str, state: str, error: str | None = None) -> None:
    """Record how a run ended on an open connection (inside the run's own transaction)."""
    params = {"run_id": run_id, "state": state, "finished_at": datetime.now(), "error": error}
    run_statement(con, "run_end", params)


def extension_path(name: str) -> Path:
    """The build of extension `name` that the pinned duckdb-extension-<name> package ships."""
    package = Path(importlib.import_module(f"duckdb_extension_{name}").__file__).parent
    return package / "extensions" / f"v{duckdb.__version__}" / f"{name}.duckdb_extension"


def load_extension(con, name: str) -> None:
    """Load a pinned extension by file path: nothing is downloaded at run time."""
    path = str(extension_path(name)).replace("'", "''")
    con.execute(f"LOAD '{path}'")


def apply_schema(con) -> None:
    """Create missing tables (in file order) and (re)create the views, all or nothing: a run
    killed here must not leave half a schema."""
    if is_lake(con):
        from warehouse.lake import apply_lake_schema

        apply_lake_schema(con)
        return
    con.execute("BEGIN TRANSACTION")
    try:
        for path in sorted((HERE / "schema").glob("*.sql")):
            con.execute(path.read_text(encoding="utf-8"))
        for path in sorted((HERE / "views").glob("*.sql")):
            con.execute(path.read_text(encoding="utf-8"))
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


@contextmanager
def writer_lock(
    db_path: Path | Lake, wait_seconds: float = 0.0, pause: Callable[[float], bool] = _sleep
) -> Iterator[bool]:
    """One writer per warehouse across processes: yields False when another run holds it.

    The lock file is opened without following a symbolic link and must be a plain file of
    one link: a link planted there would have its target truncated and overwritten. A lake's
    lock sits beside its local anchor (`backends.local_path`: the SQLite catalog file)."""
    db_path = local_path(db_path)
    lock_path = db_path.with_name(db_path.name + ".lock")
    try:
        db_path.parent.mkdir(exist_ok=True)  # its own folder, never a chain
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise WarehouseWriteError(
                f"the lock file {lock_path} is a symbolic link; wirehouse locks only a plain "
                "file of its own there: remove the link"
            ) from error
        raise WarehouseWriteError(
            f"cannot write beside the warehouse ({lock_path}: {error.strerror}); "
            "is its folder read-only or the disk full?"
        ) from error
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
        os.close(fd)
        raise WarehouseWriteError(
            f"the lock file {lock_path} is not a plain file of one link: remove it"
        )
    with os.fdopen(fd, "r+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline or pause(0.2):
                    yield False
                    return
        try:
            handle.seek(0)
            handle.truncate()
            handle.write(str(os.getpid()))
            handle.flush()
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def known_files(con) -> dict[str, tuple[str | None, tuple]]:
    """path -> (sha256, (size, mtime_ns, ctime_ns, inode)) of every path recorded so far."""
    rows = con.execute(read_sql("known_files")).fetchall()
    return {path: (sha, tuple(stamp)) for path, sha, *stamp in rows}


def known_hashes(con, hashes: list[str]) -> set[str]:
    """The subset of `hashes` whose content the warehouse already holds: read, or refused
    for good; bytes that could not be read because they moved are not held."""
    if not hashes:
        return set()
    candidate_hashes = pa.table({"sha256": pa.array(sorted(set(hashes)), pa.string())})
    con.register("candidate_hashes", candidate_hashes)
    try:
        found = con.execute(read_sql("known_hashes"), {"retry_codes": sorted(RETRY_CODES)})
        return {row[0] for row in found.fetchall()}
    finally:
        con.unregister("candidate_hashes")


def document_paths(con, paths: list[str]) -> dict[str, str]:
    """path -> sha256 of the documents loaded from these paths."""
    if not paths:
        return {}
    con.register("candidate_paths", pa.table({"path": pa.array(paths, pa.string())}))
    try:
        return dict(con.execute(read_sql("document_paths")).fetchall())
    finally:
        con.unregister("candidate_paths")


def casing_rows(con) -> list[tuple[str, str, int]]:
    return con.execute(read_sql("casing_lexicon")).fetchall()


def site_templates(con, min_documents: int) -> dict[str, frozenset[str]]:
    """site -> hashes of lines printed by at least `min_documents` of its documents."""
    rows = con.execute(read_sql("site_templates"), {"min_documents": min_documents}).fetchall()
    return {site: frozenset(hashes) for site, hashes in rows}


class RunLoad:
    """One run's load, inside one transaction: staged rows in, duplicates and events derived."""

    def __init__(self, con, run_id: str, staging: Path) -> None:
        self.con = con
        self.run_id = run_id
        self.staging = staging

    def interrupt(self) -> None:
        """Stop the statement running now (from another thread or a signal handler); the
        load then fails and rolls back."""
        self.con.interrupt()

    def insert_staged(self) -> None:
        files = staged_files(self.staging)
        for table in STAGED_TABLES:
            paths = files[table]
            dataset = ds.dataset(paths, format="parquet", schema=arrow_schema(table))
            self.con.register(f"stage_{table}", dataset)
        self.con.execute(read_sql("drop_unread_raw_files"))
        for table in PLAIN_TABLES:
            statement = read_sql("insert_staged").format(table=table, staged=f"stage_{table}")
            self.con.execute(statement, {"run_id": self.run_id})
        retry = {"run_id": self.run_id, "retry_codes": sorted(RETRY_CODES)}
        run_statement(self.con, "upsert_source_files", retry)
        run_statement(self.con, "add_casing")
        self.con.execute(read_sql("insert_rejects"), {"run_id": self.run_id})
        execute_script(self.con, "merge_source_meta", {"run_id": self.run_id})

    def mark_duplicates(self, near_threshold: float) -> None:
        params = {"run_id": self.run_id}
        self.con.execute(read_sql("file_copies"), params)
        self.con.execute(read_sql("exact_duplicates"), params)
        with unordered(self.con):
            self.con.execute(read_sql("near_duplicates"), {**params, "threshold": near_threshold})

    def link_shared_text(self, boilerplate_min_documents: int) -> None:
        """Paragraphs that several documents print, and quotes with the documents carrying them."""
        params = {"run_id": self.run_id, "boilerplate_min_documents": boilerplate_min_documents}
        run_statement(self.con, "paragraph_occurrences", params)
        run_statement(self.con, "refresh_quotes", self._run)

    def event_chunks(
        self, size: int, max_name_documents: int, copy_min_similarity: float
    ) -> list[list[str]]:
        """This run's documents in time order, `size` at a time: events place one chunk
        against what is already linked, so memory stays bounded however large the run.
        Names held by more than `max_name_documents` documents find no candidates; copies at
        `copy_min_similarity` or closer are left to `link_event_copies`."""
        self.con.execute(read_sql("event_rare_names"), {"max_name_documents": max_name_documents})
        params = {**self._run, "copy_min_similarity": copy_min_similarity}
        ids = [row[0] for row in self.con.execute(read_sql("run_event_order"), params).fetchall()]
        return [ids[i : i + size] for i in range(0, len(ids), size)]

    def new_event_features(self, chunk: list[str]) -> list[dict]:
        self.con.register("event_chunk", pa.table({"doc_id": pa.array(chunk, pa.string())}))
        return self._dicts(read_sql("new_event_features"), {})

    def event_candidates(self, per_report: int, window_days: int, near_days: int) -> list[dict]:
        """Features and event ids of linked documents sharing rare names with the chunk's:
        at most `per_report` for each of its reports, none dated more than `window_days`
        from the report unless one recalls the other's event days (`near_days`: how close a
        recalled day must come)."""
        params = {"per_report": per_report, "window_days": window_days, "near_days": near_days}
        return self._dicts(read_sql("event_candidates"), params)

    def forget_documents(self, doc_ids: list[str]) -> None:
        """Remove what earlier runs derived from these documents, so this run reloads them under
        the same ids; the events they leave are refreshed along with this run's."""
        documents = pa.table({"doc_id": pa.array(doc_ids, pa.string())})
        self.con.register("backfill_documents", documents)
        execute_script(self.con, "forget_links", {"run_id": self.run_id})
        for table in DOCUMENT_TABLES:
            self.con.execute(read_sql("forget_rows").format(table=table))

    def drop_empty_events(self) -> None:
        self.con.execute(read_sql("drop_empty_events"))

    def link_events(
        self, assignments: dict[str, str], merges: list[tuple[str, str, float]]
    ) -> None:
        """Link documents of this run to their events and fold merged events (absorbed,
        survivor, the event model's probability), in the order they merged."""
        rows = pa.table(
            {
                "doc_id": pa.array(list(assignments), pa.string()),
                "event_id": pa.array(list(assignments.values()), pa.string()),
            }
        )
        self.con.register("stage_event_links", rows)
        run_statement(self.con, "link_events", self._run)
        for absorbed, survivor, probability in merges:
            params = {
                "absorbed_id": absorbed,
                "survivor_id": survivor,
                "probability": probability,
                "run_id": self.run_id,
            }
            execute_script(self.con, "merge_event", params)

    def link_event_copies(self, copy_min_similarity: float) -> None:
        """Close copies of this run join the events of the documents they repeat."""
        params = {**self._run, "copy_min_similarity": copy_min_similarity}
        run_statement(self.con, "link_event_copies", params)

    def refresh_events(self) -> None:
        """Date, title and count of every event this run touched, from its members."""
        execute_script(self.con, "refresh_events", self._run)

    def refresh_search_index(self) -> None:
        """Rebuild the BM25 index over titles and bodies when the documents changed.

        DuckDB's fts index is a snapshot, not maintained on insert, and read-only sessions
        cannot build one; so the writer rebuilds it inside the run's transaction. A lake keeps
        BM25 term counts in tables instead and updates those of changed documents.
        """
        if is_lake(self.con):
            from warehouse.lake import fts_stopwords

            self.con.register("fts_stopwords", fts_stopwords())
            execute_script(self.con, "lake/search_refresh", self._run)
        elif self.con.execute(read_sql("fts_stale")).fetchone()[0]:
            load_extension(self.con, "fts")
            execute_script(self.con, "fts_build", {"run_id": self.run_id})

    def record_run(self, summary: dict) -> None:
        stage_seconds: dict[str, float] = summary.pop("stage_seconds")
        params = {
            **summary,
            "run_id": self.run_id,
            "stage_names": list(stage_seconds),
            "stage_seconds": list(stage_seconds.values()),
        }
        run_statement(self.con, "record_run", params)
        mark_run(self.con, self.run_id, "completed")

    def run_counts(self) -> dict:
        counts = self._dicts("SELECT * FROM runs WHERE run_id = $run_id")[0]
        return counts | {"stage_seconds": dict(counts["stage_seconds"])}

    @property
    def _run(self) -> dict[str, str]:
        return {"run_id": self.run_id}

    def _dicts(self, sql: str, params: dict | None = None) -> list[dict]:
        """Rows as dicts (a MAP as (key, value) pairs); the query's parameters are this run's
        id unless given. Through Arrow: fetchall took 7.6 s on the terms MAP of 29k event
        features, Arrow 1.0 s."""
        cursor = self.con.execute(sql, self._run if params is None else params)
        return cursor.to_arrow_table().to_pylist()


@contextmanager
def load_run(
    db_path: Path | Lake,
    run_id: str,
    staging: Path,
    publish: bool = True,
    retry: RetryPolicy = RetryPolicy(),
    committing: Callable[[], AbstractContextManager] = nullcontext,
) -> Iterator[RunLoad]:
    """A write transaction for one run: committed whole on success, rolled back on any error.

    After the commit the warehouse is published as the analysts' read-only snapshot, unless
    the run changed no data (`publish` false): copying a warehouse of 10^5 documents would
    take longer than such a run, and the snapshot would differ only by that run's row. Every
    run, no-op included, checks the snapshot (it opens and holds the last run that changed
    data) and publishes it again when it does not. `committing()` is entered around COMMIT.
    A lake's commit is its readers' new snapshot: nothing is checkpointed or copied.
    """
    with write_errors(db_path):
        con = connect(db_path, retry=retry)
        try:
            apply_schema(con)
            con.execute("BEGIN TRANSACTION")
            try:
                yield RunLoad(con, run_id, staging)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            with committing():
                con.execute("COMMIT")
            if isinstance(db_path, Lake):
                return
            checkpointed = _checkpoint(con, db_path)
            last = con.execute(read_sql("last_data_run")).fetchone()
        finally:
            con.close()
    if not checkpointed:
        return
    if publish or not snapshot_current(db_path, last[0] if last else None):
        publish_snapshot(db_path)
    else:
        remove_partial_snapshots(db_path)


def _checkpoint(con, db_path: Path) -> bool:
    """Fold the WAL into the file. After COMMIT the run is durable in the WAL, so a failure
    here (disk full) is logged, not raised: the next open replays it, the next run retries."""
    try:
        con.execute("CHECKPOINT")
    except duckdb.Error as error:
        logger.error("checkpoint of %s failed, the WAL keeps the run: %s", db_path, error)
        return False
    return True


@contextmanager
def write_errors(db_path: Path | Lake) -> Iterator[None]:
    """Say plainly that the warehouse could not be written (disk full, read-only, no rights)."""
    try:
        yield
    except duckdb.IOException as error:
        if "lock" in str(error).lower():
            raise
        raise WarehouseWriteError(f"cannot write the warehouse {db_path}: {error}") from error
    except (duckdb.PermissionException, duckdb.TransactionException) as error:
        # a COMMIT that cannot write its WAL fails as a TransactionException: nothing committed
        raise WarehouseWriteError(f"cannot write the warehouse {db_path}: {error}") from error


def run_in_progress(db_path: Path | Lake) -> bool:
    """Whether a run holds the writer lock of this warehouse now (the lock is not taken)."""
    db_path = local_path(db_path)
    lock_path = db_path.with_name(db_path.name + ".lock")
    try:
        handle = open(lock_path)  # noqa: SIM115 (closed below)
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def is_warehouse_file(path: Path) -> bool:
    """Whether `path` holds a DuckDB database: its header names it."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(12)
    except OSError:
        return False
    return header[8:12] == DUCKDB_MAGIC


def snapshot_path(db_path: Path) -> Path:
    """Where analysts read: `wirehouse.snapshot.duckdb` beside `wirehouse.duckdb`."""
    return db_path.with_name(db_path.stem + SNAPSHOT_SUFFIX + db_path.suffix)


def reader_path(db_path: Path | Lake) -> Path | Lake:
    """The file an analyst's query opens: the published snapshot, else the warehouse itself.
    A lake's readers attach it read-only at its last committed snapshot: no copy."""
    if isinstance(db_path, Lake):
        return db_path
    snapshot = snapshot_path(db_path)
    return snapshot if snapshot.exists() else db_path


def publish_snapshot(db_path: Path | Lake) -> Path | None:
    """Copy the checkpointed warehouse beside itself and rename it over the snapshot.

    DuckDB lets no reader in while a writer holds a file and no writer while a reader does;
    analysts read the snapshot, so neither side ever waits for the other. The rename is
    atomic: a reader sees the old or the new snapshot, and a session already open keeps
    the old one. Called by the only writer (under writer_lock), so the partial copy's name
    is fixed; it is created new, never through a link. A failed copy (disk full) leaves the
    previous snapshot and is logged, never raised: the run's data is committed by then, and
    the next run publishes again. A lake publishes by committing: nothing to copy.
    """
    if isinstance(db_path, Lake):
        return None
    snapshot = snapshot_path(db_path)
    partial = snapshot.with_name(snapshot.name + PARTIAL_SUFFIXES[0])
    try:
        remove_partial_snapshots(db_path)
        _copy_to_new_file(db_path, partial)
        os.replace(partial, snapshot)
    except OSError as error:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        logger.error("snapshot %s not published, readers keep the last: %s", snapshot, error)
        return None
    return snapshot


def _copy_to_new_file(source: Path, target: Path) -> None:
    """Copy `source` into a file created at `target` (never an existing one or a link), synced."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    with open(source, "rb") as reader, os.fdopen(os.open(target, flags, 0o644), "wb") as writer:
        size = os.fstat(reader.fileno()).st_size
        offset = 0
        while offset < size:
            sent = os.sendfile(
                writer.fileno(), reader.fileno(), offset, min(COPY_CHUNK, size - offset)
            )
            if sent == 0:
                raise OSError(errno.EIO, f"{source} shrank while it was copied")
            offset += sent
        os.fsync(writer.fileno())


def remove_partial_snapshots(db_path: Path) -> None:
    """Remove copies a killed publish left (files or links; a folder of that name is a
    reader's DuckDB spill folder and stays)."""
    snapshot = snapshot_path(db_path)
    for suffix in PARTIAL_SUFFIXES:
        partial = snapshot.with_name(snapshot.name + suffix)
        if partial.is_symlink() or partial.is_file():
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
                logger.warning("removed %s, left by an unfinished snapshot publish", partial)


def snapshot_current(db_path: Path, run_id: str | None) -> bool:
    """Whether the snapshot opens and holds run `run_id` (the last that changed data)."""
    snapshot = snapshot_path(db_path)
    if not snapshot.is_file():
        return False
    try:
        with duckdb.connect(str(snapshot), read_only=True) as con:
            held = con.execute(read_sql("snapshot_holds_run"), {"run_id": run_id}).fetchone()[0]
    except duckdb.Error as error:
        logger.warning("snapshot %s is unreadable, publishing it again: %s", snapshot, error)
        return False
    if not held:
        logger.warning("snapshot %s lacks run %s, publishing it again", snapshot, run_id)
    return bool(held)


def query(
    db_path: Path | Lake,
    sql: str,
    params: list | dict | None = None,
    retry: RetryPolicy = RetryPolicy(),
) -> tuple[list[str], list[tuple]]:
    """Run one read-only query for an analyst: column names and rows."""
    try:
        con = connect(db_path, read_only=True, retry=retry)
    except duckdb.IOException as error:  # not a lock: a damaged or truncated file
        hint = "; the next `wirehouse ingest` republishes the snapshot"
        first = str(error).splitlines()[0]
        raise QueryError(f"cannot read {db_path} ({first}){hint}") from error
    try:
        if FTS_SCHEMA_PREFIX in sql:
            load_extension(con, "fts")
        cursor = con.execute(sql, params or [])
        columns = [c[0] for c in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
    except duckdb.Error as error:
        raise QueryError(str(error)) from error
    finally:
        con.close()
