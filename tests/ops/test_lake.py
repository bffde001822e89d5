"""The DuckLake backend (SQLite catalog, local data folder) through the real flow: the same
rows as the DuckDB file for the same input, readers that answer while a run commits, search,
export both ways, time travel."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS, run_ingest, shared_data
from tests.lakes import differences, rows, warehouse_rows
from tests.reliability.conftest import wirehouse_command
from warehouse import reader
from warehouse.backends import Lake
from warehouse.loader import writer_lock
from warehouse.transfer import export_warehouse

BBC_ARTICLES = 1000


@pytest.fixture
def cli_env(prefect_server) -> dict[str, str]:
    """Environment of `wirehouse` subprocesses: this session's Prefect API, this worktree."""
    from prefect.settings import PREFECT_API_URL

    return {
        **os.environ,
        "PREFECT_API_URL": str(PREFECT_API_URL.value()),
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PYTHONPATH": str(REPO),
    }


def sqlite_lake(root: Path, name: str = "lake") -> Lake:
    return Lake(f"sqlite:{root / name / 'catalog.sqlite'}", str(root / name / "data"))


def ingest_into(source: Path, db: Path | Lake) -> dict:
    if isinstance(db, Lake):
        return run_ingest(source, db.spec, data_path=db.data_path)
    return run_ingest(source, db)


def add_bbc(source: Path, count: int) -> None:
    """The first `count` BBC articles (by topic and number), as the files they are."""
    bbc = shared_data("bbc-news")
    for path in sorted(bbc.glob("*/*.txt"))[:count]:
        target = source / "bbc" / path.parent.name / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


@pytest.mark.shared_data
def test_file_and_lake_hold_the_same_rows_and_export_copies_them(prefect_server, tmp_path):
    """ECB+ in a first run, 1,000 BBC articles in a second (matched against the first): every
    table and view of the lake equals the file's, search from the lake's term tables gives the
    fts index's scores and order; export copies each into the other kind."""
    source = tmp_path / "source"
    shutil.copytree(shared_data("ecbplus-dev"), source / "ecbplus")
    file_db = tmp_path / "file" / "wirehouse.duckdb"
    lake = sqlite_lake(tmp_path)
    for db in (file_db, lake):
        first = ingest_into(source, db)
        assert first["documents_loaded"] > 400, first
    add_bbc(source, BBC_ARTICLES)
    for db in (file_db, lake):
        second = ingest_into(source, db)
        assert second["documents_loaded"] > 900, second
    from_file = warehouse_rows(file_db)
    assert len(from_file["documents"]) > 1400
    assert len(from_file["duplicates"]) > 10 and len(from_file["events"]) > 40
    assert differences(from_file, warehouse_rows(lake)) == {}
    from warehouse.search import search_documents

    for text in ("Kerry Lavrov Syria", "ceasefire talks Moscow", "the of and", "bank rates"):
        from_lake = search_documents(lake, text, 10)
        assert from_lake == search_documents(file_db, text, 10), text
    assert search_documents(lake, "bank rates", 10)[1], "no hits"

    exported = sqlite_lake(tmp_path, "exported")
    export_warehouse(file_db, exported, "export-test")
    assert differences(from_file, warehouse_rows(exported)) == {}
    back = tmp_path / "back" / "wirehouse.duckdb"
    export_warehouse(exported, back, "export-back")
    # a file builds its own fts index, so its search_index row is the export's: same state
    assert differences(index_state(from_file), index_state(warehouse_rows(back))) == {}


def index_state(tables: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    """search_index rows as (fingerprint, documents): which run built the index aside."""
    return {**tables, "search_index": [row[:2] for row in tables["search_index"]]}


def test_readers_answer_every_query_while_a_lake_run_commits(prefect_server, cli_env, tmp_path):
    """`wirehouse sql` in a loop while `wirehouse ingest` loads the lake: every query answers,
    and each sees the documents of a whole run or none of them (a committed snapshot). Before
    it, a run that finds the lake's lock held skips; after it, search and time travel."""
    source = tmp_path / "source"
    shutil.copytree(SEEDS, source)
    lake = sqlite_lake(tmp_path)
    assert ingest_into(source, lake)["documents_loaded"] == 5
    add_bbc(source, 300)
    with writer_lock(lake) as acquired:  # one committer per lake: a second run skips
        assert acquired
        assert ingest_into(source, lake)["status"] == "skipped: another run holds the warehouse"
    assert rows(lake, "SELECT count(*) FROM documents")[0][0] == 5
    lake_args = ["--db", lake.spec, "--data-path", lake.data_path]
    count_sql = "SELECT 'documents=' || count(*) AS answer FROM documents"
    command = [*wirehouse_command("ingest", "--source", str(source), *lake_args), "--quiet"]
    process = subprocess.Popen(
        command, cwd=REPO, env=cli_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, start_new_session=True,
    )  # fmt: skip
    answers: list[int] = []
    in_process = QueryLoop(lake, count_sql)
    in_process.start()
    while process.poll() is None:
        query = subprocess.run(
            wirehouse_command("sql", count_sql, *lake_args),
            cwd=REPO, env=cli_env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
        assert query.returncode == 0, query.stdout + query.stderr
        assert "busy" not in (query.stdout + query.stderr).lower()
        answers.append(int(query.stdout.split("documents=")[1].split()[0]))
    output = process.communicate()[0]
    in_process.stop.set()
    in_process.join()
    assert process.returncode == 0, output
    final = rows(lake, "SELECT count(*) FROM documents")[0][0]
    assert final > 250
    # on a loaded machine a CLI query takes seconds: some answered while the run went on
    assert 5 in answers and len(answers) >= 2, answers
    assert len(in_process.answers) >= 20, in_process.answers
    assert set(answers) <= {5, final}, answers  # never a run's rows half loaded
    assert answers == sorted(answers)
    assert in_process.errors == []
    assert set(in_process.answers) == {5, final}, sorted(set(in_process.answers))
    assert in_process.answers == sorted(in_process.answers)
    print(
        f"\n{len(answers)} `wirehouse sql` answers during the run: {answers}; "
        f"{len(in_process.answers)} in-process reads, none failed"
    )

    search = subprocess.run(
        wirehouse_command("search", "Kerry Lavrov Syria", *lake_args),
        cwd=REPO, env=cli_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert search.returncode == 0, search.stdout + search.stderr
    assert "Lavrov" in search.stdout and "document(s)" in search.stdout

    snapshots = rows(lake, "SELECT max(snapshot_id) FROM lake.snapshots()")[0][0]
    earlier = subprocess.run(
        wirehouse_command("sql", count_sql, *lake_args, "--at-snapshot", str(snapshots - 1)),
        cwd=REPO, env=cli_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert earlier.returncode == 0 and "documents=5" in earlier.stdout, earlier.stdout


class QueryLoop(threading.Thread):
    """Reads the lake as fast as it can through the guarded reader (a fresh read-only attach
    each time), so some read falls on the writer's commit; keeps the answers and any error."""

    def __init__(self, lake: Lake, sql: str) -> None:
        super().__init__(daemon=True)
        self.lake, self.sql = lake, sql
        self.answers: list[int] = []
        self.errors: list[str] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                answer = reader.query(self.lake, self.sql).rows()[0][0]
                self.answers.append(int(answer.split("=")[1]))
            except Exception as error:  # every failure is the test's finding
                self.errors.append(repr(error))
            time.sleep(0.02)
