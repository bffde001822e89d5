"""Publication dates only from publication evidence: the header, a date line, the URL, a
sidecar or the crawl. A day the text mentions may date the event, never the publication."""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest

from tests.conftest import shared_data
from transforms.clean import CleanConfig, clean_document
from transforms.extract import ExtractConfig, extract_html
from transforms.metadata import find_mentioned_dates, infer_year, named_weekday, parse_date
from transforms.records import CleanArticle, Document, PartialDate

pytestmark = pytest.mark.fast

OBITUARY = """\
Actor who charmed a generation dies at 84

The actor, born 5 April 1920 in Leeds, died at his home on Tuesday, his family said.

He made his first film in 1946 and his last in 1998, and was knighted on 5 April 1990.
"""
FIXTURE = """\
France v Wales (Sat)

Stade de France, Paris

Saturday, 26 February

1600 GMT

France have not lost at home to Wales since 2000, and they last won the title in 2001.
Wales travel with a settled side and a coach who believes the title is within reach.
"""
PAGE = """<html><head><title>Ferry runs aground near Manila | Example News</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Ferry runs aground near Manila</h1>
<p>March 3, 2024</p>
<p>A ferry carrying 200 passengers ran aground near the port of Manila on Sunday, the coast
guard said, and all of them were brought ashore by rescue boats within three hours.</p>
<p>The ferry had left the port in heavy rain, the coast guard said, and struck a sandbar
about two kilometres from the shore shortly before dawn on 1 March 2024.</p>
</article><footer>© 2024 Example News</footer></body></html>"""


def clean_text(text: str) -> Document:
    data = text.encode("utf-8")
    doc = clean_document("a.txt", hashlib.sha256(data).hexdigest(), data, "text")
    assert isinstance(doc, Document)
    return doc


def test_a_day_the_text_mentions_is_never_the_publication_date():
    doc = clean_text(OBITUARY)
    assert doc.date == PartialDate() and doc.date.precision == "unknown"
    assert doc.date_source is None and not doc.date_inferred and doc.year_source is None
    assert PartialDate(1920, 4, 5) in doc.mentioned_dates  # still there for events and years


def test_a_year_that_puts_the_date_line_on_another_weekday_is_not_inferred():
    doc = clean_text(FIXTURE)  # 26 February 2001 was a Monday, not a Saturday
    assert doc.date == PartialDate(None, 2, 26) and doc.date_source == "date_line"
    assert doc.date.precision == "unknown" and not doc.date_inferred
    right = clean_text(FIXTURE.replace("2000", "2003").replace("title in 2001", "title in 2005"))
    assert right.date == PartialDate(2005, 2, 26)  # a Saturday: the year stays, flagged
    assert right.date_inferred and right.year_source == "text"


def test_an_undated_dump_takes_the_date_of_the_nearest_short_dated_line_above_its_article():
    story = [
        "LIMA, Peru (AP) — A strong earthquake struck off the coast of Peru on Sunday, the U.S."
        " Geological Survey said, and residents of the capital ran into the streets.",
        "The quake had a magnitude of 7.5 and was centred 40 km deep, the agency said in a"
        " statement, and no damage was reported in the first hours after it.",
        "Schools in the capital and in the coastal provinces will stay closed on Monday while"
        " engineers inspect the buildings, the education minister told reporters.",
    ]
    header = ["Home", "World", "Quake hits off Peru coast", "Written By Feb 11, 2019 · 3 min read"]
    doc = clean_text("\n\n".join([*header, *story]))
    assert doc.paragraphs[-3:] == story  # today's rules keep a line naming a day above it
    assert doc.date == PartialDate(2019, 2, 11) and doc.date_source == "date_line"
    assert not doc.date_inferred and doc.year_source == "stated"
    sentence = "Back on Feb 11, 2019 the same fault moved, and nobody then expected more of it."
    far = clean_text("\n\n".join([*header[:3], sentence, *story]))
    assert far.date.precision == "unknown"  # a sentence above: text, not a header line


def test_named_weekday_and_infer_year():
    day = PartialDate(None, 3, 1)
    assert named_weekday("Tuesday, 1 March", day) == 1
    assert named_weekday("Tue. March 1, then", day) == 1
    assert named_weekday("On 1 March the talks began", day) is None
    mentioned = [PartialDate(2001)]
    assert infer_year(day, mentioned, weekday=1) == day  # 1 March 2001 was a Thursday
    assert infer_year(day, mentioned) == PartialDate(2001, 3, 1)
    assert infer_year(day, [PartialDate(2005)], weekday=1) == PartialDate(2005, 3, 1)


def test_a_time_of_day_is_no_year():
    found = find_mentioned_dates("Kick-off is at 2000 GMT; BBC One at 1945 gmt; in 1999 they won.")
    assert found == [PartialDate(1999)]


def test_a_stamp_whose_label_is_glued_to_its_time_is_a_date_line():
    assert parse_date("Updated21:22, 6 OCT 2020") == PartialDate(2020, 10, 6)
    assert parse_date("Room21:22, 6 OCT 2020") is None


def test_an_html_page_is_dated_by_the_date_line_under_its_headline_not_its_text():
    article = extract_html(PAGE, "ferry.html")
    assert isinstance(article, CleanArticle)
    assert article.date == PartialDate(2024, 3, 3) and article.date_source == "date_line"
    undated = extract_html(PAGE.replace("<p>March 3, 2024</p>", ""), "ferry.html")
    assert isinstance(undated, CleanArticle)
    assert undated.date.precision == "unknown" and undated.date_source is None
    extensive = extract_html(
        PAGE.replace("<p>March 3, 2024</p>", ""),
        "ferry.html",
        ExtractConfig(extensive_date_search=True),
    )
    assert isinstance(extensive, CleanArticle)
    assert extensive.date.precision == "day"  # htmldate's guess from the text, off by default


def test_the_default_config_does_not_guess_html_dates_from_text():
    assert CleanConfig().extract.extensive_date_search is False


@pytest.mark.shared_data
def test_bbc_publication_dates_come_only_from_evidence():
    """2,225 BBC articles of 2004-2005, none with a date line: no publication date outside
    those years and none taken from the running text."""
    folder = shared_data("bbc-news")
    sources: Counter[str | None] = Counter()
    outside = []
    paths = sorted(folder.glob("*/*.txt"))
    assert len(paths) == 2225
    for path in paths:
        data = path.read_bytes()
        doc = clean_document(str(path), hashlib.sha256(data).hexdigest(), data, "text")
        assert isinstance(doc, Document), path
        sources[doc.date_source] += 1
        if doc.date.year and doc.date.year not in (2004, 2005):
            outside.append((path.name, doc.date))
    assert outside == []
    assert sources["text"] == 0
    assert set(sources) <= {None, "date_line", "byline", "dateline", "metadata"}
