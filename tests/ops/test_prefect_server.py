"""Prefect's temporary server as the CLI starts it: early, only when no API is configured,
and gone when the command ends."""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import psutil

from flows.prefect_server import TemporaryServer, is_healthy, launch_temporary_server
from tests.conftest import REPO, SEEDS


def test_wirehouse_ingest_without_an_api_runs_on_its_own_server_and_stops_it(tmp_path: Path):
    source, db, home = tmp_path / "seeds", tmp_path / "w" / "wirehouse.duckdb", tmp_path / "home"
    shutil.copytree(SEEDS, source)
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_API")}
    env |= {"PREFECT_HOME": str(home), "COLUMNS": "200"}
    command = [sys.executable, "-m", "flows.cli", "ingest", "--source", str(source)]
    process = psutil.Popen(
        [*command, "--db", str(db), "--quiet"],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    servers: set[int] = set()
    while process.poll() is None:  # note the server while it runs: a child of the command
        with contextlib.suppress(psutil.Error):
            servers |= {c.pid for c in process.children() if "uvicorn" in " ".join(c.cmdline())}
        with contextlib.suppress(psutil.TimeoutExpired):
            process.wait(0.2)
    out = process.stdout.read().decode()
    assert process.returncode == 0, out
    assert servers, "the command did not start a server of its own"
    assert not [pid for pid in servers if psutil.pid_exists(pid)], "the server outlived the run"
    with duckdb.connect(str(db), read_only=True) as con:
        (flow_run_id,) = con.execute("SELECT flow_run_id FROM runs").fetchone()
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)
    with contextlib.closing(sqlite3.connect(home / "prefect.db")) as prefect_db:
        state = prefect_db.execute(
            "SELECT state_type FROM flow_run WHERE id = ?", (flow_run_id,)
        ).fetchone()
    assert state == ("COMPLETED",)  # the run was recorded by the server under PREFECT_HOME


def test_an_api_url_in_the_environment_means_no_server_is_started(monkeypatch):
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:9/api")
    assert isinstance(launch_temporary_server(), contextlib.nullcontext)


def test_the_server_starts_at_launch_and_flows_in_the_block_use_it(monkeypatch, tmp_path: Path):
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path))  # the server's SQLite goes here

    with temporary_settings(restore_defaults={PREFECT_API_URL}):  # as in a fresh command
        server = launch_temporary_server()
        assert isinstance(server, TemporaryServer)
        assert server.process.poll() is None  # booting while the caller imports its flow
        try:
            with server:
                assert PREFECT_API_URL.value() == server.api_url
                assert is_healthy(server.api_url)
            assert PREFECT_API_URL.value() is None
        finally:
            server.stop()
        assert server.process.poll() is not None


def test_a_configured_api_is_kept_and_the_early_server_stopped(prefect_server):
    from prefect.settings import PREFECT_API_URL

    assert isinstance(launch_temporary_server(), contextlib.nullcontext)
    configured = PREFECT_API_URL.value()
    server = TemporaryServer()  # as if a profile set the URL the environment did not
    with server:
        assert PREFECT_API_URL.value() == configured
        assert server.process.poll() is not None
