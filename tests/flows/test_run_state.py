"""Runs of every kind and state in `run_states`, and what `wirehouse status` shows of them."""

from __future__ import annotations

import contextlib
import fcntl
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from flows.run_state import is_cancellation, recorded_run
from tests.conftest import empty_config, run_ingest
from warehouse import loader


class RunCancelled(Exception):
    """What the command line raises through a flow on SIGINT or SIGTERM."""


def states(db: Path) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "SELECT kind, state, error IS NOT NULL, finished_at IS NOT NULL FROM run_states "
            "ORDER BY started_at"
        ).fetchall()


def status(db: Path, capsys) -> list[dict]:
    """`wirehouse status`'s runs table, read back from its (piped, so never cut) output."""
    assert main(["status", "--db", str(db)]) == 0
    table = capsys.readouterr().out.split("row(s)")[0]
    lines = [line for line in table.splitlines() if line.startswith(("┃", "│"))]
    cells = [[cell.strip() for cell in line.strip("┃│").split(line[0])] for line in lines]
    return [dict(zip(cells[0], row, strict=True)) for row in cells[1:]]


@pytest.mark.fast
@pytest.mark.parametrize(
    ("error", "state"),
    [
        (None, "completed"),
        (ValueError("bad input"), "failed"),
        (KeyboardInterrupt(), "cancelled"),
        (RunCancelled("SIGTERM"), "cancelled"),
    ],
    ids=["completed", "failed", "ctrl-c", "run-cancelled"],
)
def test_a_run_is_running_then_ends_in_its_state(tmp_path: Path, error, state):
    db = tmp_path / "wh.duckdb"
    expected = pytest.raises(type(error)) if error else contextlib.nullcontext()
    with expected, recorded_run(db, "r1", "ingest", "seeds"):
        assert states(db) == [("ingest", "running", False, False)]
        if error:
            raise error
    assert states(db) == [("ingest", state, error is not None, True)]


@pytest.mark.fast
def test_cancellation_is_recognised_by_kind_not_by_module():
    assert is_cancellation(KeyboardInterrupt()) and is_cancellation(RunCancelled())
    assert not is_cancellation(RuntimeError("cancelled")) and not is_cancellation(OSError())


@pytest.mark.fast
def test_a_killed_run_shows_as_failed_and_the_next_run_records_it(tmp_path: Path, capsys):
    db = tmp_path / "wh.duckdb"
    loader.begin_run(db, "killed", "backfill", "backfill from 2016-01-01")
    lock = db.with_name(db.name + ".lock")
    with open(lock, "a+") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)  # a run in progress: it is running
        assert [r["state"] for r in status(db, capsys)] == ["running"]
    [row] = status(db, capsys)  # no run holds the lock: the process was killed
    assert (row["kind"], row["state"]) == ("backfill", "failed") and "killed" in row["error"]
    with recorded_run(db, "next", "ingest", "seeds"):
        pass
    assert states(db) == [("backfill", "failed", True, False), ("ingest", "completed", False, True)]


def test_status_shows_each_kind_and_a_failed_run(
    prefect_server, seed_dir, tmp_path, capsys, monkeypatch
):
    db = tmp_path / "wh.duckdb"
    monkeypatch.setenv("WIREHOUSE_CONFIG", empty_config(tmp_path))
    config = tmp_path / "broken.toml"
    config.write_text(f'glossaries = ["{tmp_path / "missing.toml"}"]\n', encoding="utf-8")
    args = ["--db", str(db), "--quiet"]
    assert main(["ingest", "--source", str(seed_dir), *args]) == 0
    (seed_dir / "new.txt").write_text((seed_dir / "000_f45606c9e453b2b3.txt").read_text() + "x")
    monkeypatch.setenv("WIREHOUSE_CONFIG", str(config))  # a glossary that is not there
    assert main(["ingest", "--source", str(seed_dir), *args]) == 4
    monkeypatch.setenv("WIREHOUSE_CONFIG", empty_config(tmp_path))
    assert main(["backfill", "--since", "2016-01-01", *args]) == 0
    assert main(["repair", "--reapply", "--db", str(db)]) == 0
    run_ingest(seed_dir, db)
    capsys.readouterr()
    runs = status(db, capsys)
    kinds = [(r["kind"], r["state"]) for r in reversed(runs)]
    assert kinds == [
        ("ingest", "completed"),
        ("ingest", "failed"),
        ("backfill", "completed"),
        ("reapply", "completed"),
        ("ingest", "completed"),
    ]
    failed = runs[3]
    assert failed["error"].startswith("FileNotFoundError") and failed["documents_loaded"] == "NULL"
    assert all(float(r["seconds"]) > 0 for r in runs)
    assert runs[0]["files_new"] == "1"


@pytest.mark.fast
def test_status_of_a_warehouse_from_before_run_states(tmp_path: Path, capsys):
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute((loader.HERE / "schema" / "001_runs.sql").read_text())
    con.execute(
        "INSERT INTO runs VALUES ('old', NULL, 'backfill from 2016-01-01', "
        "TIMESTAMP '2025-01-01 10:00:00', TIMESTAMP '2025-01-01 10:00:07', 1, 0, 0, 0, 1, 0, 0, "
        "0, MAP {})"
    )
    con.close()
    loader.begin_run(db, "new", "ingest", "seeds")  # adds run_states to the old warehouse
    rows = {r["run_id"]: r for r in status(db, capsys)}
    assert (rows["old"]["kind"], rows["old"]["state"], rows["old"]["seconds"]) == (
        "backfill",
        "completed",
        "7.0",
    )
