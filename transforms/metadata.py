"""Dates, datelines, URLs and bylines read from the lines of an article.

Plain functions over strings so the dump cleaner and the HTML path share them. Everything
is a handful of regexes compiled once: this runs on every line of every file.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlsplit

from transforms.records import PartialDate
from transforms.rules import (
    RuleSet,
    month_full_names,
    month_names,
    month_pattern,
    weekday_full_names,
)
from transforms.templates import line_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class MetadataConfig:
    # A date line with its time and "Published"/"Updated" noise stays under 120 characters
    # in every dump and in ecbplus-dev; longer lines are sentences that mention a date.
    max_date_line_chars: int = 120
    # A year more than this above every other year in the text is a forecast ("by 2030"),
    # not the year of writing; 3 keeps "the end of 2015" next to "29 December 2014".
    max_year_gap: int = 3
    # Bylines are short: "By A, B and C, Reuters" is under 80 characters.
    max_byline_chars: int = 80
    # A page's date line sits just under its headline: 1-5 lines on the WCXB development
    # half's pages whose markup states no date (a byline, a section label between).
    header_lines: int = 8
    # A dump's dated header line ("Posted by A on Tuesday, August 29, 2023") sits up to 40
    # lines above the article's first paragraph (a gallery, share bar or summary box between):
    # on the WCXB development half's dumps 15 lines found 9 dates fewer, 40 no more wrong ones
    # than 15. Header lines are short: 15 words, as chrome.prefix_max_words.
    header_search_lines: int = 40
    header_line_max_words: int = 15


DEFAULT_CONFIG = MetadataConfig()


def _load_words(name: str) -> list[str]:
    """The plain entries of a rules file; users extend rules there, not in code."""
    return list(RuleSet.load(name).plain)


_MONTH = f"(?:{month_pattern()})"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_SEP = r"[\s.,\-]*"
# Month-day-year, day-month-year, ISO and numeric dates; names `m`, `d`, `y` per branch.
_DATE_BRANCHES = [
    rf"(?P<m1>{_MONTH})\.?\s*(?P<d1>{_DAY})(?!\s*:)(?:(?:,|\s)\s*(?P<y1>{_YEAR}))?(?!\d)",
    rf"(?P<d2>{_DAY})(?:\s+of)?\s*(?P<m2>{_MONTH})\.?(?:,?\s*(?P<y2>{_YEAR}))?(?![a-z\d])",
    rf"(?P<y3>{_YEAR})-(?P<m3>[01]?\d)-(?P<d3>[0-3]?\d)(?!\d)",
    r"(?P<a4>\d{1,2})\s*(?P<s4>[./])\s*(?P<b4>\d{1,2})\s*[./]\s*(?P<y4>\d{4}|\d{2})(?![\d:])",
    rf"(?P<m5>{_MONTH})\.?,?\s+(?P<y5>{_YEAR})(?!\d)",
]
_LINE_DATE = re.compile(r"\b(?:" + "|".join(_DATE_BRANCHES) + ")", re.IGNORECASE)
# A time of day; one glued to its label ("Updated21:22") too, so the label reads as noise.
_TIME = re.compile(
    r"(?<!\d)\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?(?:\s*[ap]\.?\s?m\b\.?)?|\b\d{1,2}\s?[ap]\.?\s?m\b\.?"
    r"|\(?\b(?:gmt|utc)\s*(?:[+-]\s*\d{1,2}(?:\s*:\s*\d{2})?)?\)?",
    re.IGNORECASE,
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_DATE_NOISE = re.compile(
    r"\b(?:" + _WEEKDAY + "|" + "|".join(map(re.escape, _load_words("date_noise.txt"))) + r")\b",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_HAS_DIGIT = re.compile(r"\d")

# What follows a four-digit number that is an amount or a time of day, not a year
_NOT_A_YEAR = (
    r"%|percent|per cent|people|km|kg|mm|m\b"
    r"|(?:gmt|bst|utc|cet|cest|edt|est|pdt|pst|hrs|hours|local time)\b"
)
# "Tuesday, 1 March", "Sat., March 5": a weekday named with a month and day.
_WEEKDAYS = " ".join(weekday_full_names())
_WEEKDAY_NAMES = "|".join(_WEEKDAYS.split())
_WEEKDAY_DATE = re.compile(
    rf"\b(?P<w>(?:{_WEEKDAY_NAMES}|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun))\.?,?\s+"
    rf"(?:the\s+)?(?:(?P<d1>{_DAY})(?:\s+of)?\s+(?P<m1>{_MONTH})|(?P<m2>{_MONTH})\.?\s+(?P<d2>{_DAY}))\b",
    re.IGNORECASE,
)

# Running text: capitalised month names, or any case when a year follows ("in may 2015").
_CAP_MONTH = (
    f"(?:{'|'.join(sorted((m.capitalize() for m in month_names()), key=len, reverse=True))})"
)
# A date glued to the words around it, as text and markdown renderers join a page's
# elements ("Jeffrey ZeldmanNovember 20, 2007", "June 29, 2020November 12, 2021", "April 26,
# 2024Updated on: ..."): it may open right after a lower-case letter when its month is
# capitalised, and its year may run into a capitalised word.
_GLUED_START = r"(?<=[a-z])(?-i:(?=[A-Z][a-z]))"
_YEAR_END = r"(?:\b|(?-i:(?=[A-Z])))"
_TEXT_DATE = re.compile(
    rf"(?:(?<![\w$£€])|{_GLUED_START})(?:"
    rf"(?P<d2>{_DAY})(?:\s+of)?\s+(?P<m2>{_MONTH})\.?,?\s+(?P<y2>{_YEAR}){_YEAR_END}"
    rf"|(?P<m1>{_MONTH})\.?\s+(?P<d1>{_DAY}),?\s+(?P<y1>{_YEAR}){_YEAR_END}"
    rf"|(?P<m5>{_MONTH})\.?,?\s+(?P<y5>{_YEAR}){_YEAR_END}"
    rf"|(?P<d6>{_DAY})\s+(?P<m6>{_CAP_MONTH})\b"
    rf"|(?-i:(?P<m7>{_CAP_MONTH}))\.?\s+(?P<d7>{_DAY})\b(?![.,]\d|\s*(?:%|percent|per cent))"
    rf"|(?P<y3>{_YEAR})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b"
    # a year, not an amount or a time of day ("kick-off 2000 GMT")
    rf"|(?P<y8>{_YEAR})(?![\d,.]\d|\s*(?:{_NOT_A_YEAR})|-\d{{2}}-)"
    rf")",
    re.IGNORECASE,
)

_URL = re.compile(r"https?://[^\s<>()\[\]\"']+", re.IGNORECASE)
_URL_LABEL = re.compile(
    r"^(?:original\s+url|source\s+url|url|source|link|permalink|canonical)\s*:\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\(([^)\s]*)[^)]*\)")

_DATELINE_PLACE = re.compile(
    r"^(?P<place>[A-Z][A-Z'’.\-]+(?:[ /][A-Z][A-Z'’.\-]*){0,3})(?=\s*[,(—–-])"
)
_DATELINE_REGION = re.compile(r"^,\s*(?P<region>[A-Z][a-z.]+(?:\s[A-Z][a-z.]+){0,2})(?=\s*[,(—–-])")
_DATELINE_AGENCY = re.compile(r"^\s*\((?P<agency>[^()]{1,30})\)")
_DATELINE_END = re.compile(r"^\s*(?:[—–]|-{1,2}|:)\s*\S")
_DATELINE_DOT = re.compile(r"^\s*\.\s+[A-Z\"“]")

BYLINE_OPENERS = frozenset(RuleSet.load("byline_openers.txt").words())
_BYLINE = re.compile(
    r"^(?:"
    + "|".join(re.escape(o) for o in sorted(BYLINE_OPENERS, key=len, reverse=True))
    + r")\s*:?\s+(?P<who>.+)$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(
    r"^(?:[A-Z][\w'’.\-]*|[A-Z]\.|(?:de|da|van|von|der|del|la|le|bin|al|ibn|dos)|al-\w+)$"
)
_NAME_SPLIT = re.compile(r"\s*(?:,\s*(?i:and)\s+|\s+(?i:and)\s+|\s*&\s*|,\s*)\s*")
_AGENCIES = frozenset(w.casefold() for w in _load_words("agencies.txt"))
_NOT_NAMES = frozenset(
    [*_WEEKDAYS.split(), *month_full_names(), *"the this that then now today".split()]
)


def parse_date(text: str, config: MetadataConfig = DEFAULT_CONFIG) -> PartialDate | None:
    """The date of a line that is only a date (plus time, zone, "Published"-style noise)."""
    line = text.strip().strip("*_|[]()")
    if not line or len(line) > config.max_date_line_chars or not _HAS_DIGIT.search(line):
        return None
    match = _LINE_DATE.search(_TIME.sub(" ", line))
    if match is None:
        return None
    rest = _TIME.sub(" ", line)
    rest = rest[: match.start()] + " " + rest[match.end() :]
    if _LETTERS.search(_DATE_NOISE.sub(" ", rest)):
        return None
    return _date_from_match(match)


def _date_from_match(match: re.Match[str]) -> PartialDate | None:
    """A validated PartialDate from whichever branch of a date regex matched."""
    g = match.groupdict()
    year = month = day = None
    if g.get("a4"):
        a, b, y = int(g["a4"]), int(g["b4"]), g["y4"]
        # Slashes read month/day (US sites), dots day.month; a value over 12 settles it.
        month, day = (a, b) if g["s4"] == "/" else (b, a)
        if month > 12 >= day:
            month, day = day, month
        year = int(y) if len(y) == 4 else 2000 + int(y) if int(y) < 70 else 1900 + int(y)
    else:
        for key in "1235678":
            if g.get(f"m{key}") or g.get(f"y{key}"):
                m, d, y = g.get(f"m{key}"), g.get(f"d{key}"), g.get(f"y{key}")
                month = _month_number(m) if m else None
                day = int(re.sub(r"\D", "", d)) if d else None
                year = int(y) if y else None
                break
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= 31:
        return None
    if year is None and month is None:
        return None
    return PartialDate(year, month, day)


def _month_number(name: str) -> int | None:
    """Month number from an English month name or abbreviation."""
    if name.isdigit():
        return int(name)
    return month_names().get(name.casefold())


def header_date(
    lines: list[str], title: str | None, lede: str, config: MetadataConfig = DEFAULT_CONFIG
) -> PartialDate | None:
    """The full date of a page's date line: the first line that is only a date (and time,
    "Published"-style noise) under the headline, at most `header_lines` down and not below
    the first paragraph; without the headline, within `header_lines` above the first
    paragraph."""
    title_key, lede_key = line_key(title or ""), line_key(lede)[:60]
    top = next((i for i, line in enumerate(lines) if _is_headline(line, title_key)), None)
    start = next(
        (
            i
            for i, line in enumerate(lines)
            if (top is None or i > top) and _opens(line_key(line), lede_key)
        ),
        None,
    )
    if top is not None:  # the first paragraph itself may be the date line
        end = len(lines) if start is None else start + 1
        window = lines[top + 1 : min(end, top + 1 + config.header_lines)]
    elif start is not None:
        window = lines[max(0, start - config.header_lines) : start]
    else:
        return None
    dates = (parse_date(line, config) for line in window)
    return next((d for d in dates if d is not None and d.precision == "day"), None)


def dated_header_line(
    lines: list[str], config: MetadataConfig = DEFAULT_CONFIG
) -> PartialDate | None:
    """The full date of the short line nearest above an article that states one (`lines` are
    those above its first paragraph): a byline or meta line the header rules could not read
    ("Posted by A on Tuesday, August 29, 2023", "Written By Feb 11, 2019 · 3 min read"). The
    first date such a line holds is the publication ("Posted on June 29, 2020 November 12,
    2021" was updated later)."""
    for line in reversed(lines[-config.header_search_lines :]):
        if not line.strip() or len(line.split()) > config.header_line_max_words:
            continue
        found = next((d for d in find_mentioned_dates(line) if d.precision == "day"), None)
        if found is not None:
            return found
    return None


def _is_headline(line: str, title_key: str) -> bool:
    """The headline's line: the title, or the title without the site a page appends to it."""
    key = line_key(line)
    return " " in key and (key == title_key or title_key.startswith(key + " "))


def _opens(key: str, lede_key: str) -> bool:
    """Whether a line is where the first paragraph starts (it may be cut into lines)."""
    return len(key) >= 10 and (lede_key.startswith(key[:60]) or key.startswith(lede_key[:40]))


def parse_dateline(paragraph: str) -> tuple[str, PartialDate] | None:
    """Place and date of a wire dateline opening a paragraph ("MOSCOW, December 15. ...")."""
    match = _DATELINE_PLACE.match(paragraph)
    if match is None or sum(c.isalpha() for c in match.group("place")) < 3:
        return None
    place, rest, date = (
        match.group("place").strip().title(),
        paragraph[match.end() :],
        PartialDate(),
    )
    for _ in range(3):
        if not rest.startswith(","):
            break
        found = _LINE_DATE.match(rest.lstrip(", "))
        if found and not date.month and (parsed := _date_from_match(found)):
            date, rest = parsed, rest.lstrip(", ")[found.end() :]
            continue
        region = _DATELINE_REGION.match(rest)
        if region is None:
            break
        place, rest = f"{place}, {region.group('region')}", rest[region.end() :]
    agency = _DATELINE_AGENCY.match(rest)
    if agency:
        rest = rest[agency.end() :]
    if _DATELINE_END.match(rest) or (date.month and _DATELINE_DOT.match(rest)):
        return place, date
    return None


def states_time_only(line: str) -> bool:
    """Whether a line states a time of day and no date ("2000 GMT", "Updated 5:40 p.m. ET"):
    what a publication date, a day, cannot hold."""
    return bool(_HAS_DIGIT.search(line) and _TIME.search(line)) and not _LINE_DATE.search(
        _TIME.sub(" ", line)
    )


def find_mentioned_dates(text: str) -> list[PartialDate]:
    """Explicit dates and years in running text, in order, repeats kept for counting. A date
    never spans a line break (the next paragraph's "2005" does not complete "in March"), and
    every date holds a digit, so lines without one are passed by."""
    found: list[PartialDate] = []
    for line in text.split("\n"):
        if _HAS_DIGIT.search(line):
            found.extend(_line_dates(line))
    return found


def _line_dates(line: str) -> list[PartialDate]:
    found: list[PartialDate] = []
    for match in _TEXT_DATE.finditer(line):
        g = match.groupdict()
        if g.get("y8"):
            found.append(PartialDate(int(g["y8"])))
            continue
        if g.get("m2") and not g.get("y2") and not g["m2"][0].isupper():
            continue
        parsed = _date_from_match(match)
        if parsed is not None:
            found.append(parsed)
    return found


def infer_year(
    date: PartialDate,
    mentioned: list[PartialDate],
    config: MetadataConfig = DEFAULT_CONFIG,
    weekday: int | None = None,
) -> PartialDate:
    """Fill a missing year from the latest year the text itself states, skipping forecasts;
    none when that year puts the day on another weekday than the text names for it
    (`weekday`, Monday 0: "Tuesday, 1 March" is not 1 March 2001, a Thursday)."""
    inferred = _infer_year(date, mentioned, config)
    if weekday is None or inferred is date or not inferred.day:
        return inferred
    day = inferred.to_date()
    return inferred if day is not None and day.weekday() == weekday else date


def named_weekday(text: str, date: PartialDate) -> int | None:
    """The weekday (Monday 0) the text names beside the date's month and day, if it does."""
    if not (date.month and date.day):
        return None
    for match in _WEEKDAY_DATE.finditer(text):
        month = _month_number(match.group("m1") or match.group("m2"))
        day = int(re.sub(r"\D", "", match.group("d1") or match.group("d2")))
        if (month, day) == (date.month, date.day):
            prefix = match.group("w")[:3].casefold()
            return [w[:3] for w in _WEEKDAYS.split()].index(prefix)
    return None


def _infer_year(
    date: PartialDate, mentioned: list[PartialDate], config: MetadataConfig
) -> PartialDate:
    if date.year or not date.month:
        return date
    exact = Counter(
        m.year for m in mentioned if m.year and (m.month, m.day) == (date.month, date.day)
    )
    if exact:
        return PartialDate(exact.most_common(1)[0][0], date.month, date.day)
    years = sorted({m.year for m in mentioned if m.year}, reverse=True)
    for index, year in enumerate(years):
        below = years[index + 1 :]
        if not below or year - below[0] <= config.max_year_gap:
            return PartialDate(year, date.month, date.day)
    return date


def most_mentioned_day(mentioned: list[PartialDate]) -> PartialDate | None:
    """The month and day stated most often (first on ties): the event day of a lede."""
    counts = Counter((m.month, m.day) for m in mentioned if m.month and m.day)
    if not counts:
        return None
    (month, day), _ = counts.most_common(1)[0]
    return PartialDate(None, month, day)


def site_from_url(url: str) -> str | None:
    """Host of a URL without "www." and port, lower-cased."""
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return re.sub(r"^www\d*\.", "", host.lower())


def parse_url_line(line: str) -> str | None:
    """The URL of a line that only states a URL: bare, <...>, "Source: ...", or a markdown link."""
    text = line.strip().strip("*_")
    label = _URL_LABEL.match(text)
    if label:
        text = label.group("rest").strip()
    link = _MD_LINK.fullmatch(text)
    if link:
        text = link.group(2) if _URL.match(link.group(2)) else link.group(1)
    text = text.strip("<>").strip()
    match = _URL.fullmatch(text)
    return match.group(0).rstrip(".,;") if match else None


def is_url_label(line: str) -> bool:
    """True for a label line whose URL follows on the next line ("Original url:")."""
    label = _URL_LABEL.match(line.strip().strip("*_"))
    return bool(label) and not label.group("rest").strip()


def find_url(lines: list[str]) -> str | None:
    """The first URL stated on a line of its own, or on the line after an "Original url:" label."""
    for index in url_line_indexes(lines):
        url = parse_url_line(lines[index])
        if url:
            return url
    return None


def url_line_indexes(lines: list[str]) -> list[int]:
    """Indexes of the URL line(s): the line with the URL and its label line, if any."""
    for index, line in enumerate(lines):
        if parse_url_line(line):
            if index and is_url_label(lines[index - 1]):
                return [index - 1, index]
            return [index]
    return []


def parse_byline(line: str, config: MetadataConfig = DEFAULT_CONFIG) -> str | None:
    """Author name(s) of a byline ("By [A B](#)", "By A and B", "Author: A"); None for prose."""
    text = _MD_LINK.sub(r"\1", line.strip().strip("*_")).strip()
    if len(text) > config.max_byline_chars:
        return None
    match = _BYLINE.match(text)
    if match is None:
        return None
    names: list[str] = []
    for part in _NAME_SPLIT.split(match.group("who").strip(" .|")):
        words = part.split()
        if not words:
            continue
        if part.casefold() in _AGENCIES or (names and len(words) == 1 and part.isupper()):
            continue  # "By JOHN SMITH, Reuters": the agency is not an author
        if not 2 <= len(words) <= 4 or not all(_NAME_WORD.match(w) for w in words):
            return None
        if words[0].casefold() in _NOT_NAMES:
            return None
        names.append(part.title() if part.isupper() else part)
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
