"""`wirehouse sql` as scripts use it: parseable CSV and JSON, a script from a file or stdin,
every statement's result, NULL shown, errors on stderr with exit code 1."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq

from flows.cli import main
from tests.conftest import REPO
from tests.ops.conftest import Loaded

TITLES = "SELECT doc_id, title, published_date, url FROM documents ORDER BY doc_id"


def wirehouse(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """The real command in its own process, its stdout a pipe (not a terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )


def test_csv_is_the_default_for_a_pipe_and_parses(loaded: Loaded):
    done = wirehouse("sql", "--db", str(loaded.db), TITLES)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert len(rows) == 6
    assert {row["published_date"] for row in rows} >= {"2016-03-24", "2015-12-15"}
    assert "Kerry: 'Productive' Talks With Russian Foreign Minister in Moscow" in {
        row["title"] for row in rows
    }


def test_json_parses_with_nulls(loaded: Loaded, capsys):
    assert main(["sql", "--db", str(loaded.db), "--format", "json", TITLES]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 6 and set(rows[0]) == {"doc_id", "title", "published_date", "url"}
    assert any(row["url"] is None for row in rows)


def test_a_script_from_a_file_and_from_stdin(loaded: Loaded, tmp_path: Path):
    script = tmp_path / "count.sql"
    script.write_text("-- how many documents\nSELECT count(*) AS n FROM documents;\n")
    from_file = wirehouse("sql", "--db", str(loaded.db), "-f", str(script))
    from_stdin = wirehouse("sql", "--db", str(loaded.db), "-", stdin=script.read_text())
    assert from_file.returncode == from_stdin.returncode == 0, from_file.stderr
    assert from_file.stdout == from_stdin.stdout == "n\n6\n"


def test_every_statement_shows_its_result_and_null(loaded: Loaded):
    done = wirehouse(
        "sql", "--db", str(loaded.db), "--format", "table", "SELECT 1 AS a; SELECT NULL AS b"
    )
    assert done.returncode == 0, done.stderr
    assert "statement 1: SELECT 1 AS a" in done.stdout and "statement 2" in done.stdout
    assert "NULL" in done.stdout


def test_several_results_are_refused_in_csv_on_stderr(loaded: Loaded):
    done = wirehouse("sql", "--db", str(loaded.db), "SELECT 1; SELECT 2")
    assert done.returncode == 1 and done.stdout == ""
    assert "2 statements return rows" in done.stderr


def test_a_query_error_goes_to_stderr_with_exit_code_1(loaded: Loaded):
    done = wirehouse("sql", "--db", str(loaded.db), "SELECT nope FROM documents")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("query failed: ") and len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_out_writes_parquet(loaded: Loaded, tmp_path: Path):
    out = tmp_path / "documents.parquet"
    assert main(["sql", "--db", str(loaded.db), "--out", str(out), TITLES]) == 0
    table = pq.read_table(out)
    assert table.num_rows == 6 and str(table.schema.field("published_date").type) == "date32[day]"
