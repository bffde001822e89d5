"""The clean stage on the five samples: every metadata field right, and where each came from."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pytest

from transforms.clean import CleanConfig, clean_document
from transforms.events import report_date
from transforms.records import Document, PartialDate
from transforms.templates import line_hash

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
MOSCOW_TIMES = (
    "https://www.themoscowtimes.com/2016/03/24/"
    "kerry-productive-talks-with-russian-foreign-minister-in-moscow-a52260"
)
# prefix: title, author, url, site, (year, month, day), date_source, year_source, event_date
EXPECTED = {
    "000": (
        "Kerry: 'Productive' Talks With Russian Foreign Minister in Moscow",
        "Anastasia Bazenkova",
        MOSCOW_TIMES,
        "themoscowtimes.com",
        (2016, 3, 24),
        "date_line",
        "stated",
        None,
    ),
    "001": (
        "Remarks With Russian Foreign Minister Sergey Lavrov Before Their Meeting",
        "John Kerry",
        None,
        None,
        (2016, 7, 15),
        "date_line",
        "stated",
        None,
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
        None,
    ),
    # published Friday 25 March; the lede's "on Thursday" is the 24th
    "003": (
        "Putin, Kerry hold “constructive” meeting in Moscow",
        None,
        None,
        None,
        (2016, 3, 25),
        "date_line",
        "stated",
        date(2016, 3, 24),
    ),
    # no date line: a day the text mentions ("July 15") dates the event, not the publication;
    # the report's date comes from its event at load (date_source and year_source 'event')
    "004": (
        "Kerry, Lavrov Hold Moscow Talks",
        None,
        None,
        None,
        (None, None, None),
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
    title, author, url, site, ymd, date_source, year_source, event_date = EXPECTED[prefix]
    assert doc.title == title
    assert doc.author == author
    assert (doc.url, doc.site) == (url, site)
    assert (doc.date.year, doc.date.month, doc.date.day) == ymd
    assert doc.date_source == date_source
    assert doc.year_source == year_source
    assert doc.date_inferred is (year_source == "text")
    assert doc.event_date == event_date
    assert doc.event_date_source == ("weekday" if event_date else None)


def test_a_day_the_text_mentions_dates_the_event_of_a_report_without_a_date() -> None:
    doc = clean_seed("004")
    assert doc.date.precision == "unknown" and doc.date_source is None
    assert report_date(doc) == PartialDate(None, 7, 15)  # the event gives it a year at load


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
