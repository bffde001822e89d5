"""BM25 full-text search: built by the writer with each load, read by read-only sessions."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from tests.ops.conftest import Loaded
from warehouse import loader
from warehouse.search import SearchIndexMissingError, search_documents


def documents_containing(db: Path, word: str) -> set[str]:
    with duckdb.connect(str(db), read_only=True) as con:
        sql = "SELECT doc_id FROM documents WHERE regexp_matches(body || ' ' || title, $pattern)"
        found = con.execute(sql, {"pattern": rf"(?i)\b{word}\b"}).fetchall()
    return {doc_id for (doc_id,) in found}


def test_a_word_of_one_article_finds_that_article_only(loaded: Loaded):
    columns, hits = search_documents(loaded.db, "Osobnyak")
    assert len(hits) == 1
    found = dict(zip(columns, hits[0], strict=True))
    assert found["title"].startswith("Kerry: 'Productive' Talks")
    assert "Osobnyak" in found["snippet"]


@pytest.mark.parametrize("word", ["Lavrov", "Ukraine"])
def test_index_covers_every_document_of_both_runs(loaded: Loaded, word: str):
    """The second run's reprint is found too: the index was rebuilt when it was loaded."""
    _, hits = search_documents(loaded.db, word, limit=100)
    expected = documents_containing(loaded.db, word)
    assert {row[-1] for row in hits} == expected
    assert len(expected) >= 2


def test_best_matches_come_first_and_limit_holds(loaded: Loaded):
    columns, hits = search_documents(loaded.db, "Kerry Lavrov Moscow talks", limit=3)
    scores = [row[columns.index("score")] for row in hits]
    assert len(hits) == 3
    assert scores == sorted(scores, reverse=True) and scores[-1] > 0


def test_cli_search_prints_the_matching_title(loaded: Loaded, capsys):
    assert main(["search", "--db", str(loaded.db), "--limit", "2", "Osobnyak"]) == 0
    out = capsys.readouterr().out
    assert "1. Kerry: 'Productive' Talks" in out
    assert "themoscowtimes.com, 2016-03-24" in out
    assert "1 document(s)" in out


def test_a_warehouse_without_an_index_says_how_to_build_it(tmp_path: Path, capsys):
    db = tmp_path / "empty.duckdb"
    con = loader.connect(db)
    loader.apply_schema(con)
    con.close()
    with pytest.raises(SearchIndexMissingError, match="wirehouse ingest"):
        search_documents(db, "Kerry")
    assert main(["search", "--db", str(db), "Kerry"]) == 1
    # rich wraps the message at the console's width, wherever a long temp path puts the break
    assert "no full-text index" in " ".join(capsys.readouterr().err.split())


def test_second_run_rebuilt_the_index_over_all_documents(loaded: Loaded):
    _, [(run_id, documents)] = loader.query(loaded.db, "SELECT run_id, documents FROM search_index")
    assert run_id == loaded.second["run_id"]
    assert documents == loader.query(loaded.db, "SELECT count(*) FROM documents")[1][0][0]


def test_index_is_rebuilt_when_a_body_is_rewritten_and_only_then(loaded: Loaded, tmp_path: Path):
    """A repair re-run rewrites bodies without loading documents: the fingerprint notices."""
    db = tmp_path / "copy.duckdb"
    shutil.copyfile(loaded.db, db)
    con = loader.connect(db)
    try:
        run = loader.RunLoad(con, "unchanged", tmp_path)
        run.refresh_search_index()
        assert con.execute("SELECT run_id FROM search_index").fetchone()[0] != "unchanged"
        con.execute("UPDATE documents SET body = body || ' Zanzibar' WHERE path LIKE '001%'")
        loader.RunLoad(con, "rewritten", tmp_path).refresh_search_index()
    finally:
        con.close()
    _, hits = search_documents(db, "Zanzibar")
    _, [(rewritten,)] = loader.query(db, "SELECT doc_id FROM documents WHERE path LIKE '001%'")
    assert [row[-1] for row in hits] == [rewritten]
