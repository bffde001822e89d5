"""Do no harm: text the page states that no header field holds stays in the body (a time
under the date line, a standfirst the model misreads as a byline), a lede the prose chain
reaches over the headline stays, and a page with no body line keeps its prose line."""

from __future__ import annotations

import pytest

from transforms.dumps import clean_dump
from transforms.records import CleanArticle

pytestmark = pytest.mark.fast

PREVIEW = [
    "The home side have brought in two forwards on loan from the north for the visit of the "
    "league leaders, and the coach said both would start on the bench.",
    "The game got the go-ahead on Friday morning after the ground passed an early pitch "
    "inspection, and the club said that tickets were still on sale at the gate.",
]


def _clean(lines: list[str]) -> CleanArticle:
    article = clean_dump("\n\n".join(lines) + "\n", "text")
    assert isinstance(article, CleanArticle)
    return article


def _kept(article: CleanArticle, text: str) -> bool:
    return any(text in paragraph for paragraph in article.paragraphs)


@pytest.mark.parametrize("time", ["2000 GMT", "Updated 5:40 p.m. ET"])
def test_a_time_under_the_date_line_stays_as_text(time: str) -> None:
    """A publication day holds no time: a line that states only one is not held by the date."""
    article = _clean(["Rovers v United (Fri)", "Friday, 25 February 2005", time, *PREVIEW])
    assert (article.date.month, article.date.day) == (2, 25)
    assert _kept(article, time)
    assert all(_kept(article, p) for p in PREVIEW)


def test_a_date_line_and_a_byline_role_are_held_not_kept() -> None:
    article = _clean(
        [
            "Remarks before the meeting",
            "Jane Doe",
            "Secretary of State",
            "Vienna, Austria",
            "July 15, 2016",
            *PREVIEW,
        ]
    )
    assert article.author == "Jane Doe"
    assert (article.date.year, article.date.month, article.date.day) == (2016, 7, 15)
    assert article.paragraphs == PREVIEW


def test_a_page_with_no_body_line_keeps_its_prose_line() -> None:
    """A dump cut off mid-sentence under its date line: its one line of prose is the article,
    not a `dumps_no_text` rejection."""
    cut = (
        "Early on Friday morning, around 1: 30 a. m., the 26-year-old singer checked into a "
        "clinic in Palm Springs, Calif,"
    )
    head = ["Singer Checks Into Clinic in the Desert", "Fri., May. 3, 2013 11: 45 AM PDT"]
    article = _clean([*head, cut])
    assert article.paragraphs == [cut]
