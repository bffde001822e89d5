"""Each mistake a new user made gives one line naming the file, key or value and what to do,
with the documented exit code and no traceback, from the real command in its own process;
and no command creates a folder it was not asked for."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

from tests.conftest import REPO, SEEDS


@dataclass(frozen=True)
class Case:
    args: tuple[str, ...]
    code: int
    says: tuple[str, ...]  # words the line must hold, {tmp} standing for the test's folder


CASES = {
    "malformed-config": Case(
        ("status", "--config", "{tmp}/bad.toml"), 2, ("bad.toml", "not valid TOML", "line 2")
    ),
    "wrong-type-in-config": Case(
        ("status", "--config", "{tmp}/ten.toml"),
        2,
        ("ten.toml", "batch_size", "'ten'", "whole number"),
    ),
    "wrong-type-in-environment": Case(
        ("status", "--db", "{tmp}/wh.duckdb"), 2, ("WIREHOUSE_WORKERS", "'many'")
    ),
    "sql-on-a-file-that-is-no-warehouse": Case(
        ("sql", "--db", "{tmp}/notdb.duckdb", "SELECT 1"), 2, ("notdb.duckdb", "not a DuckDB")
    ),
    "ingest-into-a-folder": Case(
        ("ingest", "--db", "{tmp}/adir", "--source", str(SEEDS)), 2, ("adir", "is a folder")
    ),
    "serve-with-a-bad-cron": Case(
        ("serve", "--db", "{tmp}/wh.duckdb", "--cron", "every 5 min"),
        2,
        ("every 5 min", "not a cron schedule", "*/15 * * * *"),
    ),
    "ingest-into-a-missing-folder": Case(
        ("ingest", "--db", "{tmp}/nonexistent/dir/x.duckdb", "--source", str(SEEDS)),
        2,
        ("no folder", "nonexistent/dir", "create it"),
    ),
    "status-without-a-warehouse": Case(
        ("status", "--db", "{tmp}/nonexistent/x.duckdb"), 2, ("no warehouse", "wirehouse ingest")
    ),
    "report-into-a-missing-folder": Case(
        ("report", "--db", "{tmp}/empty.duckdb", "--out", "{tmp}/nonexistent/r.html"),
        2,
        ("no folder", "nonexistent", "--out"),
    ),
    "query-error": Case(
        ("sql", "--db", "{tmp}/empty.duckdb", "SELECT nope"), 1, ("query failed", "nope")
    ),
    "sql-out-into-a-missing-folder": Case(
        ("sql", "--db", "{tmp}/empty.duckdb", "--out", "{tmp}/nonexistent/r.csv", "SELECT 1"),
        1,
        ("cannot write", "nonexistent/r.csv"),
    ),
    "missing-config-file": Case(
        ("status", "--config", "{tmp}/absent.toml"), 2, ("config file not found", "absent.toml")
    ),
}


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "bad.toml").write_text('source = "seeds"\nbatch_size =\n', encoding="utf-8")
    (tmp_path / "ten.toml").write_text('batch_size = "ten"\n', encoding="utf-8")
    (tmp_path / "notdb.duckdb").write_text("not a database\n", encoding="utf-8")
    (tmp_path / "adir").mkdir()
    duckdb.connect(str(tmp_path / "empty.duckdb")).close()  # a warehouse with no tables
    return tmp_path


@pytest.mark.process
@pytest.mark.parametrize("name", list(CASES))
def test_each_mistake_is_one_line_with_its_exit_code(folder: Path, name: str):
    case = CASES[name]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WIREHOUSE_", "PREFECT_API"))}
    if name == "wrong-type-in-environment":
        env["WIREHOUSE_WORKERS"] = "many"
    before = sorted(str(p) for p in folder.rglob("*"))
    done = subprocess.run(
        [sys.executable, "-m", "flows.cli", *(a.format(tmp=folder) for a in case.args)],
        capture_output=True,
        text=True,
        cwd=folder,  # no wirehouse.toml here: only the test's settings apply
        env={**env, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    lines = done.stderr.splitlines()
    assert done.returncode == case.code, done.stderr
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    for word in case.says:
        assert word.format(tmp=folder) in lines[0], lines[0]
    assert sorted(str(p) for p in folder.rglob("*")) == before, "the command created files"
