"""Problems the command line reports before it runs anything: one line each, on stderr.

Every line names the file, key or value at fault and says what to do; the caller returns
the documented exit code (2: no usable warehouse or settings, 1: a query). Checking first
means a bad `--db` or `--cron` never starts a server, and no command creates a folder the
user did not ask for.
"""

from __future__ import annotations

import sys
from pathlib import Path

from warehouse.loader import is_warehouse_file


def say_error(message: str) -> None:
    """One line on stderr, never wrapped (scripts read it), no markup."""
    print(" ".join(message.split()), file=sys.stderr, flush=True)


def warehouse_problem(db: Path, writing: bool = False) -> str | None:
    """Why `db` cannot be the warehouse, or None. A writer may create the file and its own
    folder, in a folder that exists (never a chain of folders); a reader needs the file."""
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
