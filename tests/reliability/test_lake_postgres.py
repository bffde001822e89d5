"""DuckLake with its catalog in a real PostgreSQL server (a private one, started here): ingest,
a query from a second process, a backfill, and SIGKILLs mid-run followed by a re-run that
ends with what one clean run loads. Skipped, with the reason, where no server can start."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPO, run_ingest
from tests.lakes import rows, warehouse_rows
from tests.pgserver import PASSWORD, private_server, unavailable
from tests.reliability.conftest import wirehouse_command
from tests.reliability.corpus import write_good_corpus
from warehouse.backends import Lake, handoff

pytestmark = pytest.mark.process
ARTICLES = 60
KILL_POINTS = (0.0,)  # fractions of a clean run's load step, after its first Parquet file


@pytest.fixture(scope="module")
def postgres():
    reason = unavailable()
    if reason:
        pytest.skip(reason)
    server = private_server()
    try:
        started = server.__enter__()
    except subprocess.CalledProcessError as error:
        pytest.skip(f"a private PostgreSQL server could not start: {error.stderr}")
    try:
        yield started
    finally:
        server.__exit__(None, None, None)


def postgres_lake(server, root: Path) -> Lake:
    """A fresh lake whose conninfo carries the password the server asks for: every command
    here proves it reaches the catalog (through PGPASSWORD for flow runs), never printed."""
    conninfo = f"{server.conninfo(server.new_database())} password={PASSWORD}"
    return Lake(f"postgres:{conninfo}", str(root / "data"))


def wirehouse(lake: Lake, env: dict, *args: str) -> subprocess.Popen:
    command = wirehouse_command(*args, "--db", lake.spec, "--data-path", lake.data_path)
    return subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip


def finish(process: subprocess.Popen, timeout: float = 600) -> str:
    output = process.communicate(timeout=timeout)[0]
    assert process.returncode == 0, output
    return output


def ingest(lake: Lake, source: Path, env: dict) -> subprocess.Popen:
    return wirehouse(lake, env, "ingest", "--source", str(source), "--quiet", "--workers", "2")


def ingest_here(lake: Lake, source: Path) -> dict:
    """The same ingest in this process (no interpreter to start): for runs nobody kills.
    The lake is handed over as the command line hands it (its password in PGPASSWORD)."""
    return run_ingest(source, handoff(lake), data_path=lake.data_path, workers=2)


def stored_parameters() -> list[str]:
    """The parameters of every flow run the Prefect server of these tests has stored."""
    from prefect.client.orchestration import get_client

    with get_client(sync_client=True) as client:
        return [repr(run.parameters) for run in client.read_flow_runs()]


def loaded(lake: Lake) -> dict[str, list[tuple]]:
    """Every table and view but `runs` and `run_states` (a run killed after its commit makes
    the re-run a no-op with a runs row of its own; a killed run's state is its own row)."""
    return {k: v for k, v in warehouse_rows(lake).items() if k not in ("runs", "run_states")}


@dataclass(frozen=True)
class Clean:
    """One clean run into a fresh lake: its rows as loaded, and its timings (kills aim by them)."""

    lake: Lake
    source: Path
    rows: dict[str, list[tuple]]
    stage_seconds: float
    load_seconds: float


@pytest.fixture(scope="module")
def clean(postgres, prefect_server, tmp_path_factory) -> Clean:
    root = tmp_path_factory.mktemp("pg-clean")
    source = root / "corpus"
    write_good_corpus(source, ARTICLES)
    lake = postgres_lake(postgres, root / "lake")
    assert ingest_here(lake, source)["documents_loaded"] == ARTICLES
    stages, load = rows(
        lake, "SELECT epoch(finished_at - started_at), stage_seconds['load'] FROM runs"
    )[0]
    return Clean(lake, source, loaded(lake), stages, load)


def test_postgres_catalog_ingest_query_from_another_process_and_backfill(
    clean, child_env, capsys, monkeypatch
):
    """The clean run's lake: `wirehouse sql` from a second process, then status and search
    (the command line's handlers, here), then a backfill that reloads the same rows."""
    from flows.backfill import backfill
    from flows.cli import main

    lake = clean.lake
    answer = finish(
        wirehouse(lake, child_env, "sql", "SELECT 'documents=' || count(*) AS n FROM documents")
    )
    assert f"documents={ARTICLES}" in answer
    lake_args = ["--db", lake.spec, "--data-path", lake.data_path]
    monkeypatch.setenv("WIREHOUSE_DATA_PATH", lake.data_path)  # main() sets it: undone after
    assert main(["status", *lake_args]) == 0
    status = capsys.readouterr().out
    assert "documents" in status and PASSWORD not in status
    monkeypatch.setenv("WIREHOUSE_DB", lake.spec)  # `config` reads settings, takes no flags
    assert main(["config"]) == 0
    config = capsys.readouterr().out
    assert "password=***" in config and PASSWORD not in config
    assert main(["search", "minister said", *lake_args]) == 0
    search = capsys.readouterr().out
    assert search.startswith("1. ") and "document(s)" in search

    summary = backfill(since="1900-01-01", db=handoff(lake), data_path=lake.data_path, workers=2)
    assert summary["documents_reprocessed"] == ARTICLES, summary
    assert rows(lake, "SELECT count(*) FROM runs")[0][0] == 2
    # the same rules over the same raw text: the same rows, now carried by the backfill run
    assert any_run(loaded(lake)) == any_run(clean.rows)


def any_run(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """Rows with the run number (`warehouse_rows`) blanked: which run carries them aside."""
    return {
        table: sorted(
            (tuple("run" if str(v).startswith("run ") else v for v in row) for row in values),
            key=repr,
        )
        for table, values in tables.items()
    }


def test_postgres_catalog_sigkill_mid_run_then_rerun_equals_a_clean_run(
    postgres, clean, child_env, tmp_path
):
    """Each kill on a fresh lake, inside the load's transaction (after its first Parquet file
    reached the data folder, before the commit by the clean run's timings). After a kill the
    lake holds nothing of the run (or all of it, had the commit come first); a re-run ends
    with the clean run's rows. (A kill while the CPU stages run leaves a lake untouched as it
    leaves a file: tests/reliability/test_kills.py.)"""
    expected = clean.rows
    assert len(expected["documents"]) == ARTICLES
    outcomes = []
    for number, fraction in enumerate(KILL_POINTS):
        delay = clean.load_seconds * fraction
        lake = postgres_lake(postgres, tmp_path / f"killed-{number}")
        process = ingest(lake, clean.source, child_env)
        _wait_for_parquet(process, lake)
        try:
            finish(process, timeout=delay)
            outcomes.append("finished first")
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            _reap(process)
            documents = rows(lake, "SELECT count(*) FROM documents")[0][0] if _has_schema(
                lake
            ) else 0  # fmt: skip
            # all or nothing: the lake as before the run, or the run fully loaded
            assert documents in (0, ARTICLES), f"{documents} documents after a kill"
            left = len(list(Path(lake.data_path).rglob("*.parquet")))
            outcomes.append(f"load +{delay:.1f} s: {documents} documents, {left} files left")
        ingest_here(lake, clean.source)
        assert loaded(lake) == expected
        states = [s for (s,) in rows(lake, "SELECT state FROM run_states ORDER BY started_at")]
        assert states[-1] == "completed", states
        if ": 0 documents" in outcomes[-1]:  # the killed run is told apart: failed, not running
            assert states == ["failed", "completed"], states
    print(
        f"\nclean run: {clean.stage_seconds:.1f} s in all, {clean.load_seconds:.1f} s load; "
        f"kills: {outcomes}"
    )
    assert sum(": 0 documents" in o for o in outcomes) >= 1, outcomes
    # every run above, the killed ones started by `wirehouse ingest --db <conninfo with the
    # password>` among them, is stored in Prefect's database without the password
    parameters = [p for p in stored_parameters() if "ducklake:postgres:" in p]
    assert len(parameters) >= len(KILL_POINTS) * 2, parameters
    assert not [p for p in parameters if PASSWORD in p], parameters


def _has_schema(lake: Lake) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
    return rows(lake, sql)[0][0] > 0


def _wait_for_parquet(process: subprocess.Popen, lake: Lake) -> None:
    """Until the load has written its first Parquet file (its transaction is open) or exited."""
    data = Path(lake.data_path)
    while process.poll() is None:
        if data.is_dir() and next(data.rglob("*.parquet"), None) is not None:
            return
        time.sleep(0.01)


def _reap(process: subprocess.Popen) -> None:
    """The killed run's pool workers exit with it; kill what is left of its group after 5 s."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)


def test_the_private_server_refuses_a_wrong_password(clean):
    """The server checks the password, so the runs above that logged in did receive it."""
    bare, password = clean.lake.without_password()
    assert password == PASSWORD
    wrong = Lake(f"{bare.catalog} password=not-{PASSWORD}", bare.data_path)
    with pytest.raises(Exception, match="password authentication failed"):
        rows(wrong, "SELECT count(*) FROM documents")
