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
import time
import urllib.error
import urllib.request

from flows.settings import Settings

logger = logging.getLogger(__name__)

LOCAL_HOST = "127.0.0.1"
LOCAL_PORT = int(os.environ.get("WIREHOUSE_PREFECT_PORT", "4200"))
STARTUP_SECONDS = 120


def serve_on_schedule(settings: Settings, cron: str, name: str) -> None:
    """Block, running the ingest flow on `cron` until interrupted."""
    server = None
    if not os.environ.get("PREFECT_API_URL"):
        server = start_local_server()
    try:
        from flows.ingest import ingest

        ingest.serve(
            name=name,
            cron=cron,
            parameters={"source": str(settings.source), "db": str(settings.db)},
            description="Ingest new raw articles into the DuckDB warehouse.",
            global_limit=1,  # overlapping schedules never make two writers
        )
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


def start_local_server() -> subprocess.Popen:
    """Start a Prefect server on loopback and point this process at it."""
    url = f"http://{LOCAL_HOST}:{LOCAL_PORT}/api"
    print(f"PREFECT_API_URL is not set: starting a local Prefect server at {url} (SQLite)")
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
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    wait_until_healthy(url, process)
    os.environ["PREFECT_API_URL"] = url
    return process


def wait_until_healthy(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prefect server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(1)
    process.terminate()
    raise RuntimeError(f"prefect server did not answer at {url} within {STARTUP_SECONDS}s")
