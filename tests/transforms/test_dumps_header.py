"""Dump rules around the headline: kicker lines and breadcrumbs are not the headline, a
standfirst far above the article run stays, and an author note before the related links goes."""

from __future__ import annotations

from transforms.chrome import strip_chrome
from transforms.dumps import clean_dump
from transforms.records import CleanArticle

MENU = ["Home", "World", "Business", "Sport", "Sign in"]
ARTICLE = [
    "Whether you are for or against the softer approach to lockdowns, there is no denying that "
    "the state epidemiologist has become a celebrity, and one fan has his face tattooed.",
    "The tattoo took four hours and shows the epidemiologist in front of a map of the country, "
    "with the number of cases that the fan read in the newspaper on the day he booked it.",
    "He said that he had wanted to thank the scientist for his calm during the epidemic, and "
    "that most of the people who stopped him in the street liked the tattoo.",
]
HEADLINE = "Meet the fan who tattooed the epidemiologist's face on his arm"


def _clean(lines: list[str]) -> CleanArticle:
    article = clean_dump("\n\n".join(lines) + "\n", "text")
    assert isinstance(article, CleanArticle)
    return article


def test_kicker_above_the_headline_is_not_the_headline() -> None:
    assert _clean([*MENU, "Epidemiologist face tattoo", HEADLINE, *ARTICLE]).title == HEADLINE


def test_breadcrumb_before_the_headline_goes() -> None:
    article = _clean([*MENU, f"You are here: Home » News » {HEADLINE}", *ARTICLE])
    assert article.title == HEADLINE


def test_standfirst_far_above_the_article_run_stays() -> None:
    standfirst = (
        "A fan of the state epidemiologist has his face on his arm, and he says that he does not "
        "regret the tattoo."
    )
    gallery = [f"Photo {n} of 12" for n in range(1, 13)]
    article = _clean([*MENU, HEADLINE, standfirst, *gallery, *ARTICLE])
    assert article.title == HEADLINE
    assert standfirst in article.paragraphs


def test_author_note_before_related_links_goes() -> None:
    note = "Will Knight is a senior writer for the magazine, covering artificial intelligence."
    related = [
        "Featured Video",
        "How the robots became the internet's favourites",
        "The chief executive shares the backstory of the viral videos of the robots.",
        "Robots, energy, climate",
    ]
    body = [f"{ARTICLE[n % 3][:-1]}, paragraph {n}." for n in range(12)]
    assert note not in strip_chrome([*body, note, *related])


def test_timestamp_line_inside_the_body_is_the_date_not_text() -> None:
    stamp = "17 April 2012 • 2:54pm"
    article = _clean([*MENU, HEADLINE, ARTICLE[0], stamp, *ARTICLE[1:]])
    assert stamp not in article.paragraphs
    assert article.paragraphs == ARTICLE
    assert (article.date.year, article.date.month, article.date.day) == (2012, 4, 17)
    assert article.date_source == "date_line"


def test_label_above_a_date_line_goes_with_it() -> None:
    article = _clean([*MENU, HEADLINE, ARTICLE[0], "Release Date:", "28 April 2022", *ARTICLE[1:]])
    assert article.paragraphs == ARTICLE
    assert (article.date.year, article.date.month, article.date.day) == (2022, 4, 28)
    # A label above text that is no date or byline stays.
    assert (
        "Key points:"
        in _clean([*MENU, HEADLINE, ARTICLE[0], "Key points:", *ARTICLE[1:]]).paragraphs
    )


def test_timestamp_does_not_override_the_header_date() -> None:
    article = _clean([*MENU, HEADLINE, "March 3, 2020", *ARTICLE[:2], "17 April 2012", ARTICLE[2]])
    assert (article.date.year, article.date.month, article.date.day) == (2020, 3, 3)
    assert article.paragraphs == ARTICLE


def test_a_year_or_month_line_in_the_body_stays() -> None:
    """Timeline headings ("May 2019") are text; only a full date is a timestamp."""
    article = _clean([*MENU, HEADLINE, ARTICLE[0], "May 2019", *ARTICLE[1:]])
    assert "May 2019" in article.paragraphs


def test_headline_over_a_byline_far_above_the_article_is_the_title() -> None:
    """A review box of short lines between the header and the article pushes the headline
    out of the window above the article run; the byline under it still marks it and names the
    author."""
    box = [f"Spec {n}" for n in range(24)]
    standfirst = "Lead a resistance group in this uncomfortable and important strategy game."
    lines = [*MENU, HEADLINE, standfirst, "By Luke Kemp 11 February 2020", *box, *ARTICLE]
    article = _clean(lines)
    assert (article.title, article.author) == (HEADLINE, "Luke Kemp")
    assert _clean([*MENU, *box, *ARTICLE]).title != HEADLINE


def test_byline_opener_on_its_own_line_joins_the_name_below() -> None:
    article = _clean([*MENU, HEADLINE, "By", "Jacob Wade", *ARTICLE])
    assert article.author == "Jacob Wade"
    assert article.title == HEADLINE
    assert article.paragraphs == ARTICLE
    # "By" above a line that is no name gives no author.
    other = _clean([*MENU, HEADLINE, "By", "The water rose again on Monday night.", *ARTICLE])
    assert other.author is None


def test_author_note_under_the_article_names_the_author() -> None:
    note = "Jane Doe is a senior writer for the Valley Herald, covering public health."
    article = _clean([*MENU, HEADLINE, *ARTICLE, note])
    assert (article.author, article.paragraphs) == ("Jane Doe", ARTICLE)
    # A person the story is about, inside the body, is not its author.
    subject = "John Roe is a professor of history at the university, and he studied the case."
    more = [
        f"The council will meet on day {n} of the month to discuss what to do next." for n in (3, 4)
    ]
    story = _clean([*MENU, HEADLINE, ARTICLE[0], subject, *ARTICLE[1:], *more])
    assert story.author is None
    assert subject in story.paragraphs


def test_date_line_far_above_the_article_dates_it() -> None:
    box = [f"Spec {n}" for n in range(24)]
    article = _clean([*MENU, "24 September 2019", HEADLINE, *box, *ARTICLE])
    assert (article.date.year, article.date.month, article.date.day) == (2019, 9, 24)
    assert article.date_source == "date_line"


def test_name_above_a_job_title_is_the_author() -> None:
    article = _clean([*MENU, HEADLINE, "Richard Adams Education editor", *ARTICLE])
    assert (article.author, article.paragraphs) == ("Richard Adams", ARTICLE)
    assert _clean([*MENU, HEADLINE, "Jane Doe, Staff Writer", *ARTICLE]).author == "Jane Doe"
    # A job title alone names no one.
    assert _clean([*MENU, HEADLINE, "Foreign Affairs editor", *ARTICLE]).author is None


def test_numbered_step_is_not_the_headline() -> None:
    steps = ["Steps", "1. Examine the Blooms", "2. Use Your Garden", "3. Prep Them"]
    assert _clean([*steps, *ARTICLE]).title not in steps[1:]
    # A headline that starts with a figure is still a headline.
    quake = "6. 1-magnitude quake strikes the north coast, officials say"
    assert _clean([quake, *ARTICLE]).title == quake


def test_a_name_opening_with_a_given_name_weighs_for_the_author() -> None:
    from transforms.dumps.fields import _GIVEN, field_names, load_rankers

    # The lexicon (scripts/build_given_names.py) holds given names, not the common words and
    # places that open names in the news too.
    assert {"john", "maria", "vladimir", "angela"} <= _GIVEN
    assert not {"international", "west", "mark", "new", "texas", "recent"} & _GIVEN
    # The fitted author ranker counts it for a candidate; the title ranker never sees it.
    at = field_names().index("given_name")
    rankers = load_rankers()
    assert rankers["author"].weights[at] > 0.5
    assert rankers["title"].weights[at] == 0.0
