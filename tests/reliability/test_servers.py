"""Prefect's temporary server lives and dies with the command that started it: a SIGKILLed
command leaves no server behind, and a server killed mid-run makes the command end quickly
saying what the run left in the warehouse (which agrees)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    Output,
    alive,
    children,
    command_line,
    consistency_problems,
    lock_is_free,
    reap_group,
    rows,
    start_ingest,
    wait_until,
)
from tests.reliability.corpus import write_good_corpus
from warehouse.loader import snapshot_path
from warehouse.staging import staging_root

SERVER_GONE_SECONDS = 10
CLI_ENDS_SECONDS = 30


@pytest.fixture(scope="module")
def own_server_env(child_env, tmp_path_factory) -> dict[str, str]:
    """No Prefect API configured: each command starts its own temporary server (its SQLite
    in a PREFECT_HOME of this module)."""
    env = {k: v for k, v in child_env.items() if not k.startswith("PREFECT_API")}
    return env | {"PREFECT_HOME": str(tmp_path_factory.mktemp("prefect-home"))}


def _server_of(pid: int) -> int | None:
    servers = [c for c in children(pid) if "uvicorn" in command_line(c)]
    return servers[0] if servers else None


def _start_and_wait_for_cleaning(source: Path, db: Path, env: dict):
    process = start_ingest(source, db, env, "--batch-size", "5")
    output = Output(process)
    cleaning = wait_until(lambda: any(staging_root(db).glob("*/raw_files-*")), 240, process)
    assert cleaning and process.poll() is None, output.text
    server = _server_of(process.pid)
    assert server is not None, "the command runs no server of its own"
    return process, output, server


def test_a_killed_command_leaves_no_server(own_server_env, tmp_path):
    source, db = tmp_path / "drop", tmp_path / "wh.duckdb"
    write_good_corpus(source, 20, seed=71)
    process, _, server = _start_and_wait_for_cleaning(source, db, own_server_env)
    process.send_signal(signal.SIGKILL)  # the command only: the server is in its own session
    process.wait()
    killed = time.monotonic()
    gone = wait_until(lambda: not alive(server), SERVER_GONE_SECONDS + 5, poll=0.05)
    seconds = time.monotonic() - killed
    if not gone:
        os.kill(server, signal.SIGKILL)
    assert gone and seconds < SERVER_GONE_SECONDS, f"server alive {seconds:.1f} s after"
    assert reap_group(process.pid) == [], "pool workers outlived the killed command"
    print(f"\nserver gone {seconds:.2f} s after its command was SIGKILLed")


def test_a_killed_server_ends_the_command_with_the_truth(own_server_env, tmp_path):
    source, db = tmp_path / "drop", tmp_path / "wh.duckdb"
    kinds = write_good_corpus(source, 20, seed=72)
    articles = sum(kind == "article" for kind in kinds.values())

    # killed while the run cleans: nothing committed, and the command says so
    process, output, server = _start_and_wait_for_cleaning(source, db, own_server_env)
    code, seconds, text = _kill_server(process, output, server, db)
    assert "committed nothing, the warehouse is as it was" in text, text
    assert code == 1, text
    assert not db.exists() or rows(db, "SELECT count(*) FROM documents") == [(0,)]

    # killed once the run has committed and published (its Prefect calls remain): exit 0
    process = start_ingest(source, db, own_server_env, "--batch-size", "5")
    output = Output(process)
    published = wait_until(lambda: snapshot_path(db).exists(), 300, process, poll=0.002)
    assert published and process.poll() is None, output.text
    server = _server_of(process.pid)
    assert server is not None
    code, more_seconds, text = _kill_server(process, output, server, db)
    assert "had committed its load, the warehouse holds it" in text, text
    assert code == 0, text
    assert rows(db, "SELECT count(*) FROM documents") == [(articles,)]
    assert rows(snapshot_path(db), "SELECT count(*) FROM documents") == [(articles,)]
    assert consistency_problems(db) == []
    print(
        f"\ncommand ended {seconds:.2f} s (nothing committed, exit 1) and {more_seconds:.2f} s "
        "(committed, exit 0) after its server was SIGKILLed"
    )


def _kill_server(process, output: Output, server: int, db: Path) -> tuple[int, float, str]:
    """SIGKILL the run's server; (exit code, seconds until the command ended, its output)."""
    os.kill(server, signal.SIGKILL)
    killed = time.monotonic()
    code = process.wait(timeout=120)
    seconds = time.monotonic() - killed
    text = output.text
    assert seconds < CLI_ENDS_SECONDS, f"{seconds:.1f} s\n{text}"
    assert "Prefect's temporary server ended unexpectedly" in text, text
    assert "Traceback" not in text, text
    assert lock_is_free(db)
    assert reap_group(process.pid) == []
    return code, seconds, text
