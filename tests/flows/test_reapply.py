"""Reapplying repairs in the warehouse after a user adds a glossary entry."""

import json

import duckdb

from tests.conftest import run_ingest
from transforms.records import Repair
from transforms.repair import replay_repairs


def _rows(db, sql):
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def _state(db):
    return {
        "repairs": _rows(db, "SELECT * EXCLUDE (run_id) FROM repairs ORDER BY ALL"),
        "paragraphs": _rows(
            db, "SELECT doc_id, ordinal, text, mt_score FROM paragraphs ORDER BY ALL"
        ),
        "documents": _rows(
            db,
            "SELECT doc_id, body, machine_translated, mt_score, mt_evidence, repair_skips "
            "FROM documents ORDER BY ALL",
        ),
        "names": _rows(db, "SELECT * EXCLUDE (run_id) FROM name_mentions ORDER BY ALL"),
    }


def test_reapply_adds_a_new_glossary_repair_once(prefect_server, seed_dir, tmp_path, monkeypatch):
    from flows.cli import main
    from flows.reapply import reapply_repairs

    db = tmp_path / "wh.duckdb"
    run_ingest(seed_dir, db)
    raw_sql = "SELECT doc_id, ordinal, raw_text FROM paragraphs ORDER BY ALL"
    raw_at_ingest = _rows(db, raw_sql)
    # what ingest stored: evidence, paragraph scores, canonical names
    ((evidence,),) = _rows(db, "SELECT mt_evidence FROM documents WHERE machine_translated")
    assert evidence["glossary:acronym:MGPS"] == 2 and "casing_broken" in evidence
    assert _rows(db, "SELECT count(*) FROM paragraphs WHERE mt_score > 0.5")[0][0] >= 5
    assert _rows(db, "SELECT count(*) FROM paragraphs WHERE mt_score IS NULL") == [(0,)]
    canon = dict(_rows(db, "SELECT surface, canonical FROM canonical_names"))
    assert canon["Sergey Lavrov"] == canon["Sergei Lavrov"] == "Sergei Lavrov"

    # the same rules again: nothing changes, nothing is duplicated
    loaded = _state(db)
    assert reapply_repairs(db=str(db))["documents"] == 5
    assert _state(db) == loaded

    glossary = tmp_path / "mine.toml"
    glossary.write_text(
        '[[entry]]\nid = "repaint"\nclass = "calque"\npattern = "repaint extremists by"\n'
        'replacement = "pass extremists off as"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("WIREHOUSE_GLOSSARIES", json.dumps([str(glossary)]))
    assert main(["repair", "--reapply", "--db", str(db)]) == 0
    once = _state(db)
    assert main(["repair", "--reapply", "--db", str(db)]) == 0  # twice: idempotent
    assert _state(db) == once
    new = _rows(
        db,
        'SELECT ordinal, "before", "after" FROM repairs WHERE rule = \'glossary:calque:repaint\'',
    )
    assert new == [(new[0][0], "repaint extremists by", "pass extremists off as")]
    after = _state(db)
    assert len(after["repairs"]) == len(loaded["repairs"]) + 1
    assert set(loaded["repairs"]) <= set(after["repairs"])
    assert after["names"] == loaded["names"]
    # the raw text is intact and every paragraph replays from it
    assert _rows(db, raw_sql) == raw_at_ingest
    raw = {(d, o): t for d, o, t in raw_at_ingest}
    repaired = dict(((d, o), t) for d, o, t, _ in after["paragraphs"])
    for key, text in raw.items():
        edits = [
            Repair(o, s, e, b, a, r) for d, o, _, s, e, b, a, r in after["repairs"] if (d, o) == key
        ]
        assert replay_repairs(text, sorted(edits, key=lambda r: r.start)) == repaired[key]
    assert (
        "pass extremists off as"
        in _rows(db, "SELECT body FROM documents WHERE machine_translated")[0][0]
    )
