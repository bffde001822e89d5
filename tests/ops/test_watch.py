"""`wirehouse watch` as a user runs it: a subprocess that ingests a file dropped into the folder."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest
from watchfiles import Change

from flows.watch import is_input_change
from tests.conftest import SEEDS

WAIT_SECONDS = 180


def read_lines(process: subprocess.Popen, lines: queue.Queue) -> None:
    for line in process.stdout:
        lines.put(line.rstrip())


def wait_for(lines: queue.Queue, text: str, seen: list[str], process: subprocess.Popen) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=1)
        except queue.Empty:
            continue
        seen.append(line)
        if text in line:
            return
    # faulthandler prints every thread's stack on SIGABRT: where the watcher hangs
    process.send_signal(signal.SIGABRT)
    time.sleep(3)
    while not lines.empty():
        seen.append(lines.get())
    pytest.fail(f"no {text!r} from wirehouse watch within {WAIT_SECONDS}s: {seen[-80:]}")


def test_watch_ingests_a_dropped_file_and_stops_on_ctrl_c(prefect_server, tmp_path: Path):
    from prefect.settings import PREFECT_API_URL

    source = tmp_path / "seeds"
    source.mkdir()
    db = tmp_path / "warehouse" / "wirehouse.duckdb"
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "COLUMNS": "200"}
    env["PYTHONFAULTHANDLER"] = "1"
    command = [sys.executable, "-m", "flows.cli", "watch", "--source", str(source)]
    command += ["--db", str(db), "--debounce-ms", "300", "--max-runs", "3", "--quiet"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_lines, args=(process, lines), daemon=True).start()
    seen: list[str] = []
    try:
        wait_for(lines, "run 1 (", seen, process)  # the start-up run, on an empty folder
        (source / ".draft.txt").write_text("hidden: ignored", encoding="utf-8")
        (source / "partial.html.part").write_text("temporary: ignored", encoding="utf-8")
        shutil.copy(SEEDS / "000_f45606c9e453b2b3.txt", source / "dropped.txt")
        wait_for(lines, "run 2 (", seen, process)
        process.send_signal(signal.SIGINT)  # Ctrl-C
        wait_for(lines, "watch stopped after 2 run(s)", seen, process)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert any("1 new files, 1 documents loaded" in line for line in seen), seen
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT path FROM documents").fetchall() == [("dropped.txt",)]
        # the run lists the whole folder: the temporary and the hidden file are unseen
        assert con.execute("SELECT path, code FROM rejects").fetchall() == []


@pytest.mark.parametrize(
    ("change", "name", "wanted"),
    [
        (Change.added, "a/story.html", True),
        (Change.modified, "crawl.warc.gz", True),
        (Change.deleted, "story.html", False),
        (Change.added, ".hidden/story.html", False),
        (Change.added, "story.html.crdownload", False),
        (Change.added, "story.txt~", False),
        (Change.added, "picture.png", False),
        (Change.modified, "a/story.html.meta.json", True),
        (Change.added, "story.html.PART", False),
    ],
    ids=[
        "added",
        "archive",
        "deleted",
        "hidden",
        "download",
        "backup",
        "unsupported",
        "sidecar",
        "temporary-upper-case",
    ],
)
def test_which_changes_trigger_a_run(tmp_path: Path, change: Change, name: str, wanted: bool):
    assert is_input_change(tmp_path, change, str(tmp_path / name)) is wanted


def test_a_slow_copy_is_one_run_after_the_quiet_period(prefect_server, tmp_path: Path):
    """Twelve files landing 0.4 s apart (a slow copy, 4.4 s in all) with a 1.5 s quiet period:
    one run takes them all, however long the copy takes."""
    from prefect.settings import PREFECT_API_URL

    source = tmp_path / "seeds"
    source.mkdir()
    db = tmp_path / "warehouse" / "wirehouse.duckdb"
    env = {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "COLUMNS": "200"}
    command = [sys.executable, "-m", "flows.cli", "watch", "--source", str(source)]
    command += ["--db", str(db), "--debounce-ms", "1500", "--max-runs", "2", "--quiet"]
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=read_lines, args=(process, lines), daemon=True).start()
    seen: list[str] = []
    text = (SEEDS / "000_f45606c9e453b2b3.txt").read_text(encoding="utf-8")
    try:
        wait_for(lines, "run 1 (", seen, process)
        for n in range(12):
            (source / f"copy-{n:02d}.txt").write_text(f"{text}\nCopy {n}.\n", encoding="utf-8")
            time.sleep(0.4)
        wait_for(lines, "run 2 (", seen, process)
        assert process.wait(timeout=60) == 0
    finally:
        if process.poll() is None:
            process.kill()
    assert any("12 file(s) changed" in line for line in seen), seen
    assert any("run 2 (" in line and "12 new files" in line for line in seen), seen
