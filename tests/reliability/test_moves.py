"""Files that move or change under a run are never lost: a file renamed, or moved out and back,
after discovery is left for the next run, which loads it; bytes that were never read are no
"copy"; an edit that keeps the size and puts the mtime back is still seen (ctime), and
`--rehash` hashes everything again."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from tests.reliability.conftest import (
    Output,
    consistency_problems,
    ingest,
    rows,
    start_ingest,
    wait_until,
)
from tests.reliability.corpus import ENGLISH, GERMAN, write_good_corpus
from warehouse import loader
from warehouse.staging import staging_root


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _documents_of(db: Path, sha: str) -> int:
    return rows(db, "SELECT count(*) FROM documents WHERE sha256 = ?", [sha])[0][0]


def _unread_copies(db: Path) -> int:
    """Raw files held without text and without a lasting reason: the bug's lost files."""
    return rows(
        db,
        "SELECT count(*) FROM raw_files r WHERE raw_text IS NULL AND NOT EXISTS ("
        "SELECT 1 FROM rejects j WHERE j.sha256 = r.sha256 "
        "AND j.code NOT IN ('read_missing', 'read_changed'))",
    )[0][0]


def test_files_moved_during_a_run_are_documents_by_the_next_run(child_env, tmp_path):
    source = tmp_path / "drop"
    write_good_corpus(source / "a", 16, seed=12)
    last = source / "zz"  # read last: its batch is cleaned long after discovery
    last.mkdir()
    renamed, moved = last / "renamed.txt", last / "moved-out.txt"
    renamed.write_text("Renamed report.\n\n" + ENGLISH * 4, encoding="utf-8")
    moved.write_text("Moved report.\n\n" + GERMAN * 2 + ENGLISH * 2, encoding="utf-8")
    shas = {_sha(renamed), _sha(moved)}
    away = tmp_path / "away.txt"
    db = tmp_path / "wh.duckdb"

    process = start_ingest(source, db, child_env, "--batch-size", "4")
    output = Output(process)
    discovered = wait_until(
        lambda: any(staging_root(db).glob("*/source_files-discover.parquet")), 180, process, 0.002
    )
    assert discovered and process.poll() is None, output.text
    renamed.rename(last / "renamed-later.txt")
    shutil.move(moved, away)
    assert process.wait(300) == 0, output.text
    shutil.move(away, moved)  # back at its path, with its mtime, size and inode
    for sha in shas:
        assert _documents_of(db, sha) == 0, "the run read the file after all"
    assert rows(db, "SELECT count(*) FROM raw_files WHERE sha256 IN (?, ?)", list(shas)) == [(0,)]
    assert _unread_copies(db) == 0

    code, text = ingest(source, db, child_env)
    assert code == 0, text
    for sha in shas:
        assert _documents_of(db, sha) == 1, text
    (copies,) = rows(db, "SELECT files_copies FROM runs ORDER BY started_at DESC LIMIT 1")[0]
    assert copies == 0
    assert consistency_problems(db) == []


def test_a_same_size_edit_with_the_mtime_put_back_is_read(child_env, tmp_path):
    source = tmp_path / "drop"
    write_good_corpus(source, 6, seed=13)
    edited = source / "edited.txt"
    edited.write_text("Version A of the report.\n\n" + ENGLISH * 4, encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    code, text = ingest(source, db, child_env)
    assert code == 0, text
    before = os.stat(edited)
    edited.write_text("Version B of the report.\n\n" + ENGLISH * 4, encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(edited)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    code, text = ingest(source, db, child_env)
    assert code == 0, text
    assert _documents_of(db, _sha(edited)) == 1, "the edit was never read"

    code, text = ingest(source, db, child_env, options=("--rehash",))
    assert code == 0, text
    (run_id, new, copies) = rows(
        db, "SELECT run_id, files_new, files_copies FROM runs ORDER BY started_at DESC LIMIT 1"
    )[0]
    assert (new, copies) == (0, 0)  # same bytes hashed again: neither new nor copies
    files = sum(1 for p in source.rglob("*") if p.is_file())
    assert rows(db, "SELECT count(*) FROM source_files WHERE run_id = ?", [run_id]) == [(files,)]


@pytest.mark.fast
def test_bytes_recorded_unread_are_not_held_and_are_replaced_when_read(tmp_path):
    con = loader.connect(tmp_path / "wh.duckdb")
    try:
        loader.apply_schema(con)
        con.execute(
            "INSERT INTO raw_files VALUES ('moved', 'a.txt', 3, 'text', NULL, 'r1'), "
            "('junk', 'b.txt', 3, 'text', NULL, 'r1'), ('read', 'c.txt', 3, 'text', 'abc', 'r1')"
        )
        con.execute(
            "INSERT INTO rejects VALUES ('a.txt', 'moved', 'read_missing', 'moved away', 'r1'), "
            "('b.txt', 'junk', 'decode_binary', 'binary bytes', 'r1')"
        )
        assert loader.known_hashes(con, ["moved", "junk", "read"]) == {"junk", "read"}
    finally:
        con.close()
