"""Runs after the first: new files are matched against what is loaded; failures change nothing."""

from __future__ import annotations

import hashlib
import shutil
import time
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_ingest
from tests.flows.test_ingest import rows, snapshot
from warehouse.staging import staging_root

SIBLING = "004_a92970c734cf40b7.txt"


def test_new_report_joins_its_event_and_takes_its_year(prefect_server, seed_dir, tmp_path):
    held_back = tmp_path / SIBLING
    shutil.move(seed_dir / SIBLING, held_back)
    db = tmp_path / "wh.duckdb"
    run_ingest(seed_dir, db)
    shutil.move(held_back, seed_dir / SIBLING)
    summary = run_ingest(seed_dir, db)
    assert (summary["files_new"], summary["documents_loaded"]) == (1, 1)
    published, inferred, source = rows(
        db,
        "SELECT published_date, date_inferred, date_source FROM documents WHERE path = ?",
        [SIBLING],
    )[0]
    assert (published, inferred, source) == (date(2016, 7, 15), True, "event")
    group = rows(
        db,
        "SELECT list(d.path ORDER BY d.path), any_value(e.n_documents) FROM event_documents "
        "JOIN events AS e USING (event_id) JOIN documents AS d USING (doc_id) "
        "GROUP BY event_id HAVING list_contains(list(d.path), ?)",
        [SIBLING],
    )
    assert group == [(["001_d7bbb8bd739a387c.txt", SIBLING], 2)]


def test_syndicated_copy_is_a_near_duplicate(prefect_server, seed_dir, tmp_path):
    db = tmp_path / "wh.duckdb"
    run_ingest(seed_dir, db)
    original = (seed_dir / "003_22fe07c83436d0f1.txt").read_text(encoding="utf-8")
    paragraphs = original.split("\n\n")
    edited = paragraphs[:6] + paragraphs[7:]  # one paragraph cut
    edited[1] = edited[1].replace("Putin, Kerry hold", "Putin and Kerry hold")  # new headline
    edited.append("Copyright 2016 Syndication Partner. Distributed by a wire service.")
    (seed_dir / "syndicated").mkdir()
    (seed_dir / "syndicated" / "copy.md").write_text("\n\n".join(edited), encoding="utf-8")
    summary = run_ingest(seed_dir, db)
    assert summary["documents_loaded"] == 1
    found = rows(
        db,
        "SELECT x.kind, x.similarity, o.path FROM duplicates AS x "
        "JOIN documents AS o ON o.doc_id = x.duplicate_of WHERE x.path = 'syndicated/copy.md'",
    )
    assert len(found) == 1
    kind, similarity, original_path = found[0]
    assert kind == "near" and 0.6 <= similarity < 1.0
    assert original_path == "003_22fe07c83436d0f1.txt"


def test_failed_load_leaves_the_warehouse_as_it_was(prefect_server, seed_dir, tmp_path):
    held_back = tmp_path / SIBLING
    shutil.move(seed_dir / SIBLING, held_back)
    db = tmp_path / "wh.duckdb"
    run_ingest(seed_dir, db)
    # A row already holding the id the next run will load makes its transaction fail midway.
    doc_id = hashlib.sha256(held_back.read_bytes()).hexdigest()[:16]
    with duckdb.connect(str(db)) as con:
        con.execute(
            "INSERT INTO documents (doc_id, sha256, path, format, date_precision, date_inferred, "
            "body, raw_body, word_count, machine_translated, mt_score, content_hash, run_id) "
            "VALUES (?, 'x', 'planted', 'text', 'unknown', false, '', '', 0, false, 0, 'x', 'x')",
            [doc_id],
        )
    before = snapshot(db)
    runs_before = rows(db, "SELECT count(*) FROM runs")
    shutil.move(held_back, seed_dir / SIBLING)
    started = time.monotonic()
    with pytest.raises(duckdb.ConstraintException):
        run_ingest(seed_dir, db)
    assert time.monotonic() - started < 60, "a deterministic failure must not be retried"
    assert snapshot(db) == before
    assert rows(db, "SELECT count(*) FROM runs") == runs_before
    with duckdb.connect(str(db)) as con:
        con.execute("DELETE FROM documents WHERE path = 'planted'")
    summary = run_ingest(seed_dir, db)
    assert summary["documents_loaded"] == 1
    assert not staging_root(db).exists()  # the run removed its staging, and the failed run's


def test_cli_sql_is_read_only_and_status_reports(prefect_server, seed_dir, tmp_path, capsys):
    from flows.cli import main

    db = tmp_path / "wh.duckdb"
    assert main(["ingest", "--source", str(seed_dir), "--db", str(db), "--quiet"]) == 0
    assert main(["sql", "--db", str(db), "SELECT count(*) AS n FROM documents"]) == 0
    assert "5" in capsys.readouterr().out
    assert main(["sql", "--db", str(db), "DROP TABLE documents"]) == 1
    assert "read-only" in capsys.readouterr().err.lower()
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 5
    assert main(["status", "--db", str(db)]) == 0
    assert "documents" in capsys.readouterr().out
    assert main(["sql", "--db", str(tmp_path / "missing.duckdb"), "SELECT 1"]) == 2


def test_a_second_run_on_a_held_warehouse_skips(prefect_server, seed_dir, tmp_path):
    from warehouse.loader import writer_lock

    db = tmp_path / "wh.duckdb"
    with writer_lock(Path(db)) as acquired:
        assert acquired
        summary = run_ingest(seed_dir, db)
    assert summary["status"].startswith("skipped")
    assert not db.exists()
