"""Prefect's temporary server, started as the command starts rather than when its flow does.

Without an API URL, Prefect starts a temporary server the first time a flow runs: the flow's
process first imports the whole server application (4-6 s of CPU) only to launch it in a
subprocess, then waits for that subprocess to boot (as long again). `launch_temporary_server`
launches the same subprocess, with the command and environment Prefect uses, before the
command imports its flow: the server boots on one core while the run imports its modules and
starts its workers on the other, and the flow's process never imports the server.

The server dies with the command however the command ends: it runs under a lifeline
(flows/lifeline.py) that stops it when the command's process is gone, SIGKILL included, and in
a session of its own, so a Ctrl-C in the terminal reaches the command, which cancels its run
and reports that to the server, and not the server. A server that dies while the command
needs it is noticed at once (`on_death`).
"""

from __future__ import annotations

import atexit
import contextlib
import http.client
import importlib.util
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable
from contextlib import AbstractContextManager, ExitStack
from pathlib import Path

from flows import cancel

STARTUP_SECONDS = 120
STOP_SECONDS = 10


class TemporaryServer:
    """A Prefect server subprocess on a free loopback port, stopped when this process exits.

    `on_death(returncode)` is called (from a watcher thread) if the server ends on its own
    while a block entered on this server runs.
    """

    def __init__(self, on_death: Callable[[int], None] | None = None) -> None:
        self.port = free_port()
        self.process = _start_uvicorn(self.port)
        self.on_death = on_death
        self._stopping = False
        self._settings = ExitStack()
        atexit.register(self.stop)  # after Prefect's own exit hooks have sent their logs

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api"

    def __enter__(self) -> TemporaryServer:
        """Flows run in this block talk to this server, once it answers; if Prefect is
        configured with a server of its own (a profile's API URL), this one goes unused."""
        from prefect.settings import PREFECT_API_URL, get_current_settings, temporary_settings

        settings = get_current_settings()
        if settings.api.url or not settings.server.ephemeral.enabled:
            self.stop()
            return self
        timeout = settings.server.ephemeral.startup_timeout_seconds
        try:
            wait_until_healthy(self.api_url, self.process, 0.05, timeout)
        except RuntimeError:
            self.stop()
            raise
        self._settings.enter_context(temporary_settings(updates={PREFECT_API_URL: self.api_url}))
        threading.Thread(target=self._watch, name="prefect-server-watch", daemon=True).start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stopping = True  # the command no longer needs it: its end is no news
        self._settings.close()

    def _watch(self) -> None:
        returncode = self.process.wait()
        if not self._stopping and self.on_death is not None:
            self.on_death(returncode)

    def stop(self) -> None:
        self._stopping = True
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(STOP_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()


def launch_temporary_server(
    on_death: Callable[[int], None] | None = None,
) -> AbstractContextManager:
    """Start Prefect's temporary server now, unless this process has a Prefect API already;
    enter the result around the flow call."""
    if os.environ.get("PREFECT_API_URL"):
        return contextlib.nullcontext()
    if "prefect.settings" in sys.modules:  # in-process callers (tests) may have one in context
        from prefect.settings import get_current_settings

        if get_current_settings().api.url:
            return contextlib.nullcontext()
    return TemporaryServer(on_death)


def _start_uvicorn(port: int) -> subprocess.Popen:
    """The command and environment of Prefect's own temporary server (its UI off), under a
    lifeline to this process and in a session of its own."""
    spec = importlib.util.find_spec("prefect")  # its location, without importing Prefect
    app_dir = Path(spec.origin).parent.parent
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "flows.lifeline",
            str(os.getpid()),
            "uvicorn",
            "--app-dir",
            str(app_dir),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        env={
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            "PYTHONPATH": os.pathsep.join(
                filter(None, [_package_root(), os.environ.get("PYTHONPATH")])
            ),
        },
        start_new_session=True,
    )


def _package_root() -> str:
    """The folder `flows` is imported from, so the server finds flows.lifeline as we did."""
    return str(Path(__file__).resolve().parent.parent)


def free_port() -> int:
    """A loopback port the kernel picked as unused (uvicorn binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(
    url: str, process: subprocess.Popen, interval: float = 1, timeout: float = STARTUP_SECONDS
) -> None:
    """Wait for a Prefect server to answer at `url`, or fail if it exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prefect server exited with code {process.returncode}")
        if is_healthy(url):
            return
        if cancel.wait(interval):
            process.terminate()
            cancel.check()
    process.terminate()
    raise RuntimeError(f"prefect server did not answer at {url} within {timeout:g}s")


def is_healthy(url: str) -> bool:
    """Whether `url`/health answers 200; asked directly, never through a configured proxy."""
    parts = urllib.parse.urlsplit(f"{url}/health")
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=2)
    try:
        connection.request("GET", parts.path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()
