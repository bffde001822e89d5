"""Helpers of the reliability suite: `wirehouse` as a real subprocess against the session's
Prefect test server, and SQL checks of what a warehouse holds."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO

# Tables whose rows hang off a document; none may outlive it.
CHILD_TABLES = (
    "paragraphs",
    "repairs",
    "event_documents",
    "duplicates",
    "minhash_bands",
    "minhash_signatures",
    "event_features",
)
# What a run loads, without the columns that differ between runs (run_id, timestamps).
CONTENT_QUERIES = {
    "raw_files": "SELECT sha256, path, size, format, raw_text FROM raw_files",
    "documents": "SELECT * EXCLUDE (run_id) FROM documents",
    "paragraphs": "SELECT * EXCLUDE (run_id) FROM paragraphs",
    "repairs": "SELECT * EXCLUDE (run_id) FROM repairs",
    "duplicates": "SELECT * EXCLUDE (run_id) FROM duplicates",
    "event_documents": "SELECT * EXCLUDE (run_id) FROM event_documents",
    "rejects": "SELECT path, sha256, code, reason FROM rejects",
    "source_files": "SELECT path, sha256, size, mtime_ns FROM source_files",
}


@pytest.fixture(scope="session")
def child_env(prefect_server) -> dict[str, str]:
    """Environment for `wirehouse` subprocesses: the session's Prefect API, no temporary server."""
    from prefect.settings import PREFECT_API_URL

    env = dict(os.environ)
    env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    env["PREFECT_LOGGING_LEVEL"] = "WARNING"
    env["PYTHONPATH"] = str(REPO)
    return env


def wirehouse_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.cli", *args]


def start_ingest(source: Path, db: Path, env: dict, **popen: object) -> subprocess.Popen:
    """`wirehouse ingest` as its own process group (so a test can reap what it leaves)."""
    command = wirehouse_command(
        "ingest", "--source", str(source), "--db", str(db), "--quiet", "--workers", "2"
    )
    return subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
        **popen,
    )


def ingest(source: Path, db: Path, env: dict, timeout: float = 300, **popen: object):
    """Run `wirehouse ingest` to the end: (exit code, output)."""
    process = start_ingest(source, db, env, **popen)
    output, _ = process.communicate(timeout=timeout)
    return process.returncode, output


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def consistency_problems(db: Path) -> list[str]:
    """Invariants a warehouse must hold after any crash: each one is a query that finds nothing."""
    checks = {
        f"{table} rows without their document": (
            f"SELECT count(*) FROM {table} t "  # table names from the fixed tuple above
            "WHERE NOT EXISTS (SELECT 1 FROM documents d WHERE d.doc_id = t.doc_id)"
        )
        for table in CHILD_TABLES
    }
    checks |= {
        "duplicates pointing at no document": (
            "SELECT count(*) FROM duplicates t WHERE NOT EXISTS "
            "(SELECT 1 FROM documents d WHERE d.doc_id = t.duplicate_of)"
        ),
        "event links without their event": (
            "SELECT count(*) FROM event_documents t WHERE NOT EXISTS "
            "(SELECT 1 FROM events e WHERE e.event_id = t.event_id)"
        ),
        "sha256 held twice in raw_files": (
            "SELECT count(*) FROM (SELECT sha256 FROM raw_files GROUP BY 1 HAVING count(*) > 1)"
        ),
        "doc_id held twice": (
            "SELECT count(*) FROM (SELECT doc_id FROM documents GROUP BY 1 HAVING count(*) > 1)"
        ),
        "documents without their raw file": (
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM raw_files r WHERE r.sha256 = d.sha256)"
        ),
        "rows of a run that was never recorded": (
            "SELECT count(*) FROM documents d WHERE NOT EXISTS "
            "(SELECT 1 FROM runs r WHERE r.run_id = d.run_id)"
        ),
        "documents whose paragraphs are missing": (
            "SELECT count(*) FROM documents d WHERE d.word_count > 0 AND NOT EXISTS "
            "(SELECT 1 FROM paragraphs p WHERE p.doc_id = d.doc_id)"
        ),
    }
    tables = {name for (name,) in rows(db, "SELECT table_name FROM duckdb_tables()")}
    if "documents" not in tables:
        return []  # killed before its schema committed: an empty warehouse
    problems = []
    for label, sql in checks.items():
        found = rows(db, sql)[0][0]
        if found:
            problems.append(f"{label}: {found}")
    return problems


def content(db: Path) -> dict[str, list[tuple]]:
    """Every loaded row except run ids and timestamps, sorted: equal for equal loads."""
    return {table: sorted(rows(db, sql), key=repr) for table, sql in CONTENT_QUERIES.items()}
