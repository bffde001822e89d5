"""Staging belongs to its warehouse: a folder named `staging` is a source like any other, two
warehouses in one folder never share staging, a source inside a warehouse's staging folder
is refused before anything is touched, and links planted where a run writes are refused."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.reliability.conftest import (
    Output,
    consistency_problems,
    ingest,
    rows,
    start_ingest,
    wait_until,
)
from tests.reliability.corpus import write_good_corpus
from warehouse.staging import staging_root


def _tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _complete(db: Path) -> tuple[int, int, int, int]:
    """documents, raw files with text, source paths recorded, source paths without a hash."""
    return rows(
        db,
        "SELECT (SELECT count(*) FROM documents), "
        "(SELECT count(*) FROM raw_files WHERE raw_text IS NOT NULL), "
        "(SELECT count(*) FROM source_files), "
        "(SELECT count(*) FROM source_files WHERE sha256 IS NULL)",
    )[0]


def test_two_warehouses_beside_a_source_folder_named_staging(child_env, tmp_path):
    folder = tmp_path / "x"
    source = folder / "staging"  # issue 21: this folder was emptied, its files lost
    kinds = write_good_corpus(source, 24, seed=21)
    articles = sum(kind == "article" for kind in kinds.values())
    files = _tree(source)
    a, b = folder / "a.duckdb", folder / "b.duckdb"

    first = start_ingest(source, a, child_env, "--batch-size", "6")
    first_output = Output(first)
    cleaning = wait_until(lambda: any(staging_root(a).glob("*/raw_files-*")), 180, first)
    assert cleaning, first_output.text  # a is cleaning: now b starts in the same folder
    second = start_ingest(source, b, child_env, "--batch-size", "6")
    second_output = Output(second)
    assert first.wait(300) == 0, first_output.text
    assert second.wait(300) == 0, second_output.text

    assert _tree(source) == files, "the source folder changed"
    for db in (a, b):
        assert _complete(db) == (articles, articles, len(files), 0), db.name
        assert consistency_problems(db) == []
        assert not staging_root(db).exists()
    new = source / "late" / "new.txt"
    new.parent.mkdir()
    new.write_text("A late report.\n\nThe harbour reopened on Tuesday after the storm.\n" * 3)
    code, output = ingest(source, a, child_env)  # later runs on a load new files
    assert code == 0, output
    assert _complete(a) == (articles + 1, articles + 1, len(files) + 1, 0)


def test_a_source_inside_the_staging_folder_is_refused_untouched(child_env, tmp_path):
    db = tmp_path / "wh.duckdb"
    for source in (staging_root(db), staging_root(db) / "inbox"):
        write_good_corpus(source, 3, seed=5)
        files = _tree(source)
        code, output = ingest(source, db, child_env, timeout=120)
        assert code == 2, output
        assert "refused" in output and "staging folder" in output, output
        assert _tree(source) == files
        assert not db.exists()


def test_links_planted_where_a_run_writes_are_refused(child_env, tmp_path):
    source = tmp_path / "drop"
    write_good_corpus(source, 3, seed=6)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    db = tmp_path / "w" / "wh.duckdb"
    db.parent.mkdir()
    lock = db.with_name(db.name + ".lock")
    lock.symlink_to(victim)
    code, output = ingest(source, db, child_env, timeout=120)
    assert code == 4, output
    assert "symbolic link" in output, output
    assert victim.read_text() == "precious\n", "the lock's link target was overwritten"
    lock.unlink()

    folder = tmp_path / "victim-folder"
    (folder / "keep").mkdir(parents=True)
    (folder / "keep" / "file.txt").write_text("precious\n")
    staging_root(db).symlink_to(folder)
    code, output = ingest(source, db, child_env, timeout=120)
    assert code == 4, output
    assert "symbolic link" in output, output
    assert (folder / "keep" / "file.txt").read_text() == "precious\n"
