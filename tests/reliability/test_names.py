"""Names are data: any byte sequence a file system allows is a path. A name that is not UTF-8
(issue 21: one such name failed every run) loads among good files, stored losslessly and
shown escaped; control characters never reach a terminal."""

from __future__ import annotations

import os
import subprocess

import pytest

from flows.names import escape_name, name_bytes, printable, unescape_name
from tests.conftest import REPO
from tests.reliability.conftest import consistency_problems, ingest, rows, wirehouse_command
from tests.reliability.corpus import ENGLISH, GERMAN, write_good_corpus

# name (bytes) -> text of the article it holds (None: a byte copy of the first one)
ODD_NAMES: dict[bytes, str | None] = {
    b"bad_\xff\xfe.txt": "Ferry report. " + ENGLISH * 4,
    b"copy_\xff.txt": None,
    b"esc\x1b[31mred.txt": "Escape report. " + GERMAN * 2 + ENGLISH * 2,
    b"new\nline \\ back.md": "# Newline report\n\n" + ENGLISH * 3 + GERMAN,
    b"\xe2\x80\xaetxt.exe.txt": "Bidi report. " + ENGLISH * 3 + GERMAN * 2,
    b"latin1-caf\xe9.html": "<html><body><article><p>"
    + ENGLISH * 4
    + "</p></article></body></html>",
}
ODD_FOLDER = b"folder-\xfe"


@pytest.mark.fast
@pytest.mark.parametrize("name", [*ODD_NAMES, b"plain.txt", b"a\\xff.txt", b"\x01\x7f\xc2\x85"])
def test_an_escaped_name_is_text_and_gives_the_same_bytes_back(name):
    text = escape_name(os.fsdecode(name))
    text.encode("utf-8")  # storable: valid UTF-8, no lone surrogates
    assert name_bytes(text) == name
    assert unescape_name(text) == os.fsdecode(name)
    assert not any(c < " " or c == "\x7f" for c in text)


@pytest.mark.fast
def test_names_escape_apart_and_plain_names_stay_themselves():
    assert escape_name("été/report.txt") == "été/report.txt"
    literal, raw = escape_name("a\\xff.txt"), escape_name(os.fsdecode(b"a\xff.txt"))
    assert literal != raw
    assert printable("title\x1b[2J\nnext") == "title\\x1b[2J\\nnext"


def test_odd_names_load_among_good_files_stored_losslessly(child_env, tmp_path):
    source = tmp_path / "drop"
    kinds = write_good_corpus(source / "good", 12, seed=8)
    odd = os.fsencode(source) + b"/" + ODD_FOLDER
    os.mkdir(odd)
    first = None
    for name, text in ODD_NAMES.items():
        data = text.encode("utf-8") if text is not None else first
        first = first or data
        with open(odd + b"/" + name, "wb") as handle:
            handle.write(data)
    db = tmp_path / "wh.duckdb"
    code, output = ingest(source, db, child_env)
    assert code == 0, output
    assert "\x1b" not in output

    good = sum(kind == "article" for kind in kinds.values())
    documents = {path for (path,) in rows(db, "SELECT path FROM documents")}
    copies = {path for (path,) in rows(db, "SELECT path FROM duplicates WHERE path IS NOT NULL")}
    rejects = rows(db, "SELECT path, code FROM rejects")
    stored = documents | copies | {path for path, _ in rejects}
    folder = escape_name(os.fsdecode(ODD_FOLDER))
    for name in ODD_NAMES:
        path = f"{folder}/{escape_name(os.fsdecode(name))}"
        assert path in stored, f"{name!r} left no trace"
        assert name_bytes(path) == ODD_FOLDER + b"/" + name
    assert sum(not p.startswith(folder) for p in documents) == good
    assert all(p.isprintable() for p in stored), stored
    assert consistency_problems(db) == []

    code, output = ingest(source, db, child_env)  # the stored names find their files again
    assert code == 0, output
    assert rows(
        db,
        "SELECT files_new, files_copies, files_rejected FROM runs ORDER BY started_at DESC LIMIT 1",
    ) == [(0, 0, 0)]

    shown = subprocess.run(
        wirehouse_command("sql", "--db", str(db), "SELECT path FROM documents ORDER BY path"),
        cwd=REPO,
        env={**child_env, "COLUMNS": "300"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    assert "\x1b" not in shown.stdout and "\u202e" not in shown.stdout
    assert "bad_\\xff\\xfe.txt" in shown.stdout, shown.stdout
