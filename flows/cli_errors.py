"""Problems the command line reports before it runs anything: one line each, on stderr.

Every line names the file, key or value at fault and says what to do; the caller returns
the documented exit code (2: no usable warehouse or settings, 1: a query). Checking first
means a bad `--db` or `--cron` never starts a server, and no command creates a folder the
user did not ask for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warehouse.backends import Lake
from warehouse.loader import is_warehouse_file

SQLITE_MAGIC = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file


def say_error(message: str) -> None:
    """One line on stderr, never wrapped (scripts read it), no markup."""
    print(" ".join(message.split()), file=sys.stderr, flush=True)


def warehouse_problem(db: Path | Lake, writing: bool = False) -> str | None:
    """Why `db` cannot be the warehouse, or None. A writer may create the file and its own
    folder, in a folder that exists (never a chain of folders); a reader needs the file."""
    if isinstance(db, Lake):
        return lake_problem(db, writing)
    if db.is_dir():
        return f"--db {db} is a folder, not a warehouse file: pass e.g. --db {db}/wirehouse.duckdb"
    if not db.exists():
        if not writing:
            return f"no warehouse at {db}: run `wirehouse ingest` first, or pass --db"
        if not db.parent.is_dir() and not db.parent.parent.is_dir():
            folder = db.parent
            return f"no folder {folder} for the warehouse {db.name}: create it or pass another --db"
        return None
    if not is_warehouse_file(db):
        return f"{db} is not a DuckDB warehouse file: pass the warehouse's .duckdb file with --db"
    return None


def ingest_problem(db: Path | Lake, source: Path) -> str | None:
    """Why a run cannot read `source` into `db`, or None: said before any server starts."""
    if problem := warehouse_problem(db, writing=True):
        return problem
    if not source.is_dir():
        return f"source folder not found: {source} (pass --source or set `source`)"
    return None


def lake_problem(lake: Lake, writing: bool) -> str | None:
    """The same for a DuckLake: a SQLite catalog is a file as a warehouse file is; a
    PostgreSQL catalog is only known once it is attached."""
    if lake.kind != "sqlite":
        return None
    catalog = Path(lake.location)
    if catalog.is_dir():
        return f"--db {lake}: {catalog} is a folder, not a SQLite catalog file"
    if not catalog.exists():
        if not writing:
            return f"no warehouse at {lake}: run `wirehouse ingest` first, or pass --db"
        if not catalog.parent.is_dir() and not catalog.parent.parent.is_dir():
            folder = catalog.parent
            return f"no folder {folder} for the lake's catalog: create it or pass another --db"
        return None
    try:
        with open(catalog, "rb") as handle:
            header = handle.read(16)
    except OSError as error:
        return f"cannot read the lake's catalog {catalog}: {error.strerror}"
    if header != SQLITE_MAGIC:
        return f"{catalog} is not a SQLite database: pass the lake's catalog file with --db"
    return None


def cron_problem(cron: str) -> str | None:
    """Why `cron` is no schedule Prefect accepts, or None (checked before a server starts)."""
    from prefect.client.schemas.schedules import CronSchedule

    try:
        CronSchedule(cron=cron)
    except ValueError:
        return (
            f'--cron "{cron}" is not a cron schedule: give five fields, minute hour day month '
            'weekday, e.g. "*/15 * * * *" for every 15 minutes'
        )
    return None
