"""prefect.yaml against a real `prefect server start`: deploy, run through a process worker,
and find the run's documents in the warehouse (the "tested once in CI" deployment)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import duckdb
import pytest

from flows.prefect_server import free_port, wait_until_healthy
from tests.conftest import REPO, SEEDS

PREFECT = str(Path(sys.executable).with_name("prefect"))
DEPLOYMENT = "wirehouse-ingest/wirehouse-scheduled"
STEP_SECONDS = 240


def prefect(env: dict, *args: str) -> str:
    done = subprocess.run(
        [PREFECT, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=STEP_SECONDS,
    )
    assert done.returncode == 0, f"prefect {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def api_get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.fixture
def server(tmp_path: Path):
    """`prefect server start` on a free loopback port, with its own PREFECT_HOME."""
    url = f"http://127.0.0.1:{free_port()}/api"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PREFECT_") or key == "PREFECT_SERVER_ANALYTICS_ENABLED"
    }
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_API_URL=url, COLUMNS="200")
    port = url.rsplit(":", 1)[1].split("/")[0]
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115 (closed after the server stops)
    process = subprocess.Popen(
        [PREFECT, "server", "start", "--host", "127.0.0.1", "--port", port, "--analytics-off"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until_healthy(url, process)
        yield url, env
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_prefect_yaml_deploys_and_a_worker_runs_it_into_the_warehouse(server, tmp_path: Path):
    url, env = server
    source = tmp_path / "seeds"
    shutil.copytree(SEEDS, source)
    db = tmp_path / "warehouse" / "wirehouse.duckdb"

    prefect(env, "work-pool", "create", "wirehouse", "--type", "process")
    prefect(env, "--no-prompt", "deploy", "--all")
    deployment = api_get(f"{url}/deployments/name/{DEPLOYMENT}")
    assert [s["schedule"]["cron"] for s in deployment["schedules"]] == ["*/15 * * * *"]
    assert deployment["work_pool_name"] == "wirehouse"

    out = prefect(
        env, "deployment", "run", DEPLOYMENT, "--param", f"source={source}", "--param", f"db={db}"
    )
    flow_run_id = re.search(r"UUID: ([0-9a-f-]{36})", out).group(1)
    worker = ["worker", "start", "--pool", "wirehouse", "--type", "process", "--run-once"]
    log = prefect(env, *worker, "--limit", "1")  # waits for the run it picked up

    state = api_get(f"{url}/flow_runs/{flow_run_id}")["state"]
    assert state["type"] == "COMPLETED", f"{state}\n{log}"
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone() == (5,)
        assert con.execute("SELECT flow_run_id FROM runs").fetchall() == [(flow_run_id,)]
