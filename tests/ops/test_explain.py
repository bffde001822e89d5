"""`cleaning_drops` and `wirehouse explain` on a real warehouse: the seeds (text dumps) and an
HTML page through the real flow; a backfill replaces a document's drop rows."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from rich.console import Console

import flows.cli_explain
from flows.cli import main
from tests.conftest import SEEDS, run_ingest
from transforms.drops import raw_lines

PLAYER_PAGE = "004_a92970c734cf40b7.txt"  # the RFE/RL report with player debris and a footer
PAGE = """<html><head><title>Ferry runs aground near Manila | Example News</title>
<meta property="og:title" content="Ferry runs aground near Manila">
<meta property="article:published_time" content="2024-03-03T08:00:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li>
<li><a href="/sport">Sport</a></li></ul></nav>
<article><h1>Ferry runs aground near Manila</h1>
<p>A ferry carrying 200 passengers ran aground near the port of Manila on Sunday, the coast
guard said, and all of them were brought ashore by rescue boats within three hours.</p>
<p>The coast guard said the ferry had left the port in heavy rain and struck a sandbar about
two kilometres from the shore shortly before dawn.</p>
<p>An investigation into the accident would begin on Monday, officials told reporters.</p>
</article>
<footer><p>Share this article on Facebook and Twitter</p>
<p>© 2024 Example News. All rights reserved.</p></footer>
</body></html>"""


@pytest.fixture(scope="module")
def warehouse(prefect_server, tmp_path_factory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("explain")
    source = root / "seeds"
    shutil.copytree(SEEDS, source)
    (source / "ferry.html").write_text(PAGE, encoding="utf-8")
    db = root / "warehouse" / "wirehouse.duckdb"
    run_ingest(source, db)
    return source, db


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def explain(db: Path, key: str, capsys) -> tuple[int, list[str]]:
    code = main(["explain", key, "--db", str(db)])
    return code, capsys.readouterr().out.splitlines()


def test_each_line_a_dump_lost_is_a_row_with_its_reason(warehouse):
    source, db = warehouse
    documents = rows(db, "SELECT doc_id, path, format, run_id FROM documents ORDER BY path")
    assert len(documents) == 6
    for doc_id, path, fmt, run_id in documents:
        query = "SELECT line_no, text, reason, run_id FROM cleaning_drops WHERE doc_id = ?"
        drops = rows(db, query, [doc_id])
        if fmt == "html":
            assert drops == [], "HTML pages have no drop rows"
            continue
        lines = raw_lines((source / path).read_text(encoding="utf-8"))
        assert drops, path
        assert len({n for n, *_ in drops}) == len(drops)
        for line_no, text, reason, drop_run in drops:
            assert text == lines[line_no - 1].strip() and text
            assert reason and drop_run == run_id
    reasons = dict(
        rows(
            db,
            "SELECT line_no, reason FROM cleaning_drops JOIN documents USING (doc_id) "
            "WHERE path = ?",
            [PLAYER_PAGE],
        )
    )
    assert (
        reasons[5] == "title" and reasons[24] == "chrome:debris" and reasons[63] == "chrome:footer"
    )
    body = rows(db, "SELECT body FROM documents WHERE path = ?", [PLAYER_PAGE])[0][0]
    assert "No media source currently available" not in body


def test_explain_a_path_prints_every_line_kept_or_dropped_with_why(warehouse, capsys):
    source, db = warehouse
    code, out = explain(db, PLAYER_PAGE, capsys)
    assert code == 0
    assert out[0].startswith("document  ") and PLAYER_PAGE in out[0]
    assert "title  Kerry, Lavrov Hold Moscow Talks" in out[1]
    assert "2016-07-15" in out[3]
    lines = raw_lines((source / PLAYER_PAGE).read_text(encoding="utf-8"))
    listed = [line for line in out if line[:5].strip().isdigit()]
    assert [int(line[:5]) for line in listed] == [
        n for n, line in enumerate(lines, 1) if line.strip()
    ]
    by_number = {int(line[:5]): line[7:].split(" ", 1)[0] for line in listed}
    assert by_number[5] == "title" and by_number[24] == "chrome:debris"
    assert by_number[11] == "kept"
    # full, uncut lines; what decided in brackets at the end
    assert f"{5:5d}  {'title':<16} Kerry, Lavrov Hold Moscow Talks  [p=" in "\n".join(out)
    kept = sum(1 for reason in by_number.values() if reason == "kept")
    assert f"{kept} of {len(listed)} non-blank lines kept" in out[4]


def test_explain_a_doc_id_a_file_on_disk_and_a_copy_find_the_same_document(warehouse, capsys):
    source, db = warehouse
    doc_id = rows(db, "SELECT doc_id FROM documents WHERE path LIKE '000%'")[0][0]
    by_id = explain(db, doc_id, capsys)
    by_file = explain(db, str(source / "000_f45606c9e453b2b3.txt"), capsys)
    copy = source.parent / "000 copy.txt"
    shutil.copyfile(source / "000_f45606c9e453b2b3.txt", copy)
    by_copy = explain(db, str(copy), capsys)
    assert by_id[0] == 0 and by_id == by_file == by_copy
    assert doc_id in by_id[1][0]
    assert any("byline" in line and "Anastasia Bazenkova" in line for line in by_id[1])


def test_explain_an_html_page_marks_what_trafilatura_kept(warehouse, capsys):
    _, db = warehouse
    code, out = explain(db, "ferry.html", capsys)
    assert code == 0 and "HTML" in out[4]
    marks = {line[24:].strip(): line[7:23].strip() for line in out if line[:5].strip().isdigit()}
    assert marks["Home"] == "not_in_body" and marks["Sport"] == "not_in_body"
    assert marks["Ferry runs aground near Manila"] == "title"
    kept = [text for text, mark in marks.items() if mark == "kept"]
    assert any(text.startswith("A ferry carrying 200 passengers") for text in kept)
    assert any(text.startswith("An investigation into the accident") for text in kept)
    assert marks["© 2024 Example News. All rights reserved."] == "not_in_body"


def test_explain_on_a_terminal_wraps_text_in_a_table(warehouse, capsys, monkeypatch):
    _, db = warehouse
    terminal = Console(force_terminal=True, width=90, record=True)
    monkeypatch.setattr(flows.cli_explain, "console", terminal)
    assert main(["explain", PLAYER_PAGE, "--db", str(db)]) == 0
    text = terminal.export_text()
    assert "kept / why not" in text and "chrome:debris" in text
    assert max(len(line) for line in text.splitlines()) <= 90


def test_explain_an_unknown_document_or_warehouse_exits_2(warehouse, tmp_path, capsys):
    _, db = warehouse
    assert main(["explain", "nope.txt", "--db", str(db)]) == 2
    assert "unknown document" in capsys.readouterr().out
    assert main(["explain", "nope.txt", "--db", str(tmp_path / "none.duckdb")]) == 2
    assert "no warehouse" in capsys.readouterr().out


def test_backfill_replaces_the_drop_rows_of_the_documents_it_reprocesses(warehouse, tmp_path):
    _, db = warehouse
    copy = tmp_path / "warehouse" / "wirehouse.duckdb"
    copy.parent.mkdir()
    shutil.copyfile(db, copy)
    query = "SELECT doc_id, line_no, text, reason FROM cleaning_drops ORDER BY ALL"
    before = rows(copy, query)
    doc_id = rows(copy, "SELECT doc_id FROM documents WHERE path = ?", [PLAYER_PAGE])[0][0]
    with duckdb.connect(str(copy)) as con:  # stale rows a backfill must not leave behind
        con.execute("UPDATE cleaning_drops SET reason = 'stale' WHERE doc_id = ?", [doc_id])
        con.execute(
            "INSERT INTO cleaning_drops (doc_id, line_no, text, reason, run_id) "
            "VALUES (?, 9999, 'gone', 'stale', 'old-run')",
            [doc_id],
        )
    assert main(["backfill", "--db", str(copy), "--since", "1900-01-01", "--quiet"]) == 0
    assert rows(copy, query) == before
    runs = rows(copy, "SELECT DISTINCT d.run_id FROM cleaning_drops AS d")
    backfill_run = rows(copy, "SELECT run_id FROM runs ORDER BY started_at DESC LIMIT 1")[0]
    assert runs == [backfill_run]
