"""Sidecars and outlet folders: what the source says about a file besides its bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from transforms.clean import clean_document
from transforms.records import Document, PartialDate, Rejection
from transforms.source_meta import (
    OutletTemplates,
    SidecarConfig,
    SourceMeta,
    apply_source_meta,
    outlet_folder,
    parse_published,
    parse_sidecar,
)

SEED = Path(__file__).resolve().parents[2] / "seeds" / "002_6a792777fe64eb82.txt"


def sidecar(values: object) -> bytes:
    return json.dumps(values).encode()


def test_a_sidecar_gives_any_subset_of_its_keys():
    meta = parse_sidecar(
        "a.txt.meta.json",
        sidecar({"url": "https://tass.com/politics/845210", "published": "2015-12-15", "x": 1}),
    )
    assert meta == SourceMeta(
        url="https://tass.com/politics/845210", published=PartialDate(2015, 12, 15)
    )
    assert meta.outlet == "tass.com"
    assert parse_sidecar("b.meta.json", sidecar({"site": "TASS"})).outlet == "TASS"


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b"{not json", "not UTF-8 JSON"),
        (sidecar(["https://tass.com"]), "not a JSON object"),
        (sidecar({"title": 7}), "title is not a string"),
        (sidecar({"url": "tass"}), "url has no host name"),
        (sidecar({"published": "15 December"}), "published is not an ISO date"),
        (sidecar({"published": "2015-02-30"}), "published is not an ISO date"),
    ],
    ids=["syntax", "array", "type", "url", "date-words", "date-impossible"],
)
def test_a_bad_sidecar_is_rejected_as_sidecar_invalid(data: bytes, detail: str):
    rejection = parse_sidecar("a.txt.meta.json", data)
    assert isinstance(rejection, Rejection)
    assert rejection.code == "sidecar_invalid" and detail in rejection.detail


def test_a_huge_sidecar_is_rejected_as_sidecar_too_large():
    rejection = parse_sidecar("a.meta.json", b" " * 100, SidecarConfig(max_bytes=99))
    assert isinstance(rejection, Rejection) and rejection.code == "sidecar_too_large"


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("2015", PartialDate(2015)),
        ("2015-12", PartialDate(2015, 12)),
        ("2015-12-15", PartialDate(2015, 12, 15)),
        ("2015-12-15T09:30:00Z", PartialDate(2015, 12, 15)),
        ("2015-13", None),
    ],
)
def test_published_reads_an_iso_date_as_far_as_it_goes(text: str, wanted: PartialDate | None):
    assert parse_published(text) == wanted


@pytest.mark.parametrize(
    ("path", "outlet"),
    [
        ("bbc/story.txt", "bbc"),
        ("story.txt", None),
        ("bbc/2024/story.txt", None),
        ("crawl/news.warc.gz#1234", "crawl"),
        ("news.warc.gz#1234", None),
    ],
    ids=["one-below", "root", "deeper", "archive-page", "archive-at-root"],
)
def test_the_outlet_folder_is_the_one_folder_above_a_file(path: str, outlet: str | None):
    assert outlet_folder(path) == outlet


def document(path: str, url: str | None = None, site: str | None = None) -> Document:
    return Document("d", path, "s", "text", "", "Title", ["Body text."], url=url, site=site)


@pytest.mark.parametrize(
    ("doc", "meta", "site", "source"),
    [
        (
            document("a/x.txt", "https://b.com/1", "b.com"),
            SourceMeta(site="c.org"),
            "c.org",
            "sidecar",
        ),
        (document("a/x.txt", "https://b.com/1", "b.com"), None, "b.com", "url"),
        (document("a/x.txt"), None, "a", "folder"),
        (document("x.txt"), None, None, None),
        (document("x.txt"), SourceMeta(url="https://www.c.org/2"), "c.org", "sidecar"),
    ],
    ids=["sidecar-wins", "url", "folder", "nothing-not-the-file-name", "sidecar-url"],
)
def test_the_outlet_comes_from_the_sidecar_the_url_the_folder(doc, meta, site, source):
    found = apply_source_meta(doc, meta)
    assert (found.site, found.site_source) == (site, source)


def test_a_sidecars_published_date_is_publication_evidence():
    meta = SourceMeta(title="New title", author="A. Writer", published=PartialDate(2015, 12, 15))
    found = apply_source_meta(document("x.txt"), meta)
    assert (found.title, found.author, found.date) == (
        "New title",
        "A. Writer",
        PartialDate(2015, 12, 15),
    )
    assert (found.date_source, found.date_inferred, found.year_source) == (
        "sidecar",
        False,
        "stated",
    )


def test_clean_document_applies_the_sidecar_over_the_text():
    meta = SourceMeta(url="https://tass.com/politics/845210", published=PartialDate(2015, 12, 14))
    doc = clean_document("wires/002.txt", "ab" * 32, SEED.read_bytes(), "text", meta=meta)
    assert isinstance(doc, Document)
    assert (doc.site, doc.site_source, doc.url) == ("tass.com", "sidecar", meta.url)
    assert doc.date == PartialDate(2015, 12, 14) and doc.date_source == "sidecar"
    plain = clean_document("wires/002.txt", "ab" * 32, SEED.read_bytes(), "text")
    assert (plain.site, plain.site_source, plain.date_source) == ("wires", "folder", "dateline")


def test_templates_are_looked_up_by_the_outlet_the_document_gets():
    templates = {"tass.com": frozenset({"t"}), "wires": frozenset({"w"}), "b.com": frozenset({"b"})}
    assert OutletTemplates(templates, "tass.com", "wires").get("b.com") == frozenset({"t"})
    assert OutletTemplates(templates, None, "wires").get("") == frozenset({"w"})
    assert OutletTemplates(templates, None, "wires").get("b.com") == frozenset({"b"})
    assert OutletTemplates(templates, None, None).get("", frozenset()) == frozenset()
