"""The whole pipeline on the five samples, through the real flow, Prefect and DuckDB."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_ingest

CHROME = [
    "Accessibility links",
    "Breaking News",
    "Follow us on:",
    "please wait",
    "No media source currently available",
    "0:00",
    "16x9 Image",
    "Original url:",
    "RFE/RL journalists report the news",
    "undesirable organization",
    "To find out more, click here",
    "See also",
    "Contact the author",
    "TBP and Agencies",
]
EXPECTED = {
    "000": (
        "Kerry: 'Productive' Talks With Russian Foreign Minister in Moscow",
        date(2016, 3, 24),
        False,
    ),
    "001": (
        "Remarks With Russian Foreign Minister Sergey Lavrov Before Their Meeting",
        date(2016, 7, 15),
        False,
    ),
    "002": ("Lavrov will hold talks with Kerry in Moscow", date(2015, 12, 15), True),
    "003": ("Putin, Kerry hold “constructive” meeting in Moscow", date(2016, 3, 25), False),
    "004": ("Kerry, Lavrov Hold Moscow Talks", date(2016, 7, 15), True),
}


@pytest.fixture(scope="module")
def loaded(prefect_server, tmp_path_factory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("samples")
    source = root / "seeds"
    shutil.copytree(Path(__file__).resolve().parents[2] / "seeds", source)
    db = root / "warehouse" / "wirehouse.duckdb"
    summary = run_ingest(source, db)
    return source, db, summary


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def by_prefix(db: Path) -> dict[str, tuple]:
    found = rows(
        db,
        "SELECT path, title, published_date, date_inferred, machine_translated, body, url, author, "
        "date_precision "
        "FROM documents",
    )
    return {row[0][:3]: row[1:] for row in found}


def test_five_documents_and_a_summary(loaded):
    _, db, summary = loaded
    assert summary["documents_loaded"] == 5
    assert summary["files_seen"] == 5
    assert summary["files_rejected"] == 0
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 5
    assert rows(db, "SELECT count(*) FROM runs")[0][0] == 1


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_titles_dates_and_mt_flags(loaded, prefix):
    _, db, _ = loaded
    title, published, inferred, mt, *_rest, precision = by_prefix(db)[prefix]
    expected_title, expected_date, expected_inferred = EXPECTED[prefix]
    assert title == expected_title
    assert published == expected_date
    assert precision == "day"
    assert inferred is expected_inferred
    assert mt is (prefix == "002")


def test_url_and_author_of_000(loaded):
    _, db, _ = loaded
    *_, url, author, _precision = by_prefix(db)["000"]
    assert url == (
        "https://www.themoscowtimes.com/2016/03/24/"
        "kerry-productive-talks-with-russian-foreign-minister-in-moscow-a52260"
    )
    assert author == "Anastasia Bazenkova"
    assert (
        rows(db, "SELECT site FROM documents WHERE path LIKE '000%'")[0][0] == "themoscowtimes.com"
    )


@pytest.mark.parametrize("chrome", CHROME)
def test_no_site_chrome_in_bodies(loaded, chrome):
    _, db, _ = loaded
    hits = rows(db, "SELECT path FROM documents WHERE contains(body, ?)", [chrome])
    assert hits == []


def test_no_menu_lines_in_bodies(loaded):
    _, db, _ = loaded
    menu = rows(
        db,
        "SELECT doc_id, text FROM paragraphs WHERE text IN ('XS', 'SM', 'MD', 'LG', 'RFE/RL')",
    )
    assert menu == []


@pytest.mark.parametrize(
    "caption",
    [
        "Russian President Vladimir Putin with US Secretary of State John Kerry in Moscow on "
        "24 March 2016",
        "U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov meet in "
        "Moscow on July 15.",
        "The Obama administration has repeatedly expressed frustration with Russia",
    ],
)
def test_text_printed_twice_appears_once(loaded, caption):
    _, db, _ = loaded
    bodies = [
        row[0] for row in rows(db, "SELECT body FROM documents WHERE contains(body, ?)", [caption])
    ]
    assert len(bodies) == 1
    assert bodies[0].count(caption) == 1


def test_body_is_paragraphs_joined_by_blank_lines(loaded):
    _, db, _ = loaded
    for doc_id, body in rows(db, "SELECT doc_id, body FROM documents"):
        texts = [
            r[0]
            for r in rows(
                db, "SELECT text FROM paragraphs WHERE doc_id = ? ORDER BY ordinal", [doc_id]
            )
        ]
        assert body == "\n\n".join(texts)


def test_machine_translation_repaired_with_audit_trail(loaded):
    _, db, _ = loaded
    body, raw_body = rows(db, "SELECT body, raw_body FROM documents WHERE path LIKE '002%'")[0]
    assert "MGPS" in raw_body and "MGPS" not in body
    assert "Secretary of State" in body
    repairs = rows(
        db,
        'SELECT rule, "before", "after" FROM repairs JOIN documents USING (doc_id) '
        "WHERE path LIKE '002%'",
    )
    assert any(before == "MGPS" for _rule, before, _after in repairs)
    assert (
        rows(
            db,
            "SELECT count(*) FROM repairs JOIN documents USING (doc_id) WHERE path NOT LIKE '002%'",
        )[0][0]
        == 0
    )


def test_events_group_reports_of_the_same_meeting(loaded):
    _, db, _ = loaded
    groups = rows(
        db,
        "SELECT list(left(d.path, 3) ORDER BY d.path) "
        "FROM event_documents JOIN documents AS d USING (doc_id) "
        "GROUP BY event_id ORDER BY 1",
    )
    assert sorted(tuple(g[0]) for g in groups) == [("000", "003"), ("001", "004"), ("002",)]
    dates = rows(db, "SELECT event_date, n_documents FROM events ORDER BY event_date")
    assert dates == [(date(2015, 12, 15), 1), (date(2016, 3, 24), 2), (date(2016, 7, 15), 2)]


def test_rerun_loads_nothing_and_changes_nothing(loaded):
    source, db, _ = loaded
    before = snapshot(db)
    summary = run_ingest(source, db)
    assert summary["files_new"] == 0
    assert summary["documents_loaded"] == 0
    assert snapshot(db) == before
    # nothing new: the load matches no duplicates and places no events (a scheduled no-op run)
    assert not {"load_duplicates", "load_events"} & set(summary["stage_seconds"])


def test_copy_under_new_name_is_an_exact_duplicate(prefect_server, seed_dir, tmp_path):
    db = tmp_path / "wh.duckdb"
    run_ingest(seed_dir, db)
    shutil.copy(seed_dir / "003_22fe07c83436d0f1.txt", seed_dir / "copy of 003.txt")
    summary = run_ingest(seed_dir, db)
    assert summary["files_new"] == 0
    assert summary["files_copies"] == 1
    assert {"load_duplicates", "load_events"} <= set(summary["stage_seconds"])
    assert rows(db, "SELECT count(*) FROM documents")[0][0] == 5
    dup = rows(db, "SELECT kind, similarity, path, doc_id = duplicate_of FROM duplicates")
    assert dup == [("exact", 1.0, "copy of 003.txt", True)]


def test_broken_file_is_rejected_and_the_run_goes_on(prefect_server, seed_dir, tmp_path):
    db = tmp_path / "wh.duckdb"
    (seed_dir / "broken.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (seed_dir / "notes.pdf").write_bytes(b"%PDF-1.4 nothing")
    summary = run_ingest(seed_dir, db)
    assert summary["documents_loaded"] == 5
    assert summary["files_rejected"] == 2
    rejects = rows(db, "SELECT path, code, reason FROM rejects ORDER BY path")
    assert [(p, c) for p, c, _ in rejects] == [
        ("broken.html", "decode_binary"),
        ("notes.pdf", "discover_unsupported_format"),
    ]
    assert "PNG" in rejects[0][2]
    again = run_ingest(seed_dir, db)
    assert again["files_rejected"] == 0
    assert rows(db, "SELECT count(*) FROM rejects")[0][0] == 2


def test_same_input_gives_the_same_tables(prefect_server, seed_dir, tmp_path):
    first, second = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    run_ingest(seed_dir, first)
    run_ingest(seed_dir, second)
    assert snapshot(first) == snapshot(second)


def test_events_placed_chunk_by_chunk_group_as_in_one(
    prefect_server, seed_dir, tmp_path, monkeypatch
):
    """A run larger than `event_chunk_size` places its reports a chunk at a time, each
    against the events the earlier chunks made, as incremental runs would."""
    whole, chunked = tmp_path / "whole.duckdb", tmp_path / "chunked.duckdb"
    run_ingest(seed_dir, whole)
    monkeypatch.setenv("WIREHOUSE_EVENT_CHUNK_SIZE", "2")
    run_ingest(seed_dir, chunked)
    groups = "SELECT list(doc_id ORDER BY doc_id) FROM event_documents GROUP BY event_id"
    assert sorted(rows(chunked, groups)) == sorted(rows(whole, groups))
    assert len(rows(chunked, groups)) == 3
    assert snapshot(chunked)["events"] == snapshot(whole)["events"]


def test_copies_join_the_event_of_what_they_repeat(prefect_server, seed_dir, tmp_path):
    """Near and exact copies, and copies of copies, are placed with their originals, in the
    run that brings them and in later ones, without being scored."""
    db = tmp_path / "wh.duckdb"
    original = (seed_dir / "000_f45606c9e453b2b3.txt").read_text(encoding="utf-8")
    (seed_dir / "zz_near.txt").write_text(original + "\n\nShare this article.\n", "utf-8")
    # a year later by its date line: scored, it could not join a report of 2016
    republished = original.replace("\nMarch 24, 2016\n", "\nMarch 24, 2017\n", 1)
    (seed_dir / "zz_near_of_near.txt").write_text(
        republished + "\n\nShare this article.\n\nPrint this page.\n", "utf-8"
    )
    run_ingest(seed_dir, db)
    later = seed_dir / "later"
    later.mkdir()
    repeated = (seed_dir / "003_22fe07c83436d0f1.txt").read_text(encoding="utf-8")
    (later / "003 again.txt").write_text(repeated + "\n\n\n", "utf-8")
    run_ingest(seed_dir, db)
    event_of = dict(
        rows(
            db,
            "SELECT d.path, e.event_id FROM event_documents AS e "
            "JOIN documents AS d USING (doc_id)",
        )
    )
    copies = rows(db, "SELECT path, kind FROM duplicates ORDER BY path")
    assert [path for path, _ in copies] == [
        "later/003 again.txt",
        "zz_near.txt",
        "zz_near_of_near.txt",
    ]
    assert event_of["zz_near.txt"] == event_of["zz_near_of_near.txt"]
    assert event_of["zz_near.txt"] == event_of["000_f45606c9e453b2b3.txt"]
    assert event_of["later/003 again.txt"] == event_of["003_22fe07c83436d0f1.txt"]
    assert len(set(event_of.values())) == 3
    assert rows(db, "SELECT published_date FROM documents WHERE path = 'zz_near_of_near.txt'") == [
        (date(2017, 3, 24),)
    ]


def snapshot(db: Path) -> dict[str, list[tuple]]:
    """Every curated table's rows without run ids or timestamps, sorted."""
    tables = {
        "documents": "SELECT * EXCLUDE (run_id) FROM documents",
        "paragraphs": "SELECT * EXCLUDE (run_id) FROM paragraphs",
        "repairs": "SELECT * EXCLUDE (run_id) FROM repairs",
        "duplicates": "SELECT * EXCLUDE (run_id) FROM duplicates",
        "events": "SELECT * EXCLUDE (run_id) FROM events",
        "event_documents": "SELECT * EXCLUDE (run_id) FROM event_documents",
        "raw_files": "SELECT * EXCLUDE (run_id) FROM raw_files",
        "rejects": "SELECT * EXCLUDE (run_id) FROM rejects",
    }
    return {name: sorted(rows(db, sql), key=repr) for name, sql in tables.items()}


def test_run_publishes_a_markdown_summary_artifact(loaded):
    import asyncio

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    async def latest() -> list:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["ingest-summary"]))
            )

    artifacts = asyncio.run(latest())
    assert artifacts, "no ingest-summary artifact in the Prefect API"
    assert any("documents loaded | 5" in (a.data or "") for a in artifacts)
