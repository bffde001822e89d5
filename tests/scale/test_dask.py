"""The ingest flow on a Dask cluster (prefect-dask) loads the same warehouse as the process pool."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_ingest

# Row sets compared between the two runners: everything a run derives, without run ids.
COMPARED = {
    "documents": "SELECT doc_id, path, title, published_date, language, body, content_hash,"
    " machine_translated FROM documents ORDER BY doc_id",
    "paragraphs": "SELECT doc_id, ordinal, text, language FROM paragraphs ORDER BY ALL",
    "repairs": "SELECT doc_id, ordinal, seq, rule, after FROM repairs ORDER BY ALL",
    "duplicates": "SELECT doc_id, duplicate_of, kind, path FROM duplicates ORDER BY ALL",
    "events": "SELECT list(doc_id ORDER BY doc_id) AS members FROM event_documents"
    " GROUP BY event_id ORDER BY members",
    "rejects": "SELECT path, code FROM rejects ORDER BY ALL",
}


@pytest.fixture
def source(seed_dir: Path) -> Path:
    """The sample articles plus generated work for every stage: a byte copy, a syndicated
    copy (near duplicate), an HTML page and a file that must be rejected."""
    first = sorted(seed_dir.glob("*.txt"))[0]
    shutil.copyfile(first, seed_dir / "copy-of-first.txt")
    lines = first.read_text(encoding="utf-8").splitlines()
    body = [line for line in lines if len(line.split()) > 12]
    syndicated = ["Kerry and Lavrov meet in Moscow", "", *body[:-1], "", "Reporting by agencies."]
    (seed_dir / "syndicated.txt").write_text("\n\n".join(syndicated), encoding="utf-8")
    paragraphs = "".join(f"<p>{line}</p>" for line in body)
    (seed_dir / "page.html").write_text(
        "<html><head><title>Talks in Moscow</title></head><body><nav>Home | World</nav>"
        f"<article><h1>Talks in Moscow</h1>{paragraphs}</article></body></html>",
        encoding="utf-8",
    )
    (seed_dir / "empty.txt").write_bytes(b"")
    return seed_dir


def test_dask_runner_loads_the_same_warehouse(prefect_server, source: Path, tmp_path: Path):
    distributed = pytest.importorskip("distributed")
    from flows.ingest import ingest
    from flows.runners import flow_with_runner

    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        address = cluster.scheduler_address
        flow = flow_with_runner(ingest, "dask", address)
        on_dask = asyncio.run(
            flow(source=str(source), db=str(tmp_path / "dask.duckdb"), task_runner="dask")
        )
        chunk_tasks = {
            prefix for prefix in cluster.scheduler.task_prefixes if prefix.endswith("_chunk")
        }
    local = run_ingest(source, tmp_path / "local.duckdb")

    assert address.startswith("tcp://127.0.0.1:")
    # every CPU stage ran its chunks on the cluster's workers
    assert chunk_tasks == {"clean_chunk", "language_chunk", "repair_chunk", "fingerprint_chunk"}
    assert on_dask["documents_loaded"] == local["documents_loaded"] >= 6
    assert on_dask["duplicates_found"] == local["duplicates_found"] >= 2
    for name, sql in COMPARED.items():
        assert _rows(tmp_path / "dask.duckdb", sql) == _rows(tmp_path / "local.duckdb", sql), name


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_cli_flags_choose_the_runner():
    from prefect_dask import DaskTaskRunner

    from flows.cli import build_parser
    from flows.ingest import ingest
    from flows.runners import flow_with_runner

    args = build_parser().parse_args(
        ["ingest", "--task-runner", "dask", "--dask-address", "tcp://scheduler:8786"]
    )
    flow = flow_with_runner(ingest, args.task_runner, args.dask_address)
    assert isinstance(flow.task_runner, DaskTaskRunner)
    assert flow.task_runner.address == "tcp://scheduler:8786"
    assert flow_with_runner(ingest, "process") is ingest
