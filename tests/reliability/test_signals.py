"""SIGINT (to the whole process group, as Ctrl-C in a terminal sends it) and SIGTERM (to the
command, as `kill` does) at five points of a real incremental run: the run stops within 10 s
with exit code 130 or 143 and no traceback, commits all or nothing, leaves no process and
releases the lock, and Prefect records the flow run as Cancelled. A run waiting on an analyst
who holds the live file stops after `busy_wait_seconds` with exit code 3. The next run loads
everything once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    Output,
    consistency_problems,
    ingest,
    ingest_flow_runs,
    lock_is_free,
    reap_group,
    rows,
    start_ingest,
    wait_until,
)
from tests.reliability.corpus import write_good_corpus
from warehouse.staging import staging_root

FIRST_ARTICLES = 8
NEW_ARTICLES = 9  # per case: 3 batches of 3, so a signal can land between them
LIMIT_SECONDS = 10
POINTS = ("load", "discover", "clean", "stage", "busy")  # load first: the least to redo
SIGNALS = (signal.SIGINT, signal.SIGTERM)


@dataclass
class SignalWarehouse:
    source: Path
    db: Path
    articles: int = 0
    exits: list[tuple[str, str, float, bool]] = field(default_factory=list)


@pytest.fixture(scope="module")
def warehouse(child_env, tmp_path_factory) -> SignalWarehouse:
    """A warehouse holding a first run: each case adds files and cancels the run taking them."""
    folder = tmp_path_factory.mktemp("signals")
    shared = SignalWarehouse(folder / "drop", folder / "warehouse" / "wh.duckdb")
    kinds = write_good_corpus(shared.source / "first", FIRST_ARTICLES, seed=3)
    shared.articles = sum(kind == "article" for kind in kinds.values())
    code, output = ingest(shared.source, shared.db, child_env)
    assert code == 0, output
    return shared


class _Staged:
    """Whether this run (not a cancelled one before it) has staged a file like `pattern`."""

    def __init__(self, db: Path, pattern: str) -> None:
        self.root, self.pattern = staging_root(db), pattern
        self.earlier = set(self.root.iterdir()) if self.root.is_dir() else set()

    def __call__(self) -> bool:
        runs = set(self.root.iterdir()) - self.earlier if self.root.is_dir() else set()
        return any(any(run.glob(self.pattern)) for run in runs)


class _Loading:
    """Whether the run's load has begun: it staged documents and holds the warehouse open
    (before staging, only discover and the lexicon reads open it, and close it again)."""

    def __init__(self, process: subprocess.Popen, db: Path) -> None:
        self.staged = _Staged(db, "documents-*.parquet")
        self.fds, self.db = Path(f"/proc/{process.pid}/fd"), str(db)

    def __call__(self) -> bool:
        if not self.staged():
            return False
        for fd in self.fds.iterdir():
            try:
                if os.readlink(fd) == self.db:
                    return True
            except OSError:
                continue
        return False


def _reached(point: str, process: subprocess.Popen, db: Path, output: Output):
    """A test of whether the run got to `point`, made before the run starts."""
    lock = db.with_name(db.name + ".lock")
    return {
        "discover": lambda: lock.exists() and lock.read_text() == str(process.pid),
        "clean": _Staged(db, "raw_files-*.parquet"),
        "stage": _Staged(db, "documents-000000.parquet"),
        "load": _Loading(process, db),
        "busy": lambda: "is busy" in output,
    }[point]


def _hold_live_file(db: Path) -> subprocess.Popen:
    """An analyst with a DuckDB session on the live file: the run must wait for it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\n"
            f"con = duckdb.connect({str(db)!r}, read_only=True)\n"
            "print('holding', flush=True)\ntime.sleep(600)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "holding"
    return holder


@pytest.mark.parametrize("signum", SIGNALS, ids=lambda s: s.name)
@pytest.mark.parametrize("point", POINTS)
def test_a_signal_cancels_the_run_within_10_s(point, signum, warehouse, child_env):
    db = warehouse.db
    case = f"{point}-{signum.name}"
    seed = 100 + 2 * POINTS.index(point) + SIGNALS.index(signum)  # distinct articles per case
    kinds = write_good_corpus(warehouse.source / case, NEW_ARTICLES, seed=seed)
    warehouse.articles += sum(kind == "article" for kind in kinds.values())
    (before,) = rows(db, "SELECT count(*) FROM documents")[0]
    holder = _hold_live_file(db) if point == "busy" else None
    try:
        process = start_ingest(warehouse.source, db, child_env, "--batch-size", "3")
        output = Output(process)
        marker = _reached(point, process, db, output)
        reached = wait_until(marker, 180, process, poll=0.005)
        assert reached and process.poll() is None, f"never reached {point}:\n{output.text}"
        sent = time.monotonic()
        if signum == signal.SIGINT:
            os.killpg(process.pid, signum)  # Ctrl-C: the terminal signals the whole group
        else:
            process.send_signal(signum)
        code = process.wait(timeout=120)
        seconds = time.monotonic() - sent
    finally:
        if holder is not None:
            holder.kill()
            holder.wait()
    text = output.text
    committed = "had committed" in text
    warehouse.exits.append((case, f"exit {code}", round(seconds, 2), committed))
    assert code == 128 + signum, text
    assert seconds < LIMIT_SECONDS, f"{case}: {seconds:.1f} s to exit\n{text}"
    assert "Traceback" not in text, text
    assert lock_is_free(db), "the lock outlived the run"
    assert reap_group(process.pid) == [], "processes of the run outlived it"
    assert consistency_problems(db) == []
    (after,) = rows(db, "SELECT count(*) FROM documents")[0]
    # all or nothing: the run takes every file no run loaded yet, this case's and earlier ones'
    assert after == (warehouse.articles if committed else before), text
    (flow_run,) = ingest_flow_runs(db)[:1]
    assert flow_run.state_type.value == "CANCELLED", flow_run.state


def test_a_run_waits_a_bounded_time_for_a_reader_of_the_live_file(warehouse, child_env):
    holder = _hold_live_file(warehouse.db)
    try:
        started = time.monotonic()
        env = {**child_env, "WIREHOUSE_BUSY_WAIT_SECONDS": "3"}
        code, output = ingest(warehouse.source, warehouse.db, env)
        seconds = time.monotonic() - started
    finally:
        holder.kill()
        holder.wait()
    assert code == 3, output
    assert "warehouse busy" in output and f"(PID {holder.pid})" in output, output
    assert "waited 3 s" in output, output
    assert seconds < 60, f"{seconds:.0f} s"  # the command, start-up included
    assert lock_is_free(warehouse.db)
    print(f"\nwaited on a reader of the live file: exit 3 after {seconds:.1f} s (limit 3 s)")


def test_after_the_signals_the_next_run_loads_every_article_once(warehouse, child_env):
    code, output = ingest(warehouse.source, warehouse.db, child_env)
    assert code == 0, output
    assert consistency_problems(warehouse.db) == []
    documents = rows(warehouse.db, "SELECT count(*), count(DISTINCT sha256) FROM documents")[0]
    assert documents == (warehouse.articles, warehouse.articles)
    assert not staging_root(warehouse.db).exists()
    print("\nsignal exits (case, code, seconds from signal to exit, load committed first):")
    for exit_ in warehouse.exits:
        print("  ", *exit_)
