"""SIGKILL at random points of real runs: the warehouse is always consistent, and the runs
that follow end with exactly what one clean run loads."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import consistency_problems, content, rows, start_ingest
from tests.reliability.corpus import write_good_corpus
from warehouse.staging import staging_root

KILLS = 14  # random points over the work; 20 took 180-220 s of a CI near its 20 minutes
ARTICLES = 200
POLL = 0.02


@pytest.mark.timeout(900)  # 15+ real runs, each with its start-up: minutes on a loaded machine
def test_sigkill_at_random_points_loses_and_doubles_nothing(child_env, tmp_path):
    source = tmp_path / "corpus"
    kinds = write_good_corpus(source, ARTICLES)
    clean_db = tmp_path / "clean" / "wh.duckdb"
    process = start_ingest(source, clean_db, child_env)
    work_started = _wait_for_work(process, clean_db)
    output, _ = process.communicate(timeout=300)
    work = time.monotonic() - work_started  # from discovery to exit: where kills matter
    assert process.returncode == 0, output
    expected = content(clean_db)
    assert len(expected["documents"]) == ARTICLES
    assert expected["rejects"] == []

    db = tmp_path / "killed" / "wh.duckdb"
    rng = random.Random(20261126)
    kills = completed = 0
    kill_points: list[float] = []
    while kills < KILLS:
        process = start_ingest(source, db, child_env)
        started = _wait_for_work(process, db)
        delay = rng.uniform(0, work * 1.1)
        try:
            output, _ = process.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            kills += 1
            kill_points.append(round((time.monotonic() - started) / work, 2))
            leftovers = _reap_group(process)
            assert leftovers == 0, "pool workers outlived their killed run"
            process.communicate()
        else:
            # This run ended before its kill: the warehouse must be complete and right.
            assert process.returncode == 0, output
            assert content(db) == expected
            completed += 1
            shutil.rmtree(db.parent)  # next round starts from an empty warehouse
        if db.exists():
            assert consistency_problems(db) == [], f"after kill {kills} at {kill_points[-1]}"

    process = start_ingest(source, db, child_env)
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    assert consistency_problems(db) == []
    assert content(db) == expected
    documents = rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents")[0]
    assert documents == (ARTICLES, ARTICLES)
    copies = sum(1 for kind in kinds.values() if kind == "copy")
    assert rows(db, "SELECT count(*) FROM duplicates WHERE doc_id = duplicate_of")[0][0] == copies
    print(
        f"\nkills survived: {kills} (at {sorted(kill_points)} of the work), rounds that "
        f"completed before their kill: {completed}, documents lost: 0, duplicates: 0"
    )


def _wait_for_work(process: subprocess.Popen, db: Path) -> float:
    """Wait until the run has started the flow (made its staging folder) or exited."""
    staging = staging_root(db)
    before = set(staging.iterdir()) if staging.is_dir() else set()
    while process.poll() is None:
        if staging.is_dir() and set(staging.iterdir()) - before:
            break
        time.sleep(POLL)
    return time.monotonic()


def _reap_group(process: subprocess.Popen) -> int:
    """Processes of the killed run's group still alive after 15 s (its pool workers must exit
    with it: each watches the run's pidfd, and on a loaded machine a worker still starting
    takes seconds to notice); kill them, as they are this test's own."""
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return 0
        time.sleep(0.05)
    leftovers = len(_group_members(process.pid))
    os.killpg(process.pid, signal.SIGKILL)
    return leftovers


def _group_members(pgid: int) -> list[int]:
    return [pid for pid in map(int, filter(str.isdigit, os.listdir("/proc"))) if _pgid(pid) == pgid]


def _pgid(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except ProcessLookupError:
        return None
