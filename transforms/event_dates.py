"""The day a report says its event happened, from its headline and lede, against its date.

News dates what it reports relative to the day it is published: "on Thursday", "yesterday",
"last week", "earlier this month", "on March 3". Resolved against the publication day, each
gives the days the event can lie on, and `source` says which kind of phrase did. A report
without a publication day keeps what the phrase states by itself: the weekday, or the month
and day. The event is what happened, so a phrase that resolves after the publication day (a
plan: "will meet on March 3") or long before it (background: "since the March 3 attack") is
not the report's event date.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from transforms.metadata import parse_dateline
from transforms.records import PartialDate, Record
from transforms.rules import RuleSet, month_names, weekday_full_names, weekday_names

logger = logging.getLogger(__name__)


# Where a wire dateline ("MOSCOW, December 15. ...", "PARIS (Reuters) - ...") gives way to
# the lede's first sentence.
_DATELINE_REST = re.compile(r"\s(?:[—–]|-{1,2}|:)\s|(?<=[A-Za-z\d])\.\s+(?=[A-Z\"“])")


@dataclass(frozen=True, slots=True)
class EventDateConfig:
    # The headline and this many paragraphs state the event; later ones give background. The
    # seeds' second paragraphs date a phone call and a caption, not the talks they report.
    lede_paragraphs: int = 1
    # A stated day this many days or more before publication is background, not the event
    # (the window within which event reports are compared: EventConfig.date_window_days).
    max_lag_days: int = 60
    # A day after publication is a plan, not the event; one day covers time zones.
    max_lead_days: int = 1


@dataclass(frozen=True, slots=True)
class EventDate(Record):
    """The days a report's event can lie on, and the phrase that says so.

    `first`/`last` are set when the phrase was resolved (the same day for "yesterday", a
    Monday-to-Sunday week for "last week"); a report without a publication day keeps what its
    phrase states alone: `weekday` ("on Thursday") or `month` and `day` ("on March 3").
    """

    first: date | None
    last: date | None
    # 'stated', 'month_day', 'weekday', or a relative phrase's unit: 'day', 'week', 'month'
    source: str
    phrase: str
    weekday: int | None = None  # Monday 0
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        """'day', 'week' or 'month' for a resolved date; 'unknown' for an unresolved one."""
        if self.first is None or self.last is None:
            return "unknown"
        span = (self.last - self.first).days
        return "day" if span == 0 else "week" if span <= 7 else "month"


@dataclass(frozen=True, slots=True)
class _Phrase:
    unit: str  # 'day', 'week', 'month'
    offset: int


def interval(when: PartialDate, year: int) -> tuple[date, date, bool] | None:
    """First and last day `when` can stand for in `year` (a day, its month, else the year),
    and whether it is day-precise; None for a day its month lacks."""
    try:
        if when.month and when.day:
            day = date(year, when.month, when.day)
            return day, day, True
        if when.month:
            first = date(year, when.month, 1)
            following = date(year + when.month // 12, when.month % 12 + 1, 1)
            return first, following - timedelta(days=1), False
        return date(year, 1, 1), date(year, 12, 31), False
    except ValueError:
        return None


@cache
def _relative_phrases() -> dict[str, _Phrase]:
    """`event_date_phrases.txt`: phrase -> unit and offset."""
    phrases = {}
    for entry in RuleSet.load("event_date_phrases.txt").plain:
        phrase, _, meaning = entry.partition("=")
        unit, offset = meaning.split()
        phrases[" ".join(phrase.casefold().split())] = _Phrase(unit, int(offset))
    return phrases


def _alternation(phrases: list[str]) -> str:
    """Phrases as a regex alternation, longest first, any run of spaces between their words."""
    escaped = (r"\s+".join(map(re.escape, phrase.split())) for phrase in phrases)
    return "|".join(sorted(escaped, key=len, reverse=True))


@cache
def _pattern() -> re.Pattern[str]:
    """One regex for every kind of phrase, each kind in its own named group."""
    relative = _alternation(list(_relative_phrases()))
    weekdays = _alternation(list(weekday_full_names()))
    months = _alternation([m.capitalize() for m in month_names()])
    day = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
    year = r"(?:19|20)\d\d"
    not_a_figure = r"(?![.,:]?\d|\s*(?:%|percent|per\s+cent))"
    return re.compile(
        rf"(?<![\w-])(?:"
        rf"(?P<later>later|next|until|by)\s+(?:{relative})"
        rf"|(?P<relative>{relative})"
        rf"|(?P<anchor>on|late|early|last|this|since|by|until|next)\s+(?P<aweekday>{weekdays})"
        rf"|(?P<weekday>{weekdays})(?P<possessive>['’]s)?"
        rf"|(?-i:(?P<m1>{months}))\.?\s*(?P<d1>{day}){not_a_figure}(?:,?\s+(?P<y1>{year}))?"
        rf"|(?P<d2>{day})\s+(?:of\s+)?(?-i:(?P<m2>{months}))\.?(?:,?\s+(?P<y2>{year}))?"
        rf")(?![\w-])",
        re.IGNORECASE,
    )


def _month_day(match: re.Match[str]) -> PartialDate | None:
    for key in "12":
        if match.group(f"m{key}"):
            month = month_names()[match.group(f"m{key}").casefold()]
            day = int(re.sub(r"\D", "", match.group(f"d{key}")))
            year = match.group(f"y{key}")
            return PartialDate(int(year) if year else None, month, day)
    return None


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read(match: re.Match[str], published: date | None) -> EventDate | None:
    """The event date one phrase gives, resolved against `published` when there is one."""
    text = " ".join(match.group(0).split())
    if match.group("later"):
        return None  # "later this week", "next month": a plan
    if match.group("relative"):
        if published is None:
            return None
        phrase = _relative_phrases()[" ".join(match.group("relative").casefold().split())]
        first, last = _period(published, phrase)
        return EventDate(first, last, phrase.unit, text)
    if match.group("aweekday") or match.group("weekday"):
        if match.group("anchor") and match.group("anchor").casefold() in (
            "since",
            "by",
            "until",
            "next",
        ):
            return None
        name = (match.group("aweekday") or match.group("weekday")).casefold()
        weekday = weekday_names()[name]
        if published is None:
            return EventDate(None, None, "weekday", text, weekday=weekday)
        back = (published.weekday() - weekday) % 7
        if back == 0 and (match.group("anchor") or "").casefold() == "last":
            back = 7
        day = published - timedelta(days=back)
        return EventDate(day, day, "weekday", text, weekday=weekday)
    stated = _month_day(match)
    if stated is None or stated.month is None or stated.day is None:
        return None
    if stated.year is not None:
        day = _valid(stated.year, stated.month, stated.day)
        return EventDate(day, day, "stated", text) if day else None
    if published is None:
        if _valid(2000, stated.month, stated.day) is None:  # 2000: a leap year
            return None
        return EventDate(None, None, "month_day", text, month=stated.month, day=stated.day)
    # the year that puts the month and day nearest the publication day, a plan aside
    days = [
        d
        for y in (published.year - 1, published.year, published.year + 1)
        if (d := _valid(y, stated.month, stated.day)) is not None
    ]
    if not days:
        return None
    day = min(days, key=lambda d: abs((d - published).days))
    return EventDate(day, day, "month_day", text)


def _period(published: date, phrase: _Phrase) -> tuple[date, date]:
    """The days of the day, week or month `phrase.offset` periods back from publication, up to
    the publication day."""
    if phrase.unit == "day":
        day = published + timedelta(days=phrase.offset)
        return day, day
    if phrase.unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=phrase.offset)
        return monday, min(monday + timedelta(days=6), published)
    month = published.year * 12 + published.month - 1 + phrase.offset
    first = date(month // 12, month % 12 + 1, 1)
    following = date((month + 1) // 12, (month + 1) % 12 + 1, 1)
    return first, min(following - timedelta(days=1), published)


def period_end(first: date, source: str, published: date | None) -> date:
    """The last day an event date stored as its first day and `source` can stand for: the
    rest of the week or month a relative phrase names, up to the publication day."""
    if source == "week":
        last = first + timedelta(days=6)
    elif source == "month":
        last = date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1)
    else:
        return first
    return min(last, published) if published and published >= first else last


def precision_of(source: str | None) -> str | None:
    """The span a stored event date (its first day and `source`) stands for."""
    if source is None:
        return None
    return source if source in ("week", "month") else "day"


def _plausible(found: EventDate, published: date | None, config: EventDateConfig) -> bool:
    """Not after publication (a plan) nor long before it (background)."""
    if published is None or found.first is None or found.last is None:
        return True
    return (found.first - published).days <= config.max_lead_days and (
        published - found.last
    ).days < config.max_lag_days


def publication_day(when: PartialDate, source: str | None) -> date | None:
    """The day a report was published, to resolve its phrases against: a full date it states
    for itself, not one found only in its running text (often the day of what it recalls)."""
    return when.to_date() if when.precision == "day" and source != "text" else None


def resolve_event_date(
    title: str | None,
    paragraphs: list[str],
    published: date | None,
    config: EventDateConfig = EventDateConfig(),
) -> EventDate | None:
    """The event date the headline and lede state, resolved against the publication day.

    The first phrase in reading order wins, except that a bare possessive weekday ("Sunday's
    game") yields to any other phrase: it names a day around the event, not the event's.
    """
    lede = [title or "", *paragraphs[: config.lede_paragraphs]]
    if len(lede) > 1 and parse_dateline(lede[1]):
        lede[1] = _DATELINE_REST.split(lede[1], maxsplit=1)[-1]  # its date is the report's
    weak = None
    for text in lede:
        for match in _pattern().finditer(text):
            found = _read(match, published)
            if found is None or not _plausible(found, published, config):
                continue
            if match.group("possessive"):
                weak = weak or found
                continue
            return found
    return weak


@cache
def _weekday_pattern() -> re.Pattern[str]:
    weekdays = _alternation(list(weekday_full_names()))
    return re.compile(
        rf"\b(?:on|late|early|last)\s+(?P<anchored>{weekdays})\b|\b(?P<bare>{weekdays})(?:['’]s)?\b",
        re.IGNORECASE,
    )


def lede_weekday(lede: str) -> int | None:
    """The weekday (Monday 0) a lede names for what it reports: the first "on/early/late
    Tuesday", else the first weekday named ("Sunday's game" yields to "early Tuesday"). The
    weekday as named, not a resolved day's: a report published the day after says
    "yesterday" of the day another calls "on Tuesday", which `first` compares."""
    matches = list(_weekday_pattern().finditer(lede))
    anchored = [m.group("anchored") for m in matches if m.group("anchored")]
    if not anchored and not matches:
        return None
    name = anchored[0] if anchored else matches[0].group("bare")
    return weekday_names()[name.casefold()]
