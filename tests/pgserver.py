"""A private PostgreSQL server for tests of the DuckLake catalog: initdb in a temp folder,
listening on a Unix socket only (no TCP), as a non-root user when the tests run as root
(postgres refuses root). Debian's `postgresql` package provides the binaries (.ci/run
installs it); without them the tests skip and say why."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

USER = "wirehouse"  # the database superuser initdb creates (socket only)
# Its password: the server asks for it (scram-sha-256), so a client that loses it on the way
# (a lake handed to a flow without PGPASSWORD) is refused.
PASSWORD = "s3cret-in-conninfo"


def find_binary(name: str) -> str | None:
    """`name` on PATH, else in Debian's versioned folder (not on PATH by default)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return candidates[-1] if candidates else None


def unavailable() -> str | None:
    """Why no private server can start here, or None."""
    for name in ("initdb", "pg_ctl", "createdb"):
        if find_binary(name) is None:
            return f"{name} not found: install Debian's postgresql package (.ci/run does)"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no 'postgres' user to run the server as"
    return None


def _free_port() -> int:
    """A port number for the socket file's name (the server listens on no TCP address)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, root: Path, port: int, run_as: tuple[int, int] | None) -> None:
        self.root = root
        self.port = port
        self.socket_dir = root / "sock"
        self.run_as = run_as
        self._databases = 0

    def _run(self, *command: str) -> subprocess.CompletedProcess:
        user, group = self.run_as or (None, None)
        return subprocess.run(
            command, check=True, capture_output=True, text=True, user=user, group=group,
            env={**os.environ, "PGPASSWORD": PASSWORD},
        )  # fmt: skip

    def conninfo(self, dbname: str) -> str:
        """Without the password: a client gives it (`password=`, PGPASSWORD or ~/.pgpass)."""
        return f"host={self.socket_dir} port={self.port} user={USER} dbname={dbname}"

    def new_database(self) -> str:
        """A fresh, empty database: one DuckLake catalog per test."""
        self._databases += 1
        name = f"lake{self._databases}"
        self._run(
            find_binary("createdb"), "-h", str(self.socket_dir), "-p", str(self.port),
            "-U", USER, name,
        )  # fmt: skip
        return name


@contextmanager
def private_server() -> Iterator[Server]:
    """Start a throwaway server; stop it (immediately) and remove its files afterwards."""
    root = Path(tempfile.mkdtemp(prefix="wirehouse-pg-"))
    run_as = None
    if os.geteuid() == 0:
        entry = pwd.getpwnam("postgres")
        run_as = (entry.pw_uid, entry.pw_gid)
        os.chown(root, *run_as)
    server = Server(root, _free_port(), run_as)
    data = root / "data"
    password_file = root / "password"
    password_file.write_text(PASSWORD + "\n")
    if run_as:
        os.chown(password_file, *run_as)
    try:
        server._run(
            find_binary("initdb"), "-D", str(data), "-U", USER, "--auth=scram-sha-256",
            f"--pwfile={password_file}", "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        server._run("mkdir", str(server.socket_dir))
        options = (
            f"-k {server.socket_dir} -p {server.port} -c listen_addresses='' -c fsync=off "
            "-c max_connections=50"
        )
        server._run(
            find_binary("pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"),
            "-w", "-t", "60", "start",
        )  # fmt: skip
        yield server
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                [find_binary("pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                capture_output=True,
                user=run_as[0] if run_as else None,
            )
        shutil.rmtree(root, ignore_errors=True)
