"""DuckLake with its catalog in a real PostgreSQL server (a private one, started here): ingest,
a query from a second process, a backfill, and SIGKILLs mid-run followed by a re-run that
ends with what one clean run loads. Skipped, with the reason, where no server can start."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.lakes import rows, warehouse_rows
from tests.pgserver import private_server, unavailable
from tests.reliability.conftest import wirehouse_command
from tests.reliability.corpus import write_good_corpus
from warehouse.backends import Lake
from warehouse.staging import staging_root

pytestmark = pytest.mark.process
ARTICLES = 60
KILL_POINTS = (0.0, 0.2, 0.4)  # fractions of a clean run's load step, after its first file


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
    return Lake(f"postgres:{server.conninfo(server.new_database())}", str(root / "data"))


def wirehouse(lake: Lake, env: dict, *args: str) -> subprocess.Popen:
    command = wirehouse_command(*args, "--db", str(lake), "--data-path", lake.data_path)
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


def loaded(lake: Lake) -> dict[str, list[tuple]]:
    """Every table and view but `runs` and `run_states` (a run killed after its commit makes
    the re-run a no-op with a runs row of its own; a killed run's state is its own row)."""
    return {k: v for k, v in warehouse_rows(lake).items() if k not in ("runs", "run_states")}


def test_postgres_catalog_ingest_query_from_another_process_and_backfill(
    postgres, child_env, tmp_path
):
    source = tmp_path / "corpus"
    write_good_corpus(source, ARTICLES)
    lake = postgres_lake(postgres, tmp_path / "lake")
    finish(ingest(lake, source, child_env))
    answer = finish(
        wirehouse(lake, child_env, "sql", "SELECT 'documents=' || count(*) AS n FROM documents")
    )
    assert f"documents={ARTICLES}" in answer
    status = finish(wirehouse(lake, child_env, "status"))
    assert "documents" in status
    search = finish(wirehouse(lake, child_env, "search", "minister said"))
    assert search.startswith("1. ") and "document(s)" in search
    before = loaded(lake)

    output = finish(wirehouse(lake, child_env, "backfill", "--since", "1900-01-01", "--quiet"))
    assert f"{ARTICLES} documents re-processed" in output
    assert rows(lake, "SELECT count(*) FROM runs")[0][0] == 2
    # the same rules over the same raw text: the same rows, now carried by the backfill run
    assert any_run(loaded(lake)) == any_run(before)


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
    postgres, child_env, tmp_path
):
    """Each kill on a fresh lake: one while the CPU stages run, the others inside the load's
    transaction (after its first Parquet file reached the data folder, before the commit by a
    clean run's timings). After a kill the lake holds nothing of the run (or all of it, had
    the commit come first); a re-run ends with the clean run's rows."""
    source = tmp_path / "corpus"
    write_good_corpus(source, ARTICLES)
    clean = postgres_lake(postgres, tmp_path / "clean")
    finish(ingest(clean, source, child_env))
    expected = loaded(clean)
    assert len(expected["documents"]) == ARTICLES
    stages, load = rows(
        clean, "SELECT epoch(finished_at - started_at), stage_seconds['load'] FROM runs"
    )[0]
    plans = [("stages", stages * 0.5)] + [("load", load * f) for f in KILL_POINTS]
    outcomes = []
    for number, (phase, delay) in enumerate(plans):
        lake = postgres_lake(postgres, tmp_path / f"killed-{number}")
        process = ingest(lake, source, child_env)
        if phase == "stages":
            _wait_for_work(process, lake)
        else:
            _wait_for_parquet(process, lake)
        try:
            finish(process, timeout=delay)
            outcomes.append(f"{phase}: finished first")
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait()
            _reap(process)
            documents = rows(lake, "SELECT count(*) FROM documents")[0][0] if _has_schema(
                lake
            ) else 0  # fmt: skip
            # all or nothing: the lake as before the run, or the run fully loaded
            assert documents in (0, ARTICLES), f"{documents} documents after a kill in {phase}"
            left = len(list(Path(lake.data_path).rglob("*.parquet")))
            outcomes.append(f"{phase} +{delay:.1f} s: {documents} documents, {left} files left")
        finish(ingest(lake, source, child_env))
        assert loaded(lake) == expected
        states = [s for (s,) in rows(lake, "SELECT state FROM run_states ORDER BY started_at")]
        assert states[-1] == "completed", states
        if ": 0 documents" in outcomes[-1]:  # the killed run is told apart: failed, not running
            assert states == ["failed", "completed"], states
    print(f"\nclean run: {stages:.1f} s of stages, {load:.1f} s load; kills: {outcomes}")
    assert sum("load" in o and ": 0 documents" in o for o in outcomes) >= 2, outcomes


def _has_schema(lake: Lake) -> bool:
    sql = "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database()"
    return rows(lake, sql)[0][0] > 0


def _wait_for_work(process: subprocess.Popen, lake: Lake) -> float:
    """Until the run has made its staging folder (beside the data folder) or exited."""
    staging = staging_root(lake)
    before = set(staging.iterdir()) if staging.is_dir() else set()
    while process.poll() is None:
        if staging.is_dir() and set(staging.iterdir()) - before:
            break
        time.sleep(0.02)
    return time.monotonic()


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
