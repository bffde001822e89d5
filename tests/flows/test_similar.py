"""A chain of near copies (c repeats b, which repeats a, but c is far from a): `duplicates`
links each copy to its closest earlier version only; v_duplicate_groups and `wirehouse
similar` find the whole chain."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from tests.conftest import SEEDS, run_ingest
from transforms.clean import clean_document, doc_id_for


def seed_paragraphs() -> list[str]:
    """Distinct paragraphs of 26-59 words from three seeds, in order."""
    paragraphs = []
    for name in (
        "001_d7bbb8bd739a387c.txt",
        "000_f45606c9e453b2b3.txt",
        "003_22fe07c83436d0f1.txt",
    ):
        data = (SEEDS / name).read_bytes()
        doc = clean_document(name, hashlib.sha256(data).hexdigest(), data, "text")
        paragraphs += [p for p in doc.paragraphs if 25 < len(p.split()) < 60]
    return paragraphs


@pytest.fixture
def chain(prefect_server, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    p = seed_paragraphs()
    texts = {
        "a.txt": p[0:10],
        "b.txt": p[0:8] + p[10:12],  # estimated Jaccard with a: 0.67
        "c.txt": p[3:8] + p[10:15],  # with b: 0.58, with a: 0.36 (below the 0.5 threshold)
    }
    source = tmp_path / "seeds" / "wire"
    source.mkdir(parents=True)
    ids = {}
    for name, paragraphs in texts.items():
        data = ("\n\n".join(paragraphs) + "\n").encode()
        (source / name).write_bytes(data)
        ids[name] = doc_id_for(hashlib.sha256(data).hexdigest())
    db = tmp_path / "wh.duckdb"
    run_ingest(source.parent, db)
    return db, ids


def test_duplicates_link_each_copy_to_its_closest_earlier_version_only(chain):
    db, ids = chain
    with duckdb.connect(str(db), read_only=True) as con:
        links = dict(con.execute("SELECT doc_id, duplicate_of FROM duplicates").fetchall())
        assert links == {ids["b.txt"]: ids["a.txt"], ids["c.txt"]: ids["b.txt"]}
        group = con.execute(
            "SELECT doc_id, steps FROM v_duplicate_groups WHERE group_id = ? ORDER BY steps",
            [ids["a.txt"]],
        ).fetchall()
    assert group == [(ids["a.txt"], 0), (ids["b.txt"], 1), (ids["c.txt"], 2)]


def test_similar_lists_the_whole_chain_with_its_evidence(chain, capsys):
    db, ids = chain
    assert main(["similar", "--db", str(db), "--format", "json", ids["a.txt"]]) == 0
    near = {row["doc_id"]: row for row in json.loads(capsys.readouterr().out)}
    assert set(near) == {ids["b.txt"], ids["c.txt"]}
    b, c = near[ids["b.txt"]], near[ids["c.txt"]]
    assert b["minhash_jaccard"] > 0.5 > c["minhash_jaccard"]
    assert b["shared_paragraphs"] == 8 and c["shared_paragraphs"] == 5
    assert b["copy_chain"] and c["copy_chain"] and b["outlet"] == "wire"
    assert main(["similar", "--db", str(db), "wire/c.txt"]) == 0  # a path names it too
    assert main(["similar", "--db", str(db), "nope"]) == 1
    assert "no document 'nope'" in capsys.readouterr().err
