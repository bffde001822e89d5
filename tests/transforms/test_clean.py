"""The clean stage on the five samples: every metadata field right, and where each came from."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from transforms.clean import CleanConfig, clean_document
from transforms.events import report_date
from transforms.records import Document, PartialDate
from transforms.source_meta import SourceMeta
from transforms.templates import line_hash

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MOSCOW_TIMES = (
    "https://www.themoscowtimes.com/2016/03/24/"
    "kerry-productive-talks-with-russian-foreign-minister-in-moscow-a52260"
)
# prefix: title, author, url, site, (year, month, day), date_source, year_source, event_date,
# event_date_source (transforms/event_dates.py: what the headline and lede say happened)
EXPECTED = {
    "000": (
        "Kerry: 'Productive' Talks With Russian Foreign Minister in Moscow",
        "Anastasia Bazenkova",
        MOSCOW_TIMES,
        "themoscowtimes.com",
        (2016, 3, 24),
        "date_line",
        "stated",
        date(2016, 3, 24),  # the lede's caption: "..., March 24, 2016."
        "stated",
    ),
    # the transcript opens with "the dialogue that was launched yesterday": the 14th
    "001": (
        "Remarks With Russian Foreign Minister Sergey Lavrov Before Their Meeting",
        "John Kerry",
        None,
        None,
        (2016, 7, 15),
        "date_line",
        "stated",
        date(2016, 7, 14),
        "day",
    ),
    # "MOSCOW, December 15." without a year: 2015 from "The end of 2015" in the text
    "002": (
        "Lavrov will hold talks with Kerry in Moscow",
        None,
        None,
        None,
        (2015, 12, 15),
        "dateline",
        "text",
        # the dateline's December 15 dates the report; the lede dates nothing (the second
        # paragraph's "on December 14" is the phone call before: background)
        None,
        None,
    ),
    # published Friday 25 March; the caption's "on 24 March 2016" comes before "on Thursday"
    "003": (
        "Putin, Kerry hold “constructive” meeting in Moscow",
        None,
        None,
        None,
        (2016, 3, 25),
        "date_line",
        "stated",
        date(2016, 3, 24),
        "stated",
    ),
    # no date line: a day the text mentions ("July 15") dates the event, not the publication;
    # the report's date comes from its event at load (date_source and year_source 'event');
    # no publication day to resolve the lede's "on July 15" against: the event date stays empty
    "004": (
        "Kerry, Lavrov Hold Moscow Talks",
        None,
        None,
        None,
        (None, None, None),
        None,
        None,
        None,
        None,
    ),
}


def clean_seed(prefix: str, config: CleanConfig | None = None) -> Document:
    path = next(SEEDS.glob(f"{prefix}_*"))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    doc = clean_document(path.name, digest, data, "text", config or CleanConfig())
    assert isinstance(doc, Document)
    return doc


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_metadata_is_all_right(prefix: str) -> None:
    doc = clean_seed(prefix)
    title, author, url, site, ymd, date_source, year_source, event_date, event_source = EXPECTED[
        prefix
    ]
    assert doc.title == title
    assert doc.author == author
    assert (doc.url, doc.site) == (url, site)
    assert (doc.date.year, doc.date.month, doc.date.day) == ymd
    assert doc.date_source == date_source
    assert doc.year_source == year_source
    assert doc.date_inferred is (year_source == "text")
    assert (doc.event_date, doc.event_date_source) == (event_date, event_source)


def test_a_day_the_text_mentions_dates_the_event_of_a_report_without_a_date() -> None:
    doc = clean_seed("004")
    assert doc.date.precision == "unknown" and doc.date_source is None
    assert report_date(doc) == PartialDate(None, 7, 15)  # the event gives it a year at load


@pytest.mark.fast
def test_a_sidecars_publication_day_dates_the_event_the_lede_states() -> None:
    """004 says "meet in Moscow on July 15" and states no publication day of its own; with a
    sidecar's, the lede's month and day resolve to the day before it."""
    path = next(SEEDS.glob("004_*"))
    data = path.read_bytes()
    meta = SourceMeta(published=PartialDate(2016, 7, 16))
    doc = clean_document(path.name, hashlib.sha256(data).hexdigest(), data, "text", meta=meta)
    assert isinstance(doc, Document) and doc.date_source == "sidecar"
    assert (doc.event_date, doc.event_date_source) == (date(2016, 7, 15), "month_day")


def test_template_lines_of_the_site_leave_the_body() -> None:
    plain = clean_seed("000")
    long_line = max(plain.paragraphs, key=len)
    assert line_hash(long_line) not in plain.line_hashes  # long paragraphs are never templates
    short = next(p for p in plain.paragraphs if p.startswith("Kerry wrote:"))
    assert line_hash(short) in plain.line_hashes
    config = CleanConfig(site_templates={"themoscowtimes.com": frozenset({line_hash(short)})})
    cleaned = clean_seed("000", config).paragraphs
    assert short not in cleaned
    assert cleaned == [p for p in plain.paragraphs if p != short]


def test_other_sites_templates_do_not_apply() -> None:
    plain = clean_seed("000")
    target = plain.paragraphs[-1]
    config = CleanConfig(site_templates={"other.example": frozenset({line_hash(target)})})
    assert clean_seed("000", config).paragraphs == plain.paragraphs
