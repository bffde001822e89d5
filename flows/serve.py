"""`wirehouse serve`: the ingest flow as a scheduled deployment.

Schedules need a real Prefect server; the temporary one lives only as long as one flow
run. Without PREFECT_API_URL we start `prefect server start` on loopback (SQLite under
PREFECT_HOME) and say so.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path

from flows.prefect_server import is_healthy, wait_until_healthy
from flows.settings import Settings
from warehouse.backends import handoff, local_path

logger = logging.getLogger(__name__)

LOCAL_HOST = "127.0.0.1"
LOCAL_PORT = int(os.environ.get("WIREHOUSE_PREFECT_PORT", "4200"))


def serve_on_schedule(settings: Settings, cron: str, name: str) -> None:
    """Block, running the ingest flow on `cron` until interrupted."""
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        server = start_local_server(local_path(settings.db).parent / "prefect-server.log")
    try:
        from flows.ingest import ingest

        ingest.serve(
            name=name,
            cron=cron,
            parameters={
                "source": str(settings.source),
                "db": handoff(settings.db),
                "data_path": settings.data_path,
            },
            description="Ingest new raw articles into the DuckDB warehouse.",
            global_limit=1,  # overlapping schedules never make two writers
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def start_local_server(log_path: Path) -> subprocess.Popen:
    """Start a Prefect server on loopback, logging to `log_path`, and point this process at it."""
    url = f"http://{LOCAL_HOST}:{LOCAL_PORT}/api"
    if is_healthy(url):
        raise RuntimeError(
            f"something already serves {url}: set PREFECT_API_URL to use it, "
            "or WIREHOUSE_PREFECT_PORT to start wirehouse's own server elsewhere"
        )
    print(
        f"PREFECT_API_URL is not set: starting a local Prefect server at {url} "
        f"(SQLite, log in {log_path})"
    )
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "ab")  # noqa: SIM115 (the server outlives this function)
    prefect = shutil.which("prefect") or os.path.join(os.path.dirname(sys.executable), "prefect")
    process = subprocess.Popen(
        [
            prefect,
            "server",
            "start",
            "--host",
            LOCAL_HOST,
            "--port",
            str(LOCAL_PORT),
            "--analytics-off",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_until_healthy(url, process)
    os.environ["PREFECT_API_URL"] = url
    return process
