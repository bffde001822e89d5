"""Helpers of the reliability suite: `wirehouse` as a real subprocess against the session's
Prefect test server, and SQL checks of what a warehouse holds."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
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
    env["COLUMNS"] = "300"  # messages the tests look for are not wrapped
    return env


def wirehouse_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "flows.cli", *args]


def start_ingest(
    source: Path, db: Path, env: dict, *options: str, **popen: object
) -> subprocess.Popen:
    """`wirehouse ingest` as its own process group (so a test can reap what it leaves)."""
    command = wirehouse_command(
        "ingest", "--source", str(source), "--db", str(db), "--quiet", "--workers", "2", *options
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


def ingest(
    source: Path,
    db: Path,
    env: dict,
    timeout: float = 300,
    options: tuple[str, ...] = (),
    **popen: object,
):
    """Run `wirehouse ingest` to the end: (exit code, output)."""
    process = start_ingest(source, db, env, *options, **popen)
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


class Output:
    """A child's output, read as it comes (so a test can wait for a line while it runs)."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[str] = []
        self.thread = threading.Thread(target=self._read, args=(process,), daemon=True)
        self.thread.start()

    def _read(self, process: subprocess.Popen) -> None:
        for line in process.stdout:
            self.lines.append(line)

    def __contains__(self, text: str) -> bool:
        return any(text in line for line in self.lines)

    @property
    def text(self) -> str:
        self.thread.join(timeout=5)
        return "".join(self.lines)


def wait_until(condition: Callable[[], bool], timeout: float, process=None, poll=0.01) -> bool:
    """Poll `condition` until it holds (True), the time is up or `process` ended (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        if process is not None and process.poll() is not None:
            return condition()
        time.sleep(poll)
    return False


def lock_is_free(db: Path) -> bool:
    """Whether a writer could take the warehouse's lock now."""
    lock = db.with_name(db.name + ".lock")
    if not lock.exists():
        return True
    with open(lock, "rb") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(handle, fcntl.LOCK_UN)
    return True


def group_members(pgid: int) -> list[int]:
    """Live processes of a process group (a run's CLI, forkserver and pool workers)."""
    members = []
    for pid in map(int, filter(str.isdigit, os.listdir("/proc"))):
        try:
            if os.getpgid(pid) == pgid and not _zombie(pid):
                members.append(pid)
        except ProcessLookupError:
            continue
    return members


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except (OSError, IndexError):
        return True


def reap_group(pgid: int, grace: float = 5.0) -> list[int]:
    """Members of the group still alive after `grace` seconds; then kill them (they are the
    test's own)."""
    wait_until(lambda: not group_members(pgid), grace, poll=0.05)
    left = group_members(pgid)
    if left:
        os.killpg(pgid, 9)
    return left


def children(pid: int) -> list[int]:
    """Direct children of a process."""
    found = []
    for child in map(int, filter(str.isdigit, os.listdir("/proc"))):
        try:
            stat = Path(f"/proc/{child}/stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(child)
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return not _zombie(pid)


def ingest_flow_runs(db: Path) -> list:
    """The Prefect flow runs of `wirehouse ingest` on warehouse `db`, newest first."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.client.schemas.sorting import FlowRunSort

    with get_client(sync_client=True) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=["wirehouse-ingest"])),
            sort=FlowRunSort.START_TIME_DESC,
            limit=200,
        )
    return [run for run in runs if run.parameters.get("db") == str(db)]


def task_run_states(flow_run_id) -> dict[str, str]:
    """Task run name -> state type of one flow run."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    return {run.name: run.state_type.value if run.state_type else "" for run in runs}
