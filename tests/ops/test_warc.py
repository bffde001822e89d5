"""Web archives: a gzipped WARC built here, read record by record through the real flow."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import duckdb
import pytest

from tests.conftest import run_ingest
from tests.ops.warc_cases import append_article, build_warc
from transforms.decode import detect_format
from transforms.records import Rejection
from transforms.warc import WarcConfig, WarcRecord, iter_html_records

ARTICLES = 110


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def archive_run(prefect_server, tmp_path_factory) -> tuple[Path, Path, dict, dict]:
    root = tmp_path_factory.mktemp("warc")
    source = root / "seeds"
    expected = build_warc(source / "crawl" / "news.warc.gz", ARTICLES)
    db = root / "warehouse" / "wirehouse.duckdb"
    return source, db, expected, run_ingest(source, db)


def test_every_html_response_is_one_document_with_the_records_url_and_date(archive_run):
    _, db, expected, summary = archive_run
    assert summary["documents_loaded"] == ARTICLES
    documents = dict(rows(db, "SELECT url, published_date FROM documents"))
    assert documents == expected["urls"]
    sites = {site for (site,) in rows(db, "SELECT DISTINCT site FROM documents")}
    assert sites == {f"news{n}.example.org" for n in range(4)}
    sources = rows(db, "SELECT DISTINCT date_source FROM documents ORDER BY 1")
    assert sources == [("crawl",), ("metadata",)]
    paths = [p for (p,) in rows(db, "SELECT path FROM documents")]
    assert all(p.startswith("crawl/news.warc.gz#") for p in paths)


def test_other_records_are_skipped_and_nothing_is_rejected(archive_run):
    _, db, _, _ = archive_run
    urls = [u for (u,) in rows(db, "SELECT url FROM documents")]
    assert not any(u.endswith(("logo.png", "site.css", "missing")) for u in urls)
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]
    assert rows(db, "SELECT format, count(*) FROM raw_files GROUP BY ALL") == [
        ("warc-record", ARTICLES)
    ]


def test_a_second_fetch_of_the_same_page_is_a_duplicate_not_a_document(archive_run):
    _, db, _, _ = archive_run
    duplicates = rows(
        db,
        "SELECT d.url, x.kind, x.doc_id = x.duplicate_of, x.path = r.path "
        "FROM duplicates x JOIN documents d ON d.doc_id = x.duplicate_of "
        "JOIN warc_records r ON r.sha256 = d.sha256",
    )
    assert len(duplicates) == 1
    url, kind, same_doc, same_path = duplicates[0]
    assert (url, kind, same_doc, same_path) == (
        "https://news3.example.org/world/3",
        "exact",
        True,
        False,
    )
    records = rows(db, "SELECT count(*), count(DISTINCT record_id) FROM warc_records")
    assert records == [(ARTICLES, ARTICLES)]


def test_a_grown_archive_loads_only_its_new_record(archive_run):
    source, db, _, _ = archive_run
    # a crawler appends: the old records are known by their page bytes, one page is new
    append_article(source / "crawl" / "news.warc.gz", ARTICLES + 7)
    summary = run_ingest(source, db)
    assert (summary["files_new"], summary["documents_loaded"]) == (1, 1)
    # the known pages (the second fetch too) are read again at their known paths with their
    # known bytes: no new path, so no copy
    assert summary["files_copies"] == 0
    assert rows(db, "SELECT count(*) FROM documents") == [(ARTICLES + 1,)]
    assert rows(db, "SELECT count(*) FROM duplicates") == [(1,)]


def test_warc_names_are_recognised():
    assert detect_format("a/b/CC-NEWS-2024.warc.gz") == "warc"
    assert detect_format("crawl.WARC") == "warc"
    assert detect_format("notes.txt.gz") is None


def _one_record_warc(payload: bytes, encoding: str | None = None) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    out = io.BytesIO()
    writer = WARCWriter(out, gzip=True)
    headers = [("Content-Type", "text/html")]
    if encoding:
        headers.append(("Content-Encoding", encoding))
    record = writer.create_warc_record(
        "https://example.org/a",
        "response",
        payload=io.BytesIO(payload),
        http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
    )
    writer.write_record(record)
    return out.getvalue()


def test_a_page_decompressing_past_the_limit_is_rejected_and_the_next_record_read():
    bomb = _one_record_warc(gzip.compress(b"<p>" + b"a" * 200_000), encoding="gzip")
    fine = _one_record_warc(b"<html><body><p>short page</p></body></html>")
    items = list(
        iter_html_records(
            io.BytesIO(bomb + fine), "x.warc.gz", WarcConfig(max_payload_bytes=10_000)
        )
    )
    assert isinstance(items[0], Rejection)
    assert items[0].code == "warc_record_too_large"
    assert items[0].path == "x.warc.gz#0"
    assert "decompresses past the 10,000 byte limit" in items[0].detail
    assert isinstance(items[1], WarcRecord) and items[1].offset == len(bomb)


def test_a_damaged_archive_keeps_the_records_before_the_damage():
    page = _one_record_warc(b"<html><body><p>first page</p></body></html>")
    damaged = page + b"not a warc record\r\n\r\n" + page
    items = list(iter_html_records(io.BytesIO(damaged), "x.warc.gz"))
    assert len(items) == 2
    assert isinstance(items[0], WarcRecord)
    assert isinstance(items[1], Rejection) and items[1].code == "warc_unreadable"
    assert items[1].path == "x.warc.gz"
    assert "after 1 records" in items[1].detail


def test_an_archive_without_html_responses_is_rejected_not_skipped(tmp_path):
    from warcio.warcwriter import WARCWriter

    from flows.archives import expand_archives
    from warehouse.staging import SourceFile

    with open(tmp_path / "info.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record("info.warc.gz", {"software": "tests"}))
    (tmp_path / "fine.warc").write_bytes(
        gzip.decompress(_one_record_warc(b"<html><body><p>a page</p></body></html>"))
    )
    archives = [SourceFile(name, 1, 1, "x", "warc") for name in ("info.warc.gz", "fine.warc")]
    expansion = expand_archives(tmp_path, archives)
    assert [(r.path, r.code) for r in expansion.rejections] == [("info.warc.gz", "warc_no_html")]
    assert [(r.path, r.format) for r in expansion.records] == [("fine.warc#0", "warc-record")]
    row = next(iter(expansion.record_rows.values()))
    assert (row["archive"], row["target_uri"]) == ("fine.warc", "https://example.org/a")


@pytest.mark.parametrize("compressed", [True, False], ids=["warc.gz", "warc"])
def test_a_record_is_read_alone_at_its_offset(compressed: bool):
    from transforms.warc import read_record_at

    members = [_one_record_warc(f"<html><p>page {n}</p></html>".encode()) for n in range(3)]
    data = b"".join(m if compressed else gzip.decompress(m) for m in members)
    records = list(iter_html_records(io.BytesIO(data), "a.warc"))
    assert len({r.offset for r in records}) == 3
    for record in records:
        again = read_record_at(io.BytesIO(data), f"a.warc#{record.offset}")
        assert again.payload == record.payload
