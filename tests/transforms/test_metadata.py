import pytest

from transforms.metadata import (
    find_mentioned_dates,
    find_url,
    infer_year,
    parse_byline,
    parse_date,
    parse_dateline,
    parse_url_line,
    site_from_url,
)
from transforms.records import PartialDate


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("March 24, 2016", PartialDate(2016, 3, 24)),
        ("July 15, 2016", PartialDate(2016, 7, 15)),
        ("March 25, 2016, 5:55 am", PartialDate(2016, 3, 25)),
        ("26 September 2013, 10: 00 (GMT+05: 00)", PartialDate(2013, 9, 26)),
        ("First Published: June 13, 2013 4: 59 PM EDT", PartialDate(2013, 6, 13)),
        (
            "PUBLISHED FRIDAY, MARCH 8, 2013 AT 12: 46 PM / UPDATED AT 12: 48 PM",
            PartialDate(2013, 3, 8),
        ),
        ("2016-03-24", PartialDate(2016, 3, 24)),
        ("Written: 2023-11-07 15:03:30 / Updated: 2023-11-07 15:30:46", PartialDate(2023, 11, 7)),
        ("15.07.2016", PartialDate(2016, 7, 15)),
        ("December 15", PartialDate(None, 12, 15)),
        ("Fri., May. 3, 2013 11: 45 AM PDT", PartialDate(2013, 5, 3)),
        ("Last updated 13: 26 14 / 09 / 2013", PartialDate(2013, 9, 14)),
        ("04 / 28 / 09 07: 35 PM ET", PartialDate(2009, 4, 28)),
        ("May 3rd, 2013 2: 00pm EDT", PartialDate(2013, 5, 3)),
    ],
    ids=lambda value: value if isinstance(value, str) else "",
)
def test_parse_date(line: str, expected: PartialDate) -> None:
    assert parse_date(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "The July 15 meeting came a day after Kerry held similar talks.",
        "Kerry said on March 24, 2016 that talks were productive",
        "Preparatory work",
        "Arch Madness: Creighton 65, Drake 5",
        "",
    ],
)
def test_parse_date_rejects_sentences(line: str) -> None:
    assert parse_date(line) is None


@pytest.mark.parametrize(
    ("paragraph", "expected"),
    [
        ("MOSCOW, December 15. The Minister will", ("Moscow", PartialDate(None, 12, 15))),
        ("WASHINGTON, March 24 (Reuters) - The U.S.", ("Washington", PartialDate(None, 3, 24))),
        ("MOSCOW (AP) — Russia said", ("Moscow", PartialDate())),
        ("LONDON, 24 March 2016 — The bank", ("London", PartialDate(2016, 3, 24))),
        ("NEW YORK, March 26 - Shares rose", ("New York", PartialDate(None, 3, 26))),
        ("KIEV, Ukraine, March 3 (Reuters) -- x", ("Kiev, Ukraine", PartialDate(None, 3, 3))),
    ],
)
def test_parse_dateline(paragraph: str, expected: tuple[str, PartialDate]) -> None:
    assert parse_dateline(paragraph) == expected


@pytest.mark.parametrize(
    "paragraph",
    [
        "FOREIGN MINISTER LAVROV: (Via interpretation) Dear colleagues",
        "SECRETARY KERRY: Well, Sergey, thank you.",
        "U.S. Secretary of State John Kerry met Lavrov.",
        "NATO and Russia met.",
    ],
)
def test_parse_dateline_rejects_other_openings(paragraph: str) -> None:
    assert parse_dateline(paragraph) is None


def test_find_mentioned_dates() -> None:
    text = (
        "Talks on 24 March 2016 followed a visit in may 2015 and a ban (29 December 2014). "
        "A treaty was signed in 2010. They meet on July 15. The July 15 meeting matters. "
        "Some say 85 to 90 percent, 2,000 people and 2010 people, $2015."
    )
    assert find_mentioned_dates(text) == [
        PartialDate(2016, 3, 24),
        PartialDate(2015, 5, None),
        PartialDate(2014, 12, 29),
        PartialDate(2010),
        PartialDate(None, 7, 15),
        PartialDate(None, 7, 15),
    ]


def test_mentioned_dates_never_span_a_line_break() -> None:
    # a list item's month and the next item's number are no date ("Plastic Free July" / "3.")
    text = "References\n1. Going Zero Waste\n2. Plastic Free July\n3. Eartheasy\nIn March\n2005"
    assert find_mentioned_dates(text) == [PartialDate(2005)]  # a year, not March 2005
    assert find_mentioned_dates("Opened in March\nIt closed on July 3, 2019.") == [
        PartialDate(2019, 7, 3)
    ]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("Posted on June 29, 2020November 12, 2021", PartialDate(2020, 6, 29)),
        ("April 26, 2024Updated on: October 28, 2024", PartialDate(2024, 4, 26)),
        ("Jeffrey ZeldmanNovember 20, 2007", PartialDate(2007, 11, 20)),
        ("By Sarah July 30, 2019January 18, 2023", PartialDate(2019, 7, 30)),
    ],
    ids=["year-into-month", "year-into-label", "name-into-month", "byline"],
)
@pytest.mark.fast
def test_find_mentioned_dates_reads_a_date_glued_to_its_neighbours(
    text: str, first: PartialDate
) -> None:
    """Text and markdown renderers join a page's elements: a date glued to a name or a label
    is still read; a year running into a lower-case word ("2020s") is not the date's."""
    assert find_mentioned_dates(text)[0] == first
    assert PartialDate(2020, 5, 5) not in find_mentioned_dates("prices of May 5, 2020s")


def test_find_mentioned_dates_ignores_lowercase_month_without_year() -> None:
    assert find_mentioned_dates("you may 5 times try, then march 3 miles") == []


def test_infer_year_takes_latest_consistent_year() -> None:
    mentioned = find_mentioned_dates(
        "in may 2015 he arrived; Russia (29 December 2014); in 2010; the end of 2015; "
        "on 15 October 2006"
    )
    assert infer_year(PartialDate(None, 12, 15), mentioned) == PartialDate(2015, 12, 15)


def test_infer_year_skips_forecast_years() -> None:
    mentioned = find_mentioned_dates("by 2030 emissions fall; in 2015 and in 2014 they rose")
    assert infer_year(PartialDate(None, 3, 1), mentioned) == PartialDate(2015, 3, 1)


def test_infer_year_prefers_the_same_day_with_a_year() -> None:
    mentioned = [PartialDate(2016), PartialDate(2014, 7, 15)]
    assert infer_year(PartialDate(None, 7, 15), mentioned) == PartialDate(2014, 7, 15)


def test_infer_year_without_evidence_keeps_date() -> None:
    assert infer_year(PartialDate(None, 7, 15), []) == PartialDate(None, 7, 15)
    assert infer_year(PartialDate(2016, 7, 15), [PartialDate(2010)]) == PartialDate(2016, 7, 15)


@pytest.mark.parametrize(
    ("url", "site"),
    [
        ("https://www.themoscowtimes.com/2016/03/24/x", "themoscowtimes.com"),
        ("http://uk.eonline.com/news/1", "uk.eonline.com"),
        ("https://WWW2.Example.org:8080/a", "example.org"),
        ("not a url", None),
    ],
)
def test_site_from_url(url: str, site: str | None) -> None:
    assert site_from_url(url) == site


@pytest.mark.parametrize(
    ("line", "url"),
    [
        (
            "<https://www.themoscowtimes.com/2016/03/24/a52260>",
            "https://www.themoscowtimes.com/2016/03/24/a52260",
        ),
        (
            "http://www.presstv.com/detail/2013/07/02/x/",
            "http://www.presstv.com/detail/2013/07/02/x/",
        ),
        ("Source: https://bbc.co.uk/news/1", "https://bbc.co.uk/news/1"),
        ("Original url: https://a.example/c", "https://a.example/c"),
        ("[Read the story](https://x.com/y)", "https://x.com/y"),
        ("see https://x.com for more", None),
    ],
)
def test_parse_url_line(line: str, url: str | None) -> None:
    assert parse_url_line(line) == url


def test_find_url_after_label() -> None:
    lines = ["Body text.", "Original url:", "", "<https://www.themoscowtimes.com/2016/a>"]
    assert find_url(lines) == "https://www.themoscowtimes.com/2016/a"
    assert find_url(["no url here"]) is None


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By [Anastasia Bazenkova](#)", "Anastasia Bazenkova"),
        ("By John Smith and Jane Doe", "John Smith and Jane Doe"),
        ("By JOHN SMITH, Reuters", "John Smith"),
        ("By JOHN SMITH AND JANE DOE", "John Smith and Jane Doe"),
        ("Author: Jane Doe", "Jane Doe"),
        ("By Maria de la Cruz, Reuters and AP", "Maria de la Cruz"),
        ("By Thursday the talks had collapsed", None),
        ("By Thursday, talks", None),
        ("By the end of the year, prices rose", None),
        ("Byzantine art is back", None),
    ],
)
def test_parse_byline(line: str, author: str | None) -> None:
    assert parse_byline(line) == author
