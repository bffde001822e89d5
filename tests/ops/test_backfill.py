"""`wirehouse backfill`: a glossary added after loading reaches the documents of a period,
rebuilt from the stored raw text under the same ids, with nothing duplicated."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from tests.conftest import empty_config, run_ingest

MT_DOC = "0b426de43297c30c"  # seeds/002: machine-translated TASS report of 15 December 2015
GLOSSARY = """
[[entry]]
id = "preparatory-work"
class = "calque"
pattern = "Preparatory work"
replacement = "Preparations"
"""
COUNTED = ("documents", "paragraphs", "duplicates", "events", "event_documents", "raw_files")


def snapshot(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED}
        ids = con.execute("SELECT doc_id, path, run_id FROM documents ORDER BY path").fetchall()
        events = con.execute(
            "SELECT doc_id, event_id FROM event_documents ORDER BY doc_id"
        ).fetchall()
        body = con.execute("SELECT body FROM documents WHERE doc_id = ?", [MT_DOC]).fetchone()[0]
        rules = con.execute(
            "SELECT count(*) FROM repairs WHERE rule = 'glossary:calque:preparatory-work'"
        ).fetchone()[0]
    return {"counts": counts, "ids": ids, "events": events, "body": body, "rules": rules}


@pytest.fixture
def loaded(prefect_server, seed_dir: Path, tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    db = tmp_path / "warehouse" / "wirehouse.duckdb"
    run_ingest(seed_dir, db)
    (tmp_path / "mine.toml").write_text(GLOSSARY, encoding="utf-8")
    config = tmp_path / "wirehouse.toml"
    config.write_text(f'glossaries = ["{tmp_path / "mine.toml"}"]\n', encoding="utf-8")
    monkeypatch.setenv("WIREHOUSE_CONFIG", empty_config(tmp_path))  # restored after the test
    return db, config


def test_backfill_applies_a_new_glossary_to_the_period_only_and_duplicates_nothing(loaded):
    db, config = loaded
    before = snapshot(db)
    assert "Preparatory work" in before["body"] and before["rules"] == 0
    args = ["backfill", "--db", str(db), "--config", str(config), "--quiet"]
    assert main([*args, "--since", "2015-12-01", "--until", "2016-01-01"]) == 0
    after = snapshot(db)
    assert "Preparations" in after["body"] and "Preparatory work" not in after["body"]
    assert after["rules"] == 1
    assert after["counts"] == before["counts"]
    assert after["events"] == before["events"]
    changed = {
        doc
        for (doc, _, run), (_, _, old) in zip(after["ids"], before["ids"], strict=True)
        if run != old
    }
    assert changed == {MT_DOC}
    assert [i[:2] for i in after["ids"]] == [i[:2] for i in before["ids"]]

    # everything again: same ids, same counts, the repair made once
    assert main([*args, "--since", "1900-01-01"]) == 0
    again = snapshot(db)
    assert again["counts"] == before["counts"] and again["rules"] == 1
    assert [i[:2] for i in again["ids"]] == [i[:2] for i in before["ids"]]
    assert again["events"] == before["events"]
    assert {run for (_, _, run) in again["ids"]} != {run for (_, _, run) in before["ids"]}


def test_backfill_rejects_a_bad_date(capsys):
    with pytest.raises(SystemExit):
        main(["backfill", "--since", "last week"])
    assert "not a YYYY-MM-DD date" in capsys.readouterr().err
