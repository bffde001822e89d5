"""Faults: a full disk or a read-only warehouse fails the run clearly and changes nothing;
files that change between discovery and reading are recorded, never a crash."""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from flows.workers import clean_chunk
from tests.conftest import run_ingest
from tests.reliability.conftest import consistency_problems, content, ingest, rows
from tests.reliability.corpus import ENGLISH, GERMAN, write_good_corpus
from transforms.clean import CleanConfig
from transforms.records import Document
from warehouse.loader import snapshot_path
from warehouse.staging import SourceFile

FILE_SIZE_LIMIT = 256 * 1024  # bytes any one file of the run may reach: the disk is "full"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _loaded(prefect_server, tmp_path: Path) -> tuple[Path, Path]:
    """A warehouse with one run loaded, and its source folder with 40 new files added."""
    source = tmp_path / "drop"
    shutil.copytree(Path(__file__).parents[2] / "seeds", source)
    db = tmp_path / "warehouse" / "wh.duckdb"
    run_ingest(source, db)
    write_good_corpus(source / "new", 40)
    return source, db


def test_full_disk_fails_clearly_and_changes_nothing(prefect_server, child_env, tmp_path):
    source, db = _loaded(prefect_server, tmp_path)
    before, snapshot_before = content(db), _digest(snapshot_path(db))

    def full_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (FILE_SIZE_LIMIT, FILE_SIZE_LIMIT))

    code, output = ingest(source, db, child_env, preexec_fn=full_disk)
    assert code == 4, output
    assert "the warehouse is unchanged" in output and "File too large" in output, output
    assert "Traceback" not in output.split("run failed")[-1]
    assert content(db) == before
    assert _digest(snapshot_path(db)) == snapshot_before
    assert consistency_problems(db) == []

    code, output = ingest(source, db, child_env)  # space again: the next run loads it all
    assert code == 0, output
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == len(before["documents"]) + 40


def test_read_only_warehouse_fails_clearly_and_changes_nothing(prefect_server, child_env, tmp_path):
    source, db = _loaded(prefect_server, tmp_path)
    before = content(db)
    folder = db.parent
    with _read_only(folder):
        code, output = ingest(source, db, child_env)
    assert code == 4, output
    assert "the warehouse is unchanged" in output and "read-only" in output, output
    assert content(db) == before
    assert consistency_problems(db) == []


class _read_only:
    """Make a folder and its files unwritable: chmod, or chattr +i where tests run as root
    (root writes through any mode)."""

    def __init__(self, folder: Path) -> None:
        self.paths = [*sorted(p for p in folder.rglob("*") if p.is_file()), folder]

    def __enter__(self) -> None:
        if os.geteuid() == 0:
            done = subprocess.run(["chattr", "+i", *map(str, self.paths)], capture_output=True)
            if done.returncode:
                self.__exit__()
                pytest.skip(f"running as root and chattr +i is refused: {done.stderr!r}")
        else:
            for path in self.paths:
                path.chmod(0o555 if path.is_dir() else 0o444)

    def __exit__(self, *exc: object) -> None:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", *map(str, self.paths)], capture_output=True)
        else:
            for path in self.paths:
                path.chmod(0o755 if path.is_dir() else 0o644)


def _listed(root: Path, name: str) -> SourceFile:
    path = root / name
    info = path.stat()
    return SourceFile(name, info.st_size, info.st_mtime_ns, _digest(path), "text")


def test_files_changed_between_discovery_and_reading_are_rejected_with_a_reason(tmp_path):
    root = tmp_path / "src"
    root.mkdir()
    names = ["deleted.txt", "truncated.txt", "rewritten.txt", "escaped.txt", "fifo.txt", "kept.txt"]
    for name in names:
        (root / name).write_text(ENGLISH * 4 + name, encoding="utf-8")
    listed = [_listed(root, name) for name in names]
    (root / "deleted.txt").unlink()
    with open(root / "truncated.txt", "r+b") as handle:
        handle.truncate(100)
    (root / "rewritten.txt").write_text(GERMAN * 4, encoding="utf-8")
    (root / "escaped.txt").unlink()
    (root / "escaped.txt").symlink_to("/etc/hostname")
    (root / "fifo.txt").unlink()
    os.mkfifo(root / "fifo.txt")  # opening it for reading would block a naive reader

    results = clean_chunk(listed, str(root), CleanConfig(), timeout=10)
    outcome = {
        name: "document" if isinstance(result, Document) else result.code
        for name, result in zip(names, results, strict=True)
    }
    assert outcome == {
        "deleted.txt": "read_missing",
        "truncated.txt": "read_changed",
        "rewritten.txt": "read_changed",
        "escaped.txt": "read_outside_source",
        "fifo.txt": "read_outside_source",
        "kept.txt": "document",
    }


def test_a_file_rewritten_during_a_run_is_loaded_once_in_its_final_form(prefect_server, tmp_path):
    source = tmp_path / "drop"
    write_good_corpus(source, 30)
    busy = source / "busy.txt"
    stop = threading.Event()

    def rewrite() -> None:
        version = 0
        while not stop.is_set():
            version += 1
            busy.write_text(f"Version {version}. " + ENGLISH * 4, encoding="utf-8")

    writer = threading.Thread(target=rewrite)
    writer.start()
    db = tmp_path / "wh.duckdb"
    try:
        summary = run_ingest(source, db)
    finally:
        stop.set()
        writer.join()
    assert summary["documents_loaded"] >= 30
    outcomes = rows(db, "SELECT code FROM rejects WHERE path = 'busy.txt'")
    assert len(outcomes) <= 1, outcomes  # a reject of the version it read, or a document
    run_ingest(source, db)
    final = _digest(busy)
    assert rows(db, "SELECT count(*) FROM documents WHERE sha256 = ?", [final]) == [(1,)]
    assert consistency_problems(db) == []
