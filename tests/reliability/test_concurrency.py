"""Analysts query while a scheduled run writes; overlapping runs (the one that skips exits 3);
files dropped mid-run. (The bounded wait on an analyst holding the live file is in
test_signals.py, on that module's warehouse.)"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from tests.conftest import REPO
from tests.reliability.conftest import consistency_problems, ingest, rows, start_ingest
from tests.reliability.corpus import ENGLISH, write_good_corpus
from warehouse.staging import staging_root

HOLD_SECONDS = 3.0


def _analyst(mode: str, db, arg: str, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.analyst", mode, str(db), arg],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _result(process: subprocess.Popen) -> dict:
    output, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    return json.loads(output.strip().splitlines()[-1])


def test_analysts_overlapping_runs_and_a_file_dropped_mid_run(child_env, tmp_path):
    source = tmp_path / "drop"
    write_good_corpus(source / "first", 30, seed=1)
    db = tmp_path / "warehouse" / "wh.duckdb"
    code, output = ingest(source, db, child_env)
    assert code == 0, output
    write_good_corpus(source / "second", 60, seed=2)

    stop = tmp_path / "stop-analysts"
    holder = _analyst("hold", db, str(HOLD_SECONDS), child_env)
    assert holder.stdout.readline().strip() == "holding"  # the live file is held from now on
    analysts = [_analyst(mode, db, str(stop), child_env) for mode in ("shell", "cli")]
    runs = [start_ingest(source, db, child_env) for _ in range(2)]  # an overlapping schedule
    staging = staging_root(db)
    while not (staging.is_dir() and any(staging.iterdir())):
        assert any(run.poll() is None for run in runs), "the runs ended before any staged"
        time.sleep(0.05)
    late = source / "late" / "dropped-mid-run.txt"
    late.parent.mkdir()
    late.write_text("Dropped while a run was loading.\n\n" + ENGLISH * 4, encoding="utf-8")
    outputs = [run.communicate(timeout=300)[0] for run in runs]
    stop.touch()
    held = _result(holder)
    shell, cli = (_result(analyst) for analyst in analysts)

    assert sorted(run.returncode for run in runs) == [0, 3], outputs  # 3: skipped, busy
    skipped = [out for out in outputs if "skipped" in out]
    assert len(skipped) == 1, outputs  # one writer at a time: the other run skips
    loaded = next(out for out in outputs if "skipped" not in out)
    assert "is busy" in loaded, "the run should have waited, logged, for the held file"
    assert held["seen"] == [30]
    for analyst in (shell, cli):
        assert analyst["failures"] == [], analyst["failures"][:3]
        assert analyst["queries"] >= 3
    assert shell["seen"] == [30]  # an open session keeps the snapshot it opened
    assert 90 in cli["seen"] or 91 in cli["seen"], cli["seen"]  # new sessions see the new load

    code, output = ingest(source, db, child_env)  # the next run takes the dropped file
    assert code == 0, output
    assert rows(db, "SELECT count(*), count(DISTINCT sha256) FROM documents")[0] == (91, 91)
    assert rows(db, "SELECT count(*) FROM documents WHERE path = 'late/dropped-mid-run.txt'") == [
        (1,)
    ]
    assert consistency_problems(db) == []
