"""Snapshots heal: after a SIGKILL during a publish (the run committed, the snapshot stale, a
partial copy left), a stale snapshot, or a truncated one, the next run, a no-op included,
publishes it again and removes what a killed publish left."""

from __future__ import annotations

import os
import shutil
import signal
import time
from pathlib import Path

from tests.reliability.conftest import (
    consistency_problems,
    ingest,
    reap_group,
    rows,
    start_ingest,
)
from tests.reliability.corpus import write_good_corpus
from warehouse.loader import snapshot_path

ATTEMPTS = 4  # a publish takes tens of milliseconds: a kill may come too late, try again


def _snapshot_state(db: Path) -> tuple[int, str]:
    """Documents and latest run of the snapshot."""
    return rows(
        snapshot_path(db),
        "SELECT (SELECT count(*) FROM documents), (SELECT max(run_id) FROM runs)",
    )[0]


def _live_state(db: Path) -> tuple[int, str]:
    return rows(db, "SELECT (SELECT count(*) FROM documents), (SELECT max(run_id) FROM runs)")[0]


def _last_data_run(db: Path) -> str:
    return rows(db, "SELECT max(run_id) FROM runs WHERE documents_loaded > 0")[0][0]


def _kill_during_publish(source: Path, db: Path, env: dict) -> bool:
    """Run; SIGKILL the run's group the moment its partial snapshot appears. True if the kill
    came during the publish (the partial copy was left)."""
    partial = Path(f"{snapshot_path(db)}.partial")
    process = start_ingest(source, db, env)
    while process.poll() is None and not partial.exists():
        time.sleep(0.0005)
    if process.poll() is not None:
        process.communicate()
        return False
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.communicate()
    reap_group(process.pid)
    return partial.exists()


def test_a_killed_publish_a_stale_and_a_truncated_snapshot_heal(child_env, tmp_path):
    source, db = tmp_path / "drop", tmp_path / "w" / "wh.duckdb"
    write_good_corpus(source / "first", 30, seed=31)
    code, output = ingest(source, db, child_env)
    assert code == 0, output
    stale = tmp_path / "stale.duckdb"
    shutil.copyfile(snapshot_path(db), stale)

    for attempt in range(ATTEMPTS):
        write_good_corpus(source / f"more-{attempt}", 10, seed=40 + attempt)
        if _kill_during_publish(source, db, child_env):
            print(f"\nSIGKILL landed inside a publish on attempt {attempt + 1}")
            break
    else:
        raise AssertionError(f"no kill landed inside a publish in {ATTEMPTS} attempts")
    assert consistency_problems(db) == []
    live = _live_state(db)
    assert _snapshot_state(db) != live, "the killed publish left the snapshot current"
    code, output = ingest(source, db, child_env)  # nothing new: a no-op run
    assert code == 0, output
    assert rows(db, "SELECT files_new FROM runs ORDER BY started_at DESC LIMIT 1") == [(0,)]
    assert _snapshot_state(db)[0] == live[0]
    assert rows(snapshot_path(db), "SELECT count(*) FROM runs WHERE run_id = ?", [live[1]]) == [
        (1,)
    ]
    assert not Path(f"{snapshot_path(db)}.partial").exists()

    shutil.copyfile(stale, snapshot_path(db))  # stale, with a copy the old version left
    Path(f"{snapshot_path(db)}.tmp").write_bytes(stale.read_bytes()[:4096])
    code, output = ingest(source, db, child_env)
    assert code == 0, output
    assert _snapshot_state(db)[0] == live[0]
    assert not Path(f"{snapshot_path(db)}.tmp").exists()

    with open(snapshot_path(db), "r+b") as handle:  # truncated
        handle.truncate(os.path.getsize(snapshot_path(db)) // 2)
    code, output = ingest(source, db, child_env)
    assert code == 0, output
    assert _snapshot_state(db)[0] == live[0]
    assert rows(
        snapshot_path(db), "SELECT count(*) FROM runs WHERE run_id = ?", [_last_data_run(db)]
    ) == [(1,)]
