"""The day a lede says its event happened, resolved against the report's publication day."""

from __future__ import annotations

from datetime import date

import pytest

from transforms.event_dates import (
    EventDate,
    lede_weekday,
    period_end,
    publication_day,
    resolve_event_date,
)
from transforms.records import PartialDate

FRIDAY = date(2016, 3, 25)  # the day the report was published


@pytest.mark.parametrize(
    ("lede", "first", "last", "source"),
    [
        ("The talks ended in Geneva on Thursday.", date(2016, 3, 24), date(2016, 3, 24), "weekday"),
        ("Police arrested him early Friday.", FRIDAY, FRIDAY, "weekday"),
        ("He last spoke last Friday.", date(2016, 3, 18), date(2016, 3, 18), "weekday"),
        ("The quake struck yesterday.", date(2016, 3, 24), date(2016, 3, 24), "day"),
        ("Fighting resumed last night.", date(2016, 3, 24), date(2016, 3, 24), "day"),
        ("The minister resigned today.", FRIDAY, FRIDAY, "day"),
        ("Rebels took the town three days ago.", date(2016, 3, 22), date(2016, 3, 22), "day"),
        ("The strike began last week.", date(2016, 3, 14), date(2016, 3, 20), "week"),
        ("The vote took place earlier this week.", date(2016, 3, 21), FRIDAY, "week"),
        ("Prices rose earlier this month.", date(2016, 3, 1), FRIDAY, "month"),
        ("Exports fell last month.", date(2016, 2, 1), date(2016, 2, 29), "month"),
        ("The ship sank on March 3 off Crete.", date(2016, 3, 3), date(2016, 3, 3), "month_day"),
        ("The ship sank on 3 March off Crete.", date(2016, 3, 3), date(2016, 3, 3), "month_day"),
        ("The ship sank on March 3, 2016.", date(2016, 3, 3), date(2016, 3, 3), "stated"),
    ],
    ids=[
        "on-weekday",
        "same-weekday",
        "last-weekday",
        "yesterday",
        "last-night",
        "today",
        "days-ago",
        "last-week",
        "this-week",
        "this-month",
        "last-month",
        "month-day",
        "day-month",
        "stated",
    ],
)
def test_phrases_resolve_against_the_publication_day(lede, first, last, source):
    found = resolve_event_date(None, [lede], FRIDAY)
    assert found is not None
    assert (found.first, found.last, found.source) == (first, last, source)
    assert found.precision == ("day" if first == last else "week" if source == "week" else "month")
    assert period_end(found.first, found.source, FRIDAY) == found.last


def test_a_month_and_day_take_the_year_nearest_publication():
    found = resolve_event_date(None, ["Voting began on Dec.30, officials said."], date(2016, 1, 4))
    assert found is not None and found.first == date(2015, 12, 30)


@pytest.mark.parametrize(
    "lede",
    [
        "They will meet later this week.",  # a plan
        "The summit opens on April 20.",  # after publication: a plan
        "Since the attack on January 5, the city has been quiet.",  # background, 80 days back
        "Prices rose 3.5 percent.",
        "He was arrested on suspicion of drunken driving.",
    ],
    ids=["later-this-week", "future-day", "long-ago", "figure", "none"],
)
def test_plans_background_and_figures_date_no_event(lede):
    assert resolve_event_date(None, [lede], FRIDAY) is None


def test_without_a_publication_day_a_phrase_keeps_what_it_states():
    assert resolve_event_date(None, ["It sank on March 3."], None) == EventDate(
        None, None, "month_day", "March 3", month=3, day=3
    )
    weekday = resolve_event_date(None, ["Police said on Tuesday."], None)
    assert weekday is not None and (weekday.first, weekday.weekday) == (None, 1)
    assert resolve_event_date(None, ["The quake struck yesterday."], None) is None


def test_the_first_phrase_wins_and_a_possessive_weekday_yields():
    lede = ["Before Sunday's game, he was arrested early Tuesday. Officials spoke yesterday."]
    found = resolve_event_date(None, lede, FRIDAY)
    assert found is not None and (found.first, found.phrase) == (date(2016, 3, 22), "early Tuesday")
    headline_first = resolve_event_date("Quake kills 120 on Wednesday", lede, FRIDAY)
    assert headline_first is not None and headline_first.first == date(2016, 3, 23)


def test_a_dateline_dates_the_report_not_the_event():
    lede = ["MOSCOW, December 15. The minister will hold talks in Moscow.", "More later."]
    assert resolve_event_date(None, lede, date(2015, 12, 15)) is None
    wire = ["PARIS (Reuters) - Police arrested a man on Tuesday."]
    found = resolve_event_date(None, wire, FRIDAY)
    assert found is not None and found.first == date(2016, 3, 22)


def test_only_the_headline_and_lede_are_read():
    paragraphs = ["The talks went on.", "They met again.", "It began on Thursday."]
    assert resolve_event_date(None, paragraphs, FRIDAY) is None


def test_a_date_found_only_in_the_running_text_is_no_publication_day():
    assert publication_day(PartialDate(2016, 3, 25), "date_line") == FRIDAY
    assert publication_day(PartialDate(2016, 3, 25), "text") is None
    assert publication_day(PartialDate(2016, 3), "date_line") is None


@pytest.mark.parametrize(
    ("lede", "expected"),
    [
        ("He was arrested early Tuesday before Sunday's playoff game.", 1),
        ("Before Sunday's playoff game, he was arrested early Tuesday.", 1),
        ("Sunday's playoff game will go ahead.", 6),
        ("He was arrested on suspicion of drunken driving.", None),
    ],
    ids=["anchored", "anchored-later", "bare", "none"],
)
def test_lede_weekday_prefers_the_day_something_happened_on(lede, expected):
    assert lede_weekday(lede) == expected
