"""What event matching knows of one report: its terms, names, dates, places, quotes and figures.

`event_features` reads them from a cleaned document once, in the worker that fingerprints it;
the warehouse stores them (`event_features`, `to_row` / `from_row`) so that later runs compare
new reports with loaded ones without reading their text again. `EventConfig` holds what
evidence is and how candidates are found; the weights are learned (`transforms/event_model.py`).
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from itertools import chain
from pathlib import Path
from typing import Any

from transforms.event_dates import (
    interval,
    lede_weekday,
    period_end,
    precision_of,
    publication_day,
    resolve_event_date,
)
from transforms.event_model import EventModel
from transforms.metadata import infer_year, most_mentioned_day
from transforms.names import extract_names, stopwords
from transforms.places import lede_places
from transforms.quotes import extract_quotes
from transforms.records import Document, PartialDate

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_YEAR = re.compile(r"(?:19|20)\d\d")
# Figures of two or more digits, thousands separators and decimals included; not a time
# ("6:00"), a date's part ("2016-03-24") or a code's ("ms08-078").
_NUMBER = re.compile(r"(?<![\w:.,/-])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w:/-]|[.,]\d)")
# How rare each key is in background news (scripts/build_event_lexicon.py): what IDF counts
# when the caller passes no frequencies, so a pair's evidence does not depend on the batch.
BACKGROUND_PATH = Path(__file__).parent / "data" / "event_background.tsv"
_EXTRA_STOPWORDS = frozenset(
    ["said", "says", "told", "also", "would", "could", "year", "years", "percent", "according"]
)


@dataclass(frozen=True, slots=True)
class EventConfig:
    """Event grouping settings. What the evidence weighs and the thresholds are learned (the
    `model`); these say what evidence is and how candidates are found.

    Calibrated on ecbplus-dev (496 articles, 42 events, each topic two events of the same
    kind; benchmarks/events.py runs it through the flow) and on the five seeds (same names,
    separated by dates). The figures below come from before the topics were split (all 21
    topics, hand-set weights); the weights and thresholds of `model` are fitted on the
    fitting half only.
    """

    # Two day-precise dates this close agree (`same_day_overlap`). Seeds: same-event pairs 0-1 day
    # apart; ecbplus-dev: 12 of 21 dated events span <= 8 days.
    date_same_days: int = 3
    # Beyond this gap two dated reports are different events (score 0). ecbplus-dev
    # events with follow-ups span 43-105 days; F1 0.942 at 30, 0.949 at 45, 0.960 at 60,
    # 0.948 at 90 (hand-set weights). Seeds: different events 100+ days apart, so 60 keeps a
    # margin. A report that recalls another's event days (`recalled`) is scored with it
    # whatever the gap: fitting half leave one topic out F1 0.963 -> 0.969.
    date_window_days: int = 60
    # Terms kept per document (by count): the storage cost per row. ecbplus-dev median is 90
    # distinct terms; F1 0.885 at 50, 0.881 at 100, 0.883 at 200 or all.
    max_terms: int = 50
    title_repeat: int = 2  # the headline counts this many times in the term vector
    lead_paragraphs: int = 2  # the lead states the event; later paragraphs give background
    lead_repeat: int = 2
    max_quotes: int = 20  # quotation ids kept per document
    max_numbers: int = 30  # figures kept per document (the first stated)
    # Days and months with a year kept per document (`recalled`, the first stated).
    max_recalled: int = 20
    # Top TF-IDF terms per document that find candidate pairs (with shared names). ecbplus-dev
    # clusters identically at 5, 8, 15 and exhaustive pairs; on 4,000 Reuters reports 8
    # scores 2.5x fewer pairs than 15 (6.2 s vs 15.3 s) and moves 2 of 1,106 groups at 2,000.
    block_terms: int = 8
    # A block key shared by more than a tenth of the reports (at least 50) links none of
    # them: such a name or term is common, not evidence. The cap bounds blocks at scale,
    # where a tenth of 10^5 reports would make candidate pairs grow quadratically. A key more
    # than this many reports of a batch carry also weighs nothing in the pair evidence (a
    # footer rare in the background joined 915 of 2,000 scale-corpus reports).
    block_max_reports: int = 200
    # Partners a report is scored against: those sharing the most block keys with it, so
    # pairs stay under n x max_candidates however dense the blocks. Average linkage needs the
    # pairs inside an event: an event larger than this splits (40 reports at 8 make 30
    # events; tests/transforms/test_events_scale.py), so it stays at the block cap. What
    # keeps a large run near-linear is placing it in chunks (`event_chunk_size`).
    max_candidates: int = 200
    # Already-linked reports fetched for each new one (those sharing the most rare names):
    # enough to find its event, and a chunk of 5,000 new reports never brings 10^5 old ones
    # into memory (a 100k run held 3.7 GB in the flow process without this bound).
    linked_candidates: int = 20
    # Copies at or above this estimated Jaccard (exact duplicates are 1.0) are not scored: they
    # join the event of what they repeat. ecbplus-dev through the flow: F1 0.955 at 0.9, 0.944
    # at 0.5 (a looser copy's changes are evidence that links other reports).
    copy_min_similarity: float = 0.9
    # A report's salient name is its most repeated one-word name (term count >= salient_count).
    # Two reports each centred on a name the other mentions fewer than salient_count times
    # (Jackson vs Williams arrested, Klitschko beating Rahman vs Thompson) are likely two
    # occurrences (`conflict`). ecbplus-dev same-topic pairs: conflict in 1648 of 2957
    # different-event pairs, 223 of 2925 same-event pairs.
    salient_count: int = 3
    salient_top: int = 1
    # Undated reports whose latest mentioned year is more than `stale_years` before the year
    # of a dated report are an older occurrence of the same kind of story (`stale`); an event
    # of which `stale_reports` reports say so never joins the dated one. ecbplus-dev same-topic
    # pairs: stale in 738 of 823 different-event pairs, 88 of 332 same-event ones; event rule
    # F1 0.951 at 1 report, 0.958 at 2, 0.952 at 3; 0.958 at 1-2 years, 0.944 at 3. The
    # same count of an undated event's reports, and most of those that mention a year,
    # mentioning one after the dated event's year also keeps them apart: a report is not
    # older than the years it mentions (the pair rule `_Batch.older`, held by the group).
    stale_years: int = 2
    stale_reports: int = 2
    # An event whose reports agree on a weekday (`weekday_votes` reports, `weekday_share` of
    # those naming one) never joins an event agreeing on another (F1 0.948 without the rule).
    weekday_votes: int = 2
    weekday_share: float = 0.67
    # Groups each group is compared with in the second pass (those its reports link to most):
    # the pass's cost stays in proportion to the groups, however dense the links. The second
    # pass keeps `date_window_days` around an event's span of dates: a longer one (365)
    # merged the seeds' Kerry-Lavrov talks of December 2015 and March 2016.
    event_candidates: int = 5
    # Weights and thresholds, learned (transforms/data/event_model.json, rebuilt by
    # benchmarks/fit_event_model.py): data with its script, not a wirehouse.toml section.
    model: EventModel = field(default_factory=EventModel.load, metadata={"runtime": True})


@dataclass(frozen=True, slots=True)
class EventFeatures:
    """What event matching needs from one document; `to_row` / `from_row` for the warehouse."""

    doc_id: str
    date: PartialDate  # the report's own date
    names: frozenset[str]
    terms: Mapping[str, int]  # term -> count
    order_key: str  # "YYYY-MM-DD|doc_id"; undated documents sort last
    # Latest year the text states: a report is not older than the years it mentions.
    latest_year: int | None = None
    weekday: int | None = None  # the weekday of the event (Monday 0), from the lede
    # The days the lede says the event happened on, resolved against the report's date
    # (transforms/event_dates.py); without a date to resolve against, the month and day the
    # lede states ("on March 3"), if any.
    event_first: date | None = None
    event_last: date | None = None
    event_month: int | None = None
    event_day: int | None = None
    places: frozenset[str] = frozenset()  # name keys of where the lede locates the event
    quotes: frozenset[str] = frozenset()  # ids of the quotations it prints
    numbers: frozenset[str] = frozenset()  # figures it states ("120", "6.1", "2000"), years out
    headline_terms: tuple[str, ...] = ()  # the headline's terms: how representative it is
    # The days its text mentions with their year, as (first, last) day: a day ("21 October
    # 2011") or a month ("October 2011"). A follow-up report states when what it follows up
    # happened ("shot in October 2011"): it recalls the earlier reports' event.
    recalled: tuple[tuple[date, date], ...] = ()

    def to_row(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "year": self.date.year,
            "month": self.date.month,
            "day": self.date.day,
            "names": sorted(self.names),
            "terms": sorted(self.terms.items()),
            "order_key": self.order_key,
            "latest_year": self.latest_year,
            "weekday": self.weekday,
            "event_first": self.event_first,
            "event_last": self.event_last,
            "event_month": self.event_month,
            "event_day": self.event_day,
            "places": sorted(self.places),
            "quotes": sorted(self.quotes),
            "numbers": sorted(self.numbers),
            "headline_terms": list(self.headline_terms),
            "recalled_first": [first for first, _ in self.recalled],
            "recalled_last": [last for _, last in self.recalled],
        }

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> EventFeatures:
        return cls(
            doc_id=row["doc_id"],
            date=PartialDate(row["year"], row["month"], row["day"]),
            names=frozenset(row["names"]),
            terms=dict(row["terms"]),
            order_key=row["order_key"],
            latest_year=row.get("latest_year"),
            weekday=row.get("weekday"),
            event_first=row.get("event_first"),
            event_last=row.get("event_last"),
            event_month=row.get("event_month"),
            event_day=row.get("event_day"),
            places=frozenset(row.get("places") or ()),
            quotes=frozenset(row.get("quotes") or ()),
            numbers=frozenset(row.get("numbers") or ()),
            headline_terms=tuple(row.get("headline_terms") or ()),
            recalled=tuple(
                zip(row.get("recalled_first") or (), row.get("recalled_last") or (), strict=True)
            ),
        )


@dataclass(frozen=True, slots=True)
class DocumentFrequencies:
    """Document frequencies of terms and names; the caller may pass corpus-wide counts."""

    n_docs: int
    terms: Mapping[str, int]
    names: Mapping[str, int]
    numbers: Mapping[str, int] = field(default_factory=dict)

    @staticmethod
    @cache
    def background(path: Path | None = None) -> DocumentFrequencies:
        """Frequencies of a fixed background corpus (`BACKGROUND_PATH` by default), cached: a
        term's weight is then the same in every batch, whatever other reports it holds."""
        path = path or BACKGROUND_PATH
        n_docs = 0
        counts: dict[str, dict[str, int]] = {"term": {}, "name": {}, "number": {}}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            kind, key, count = line.split("\t")
            if kind == "documents":
                n_docs = int(count)
            else:
                counts[kind][key] = int(count)
        if n_docs <= 0:
            raise ValueError(f"{path}: no 'documents' line")
        return DocumentFrequencies(n_docs, counts["term"], counts["name"], counts["number"])

    def number_idf(self, number: str) -> float:
        return idf(self.n_docs, self.numbers.get(number, 0))

    def term_idf(self, term: str) -> float:
        return idf(self.n_docs, self.terms.get(term, 0))

    def name_idf(self, name: str) -> float:
        return idf(self.n_docs, self.names.get(name, 0))


def idf(n_docs: int, count: int) -> float:
    """Inverse document frequency of a key `count` of `n_docs` documents carry (smoothed)."""
    return math.log((n_docs + 1) / (count + 1)) + 1.0


@lru_cache(maxsize=1)
def _term_stopwords() -> frozenset[str]:
    return stopwords() | _EXTRA_STOPWORDS


def tokenize_terms(text: str) -> list[str]:
    """Lower-case content words of 3+ letters, years and codes ("ms08-078"), stop words out,
    a crude plural strip. Years and codes separate same-kind events of different times."""
    stop = _term_stopwords()
    terms = []
    for word in _WORD.findall(text.casefold()):
        if word.isdigit() or "-" in word:
            if _YEAR.fullmatch(word) or (not word.isdigit() and any(c.isdigit() for c in word)):
                terms.append(word)
            else:
                parts = word.split("-")
                terms.extend(w for w in parts if w.isalpha() and len(w) > 2 and w not in stop)
            continue
        if len(word) < 3 or word in stop:
            continue
        if word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
            word = word[:-1]
        terms.append(word)
    return terms


def stated_numbers(text: str) -> list[str]:
    """Figures of two or more digits a text states, first stated first, once each, without
    thousands separators; years (1900-2099) are terms already."""
    found: dict[str, None] = {}
    for match in _NUMBER.finditer(text):
        stated = match.group(1)
        number = stated.replace(",", "")
        if len(number.replace(".", "").lstrip("0")) < 2 or _YEAR.fullmatch(stated):
            continue
        found.setdefault(number)
    return list(found)


def order_key(doc_id: str, when: PartialDate) -> str:
    """Sort key by date then doc_id; a date without year sorts after every dated one."""
    year = f"{when.year:04d}" if when.year else "9999"
    return f"{year}-{when.month or 99:02d}-{when.day or 99:02d}|{doc_id}"


def event_features(doc: Document, config: EventConfig) -> EventFeatures:
    """Names, term counts, dates, places and quotes of one document, to store and compare."""
    paragraphs = doc.body_paragraphs
    counts = Counter(tokenize_terms(" ".join(paragraphs)))
    lead = paragraphs[: config.lead_paragraphs]
    for term in tokenize_terms(" ".join(lead)):
        counts[term] += config.lead_repeat - 1
    headline = tokenize_terms(doc.title) if doc.title else []
    for term in headline:
        counts[term] += config.title_repeat
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: config.max_terms]
    when = report_date(doc)
    names = frozenset(extract_names(doc.title, paragraphs))
    first, last, month, day = _event_days(doc, when)
    quotes = sorted({quote.quote_id for quote in extract_quotes(paragraphs)})
    return EventFeatures(
        doc_id=doc.doc_id,
        date=when,
        names=names,
        terms=dict(top),
        order_key=order_key(doc.doc_id, when),
        latest_year=max((m.year for m in doc.mentioned_dates if m.year), default=None),
        weekday=lede_weekday(f"{doc.title or ''}. {' '.join(lead)}"),
        event_first=first,
        event_last=last,
        event_month=month,
        event_day=day,
        places=lede_places(doc.title, lead, names),
        quotes=frozenset(quotes[: config.max_quotes]),
        numbers=frozenset(stated_numbers(" ".join(paragraphs))[: config.max_numbers]),
        headline_terms=tuple(dict.fromkeys(headline)),
        recalled=recalled_days(doc.mentioned_dates, config.max_recalled),
    )


def recalled_days(mentioned: Iterable[PartialDate], limit: int) -> tuple[tuple[date, date], ...]:
    """The days and months a text mentions with their year, as (first, last) day, each once,
    the first `limit` in reading order; a year alone recalls too much to count."""
    found: dict[tuple[date, date], None] = {}
    for when in mentioned:
        if not (when.year and when.month) or len(found) >= limit:
            continue
        if span := interval(when, when.year):
            found.setdefault(span[:2])
    return tuple(found)


def _event_days(
    doc: Document, when: PartialDate
) -> tuple[date | None, date | None, int | None, int | None]:
    """First and last day of the event the lede dates (the clean stage resolved it against
    the report's date), else the month and day it states without a year."""
    published = publication_day(when, doc.date_source)
    if _year_inferred(doc):
        # resolved against a year the text only suggests: its month and day, not its year
        if doc.event_date is None or precision_of(doc.event_date_source) != "day":
            return None, None, None, None
        return None, None, doc.event_date.month, doc.event_date.day
    if doc.event_date is not None and doc.event_date_source is not None:
        last = period_end(doc.event_date, doc.event_date_source, published)
        return doc.event_date, last, None, None
    if published is not None:
        return None, None, None, None
    found = resolve_event_date(doc.title, doc.body_paragraphs, None)
    if found is None:
        return None, None, None, None
    return None, None, found.month, found.day


def report_date(doc: Document) -> PartialDate:
    """The date the report states for itself (its publication evidence); without one, the
    day its text mentions most, as a month and day, when the text names no year to put it
    in: the event gives it its year (and the report its date, date_source 'event'). A day
    whose year the text names is often the day of what the story recalls, so it is not
    used. ecbplus-dev: 29 of 81 such days were years off; F1 0.883 with them, 0.890
    without. A year inferred from the text (the latest it states) is no evidence of when
    either: the report keeps its month and day, and the year stays what it mentions
    (`latest_year`), below which it cannot be dated. ecbplus-dev fitting half: 'Dec. 24' of
    a 2012 game was put in 2008 (a year its text recalls), 1,460 days from its event."""
    if _year_inferred(doc):
        return PartialDate(None, doc.date.month, doc.date.day)
    if doc.date.precision != "unknown" or doc.date.month:
        return doc.date
    day = most_mentioned_day(doc.mentioned_dates)
    if day is None or infer_year(day, doc.mentioned_dates).year:
        return PartialDate()
    return day


def _year_inferred(doc: Document) -> bool:
    """The report's year was filled from the years its text states, not stated with its date."""
    return bool(doc.date.year and doc.date_inferred and doc.year_source == "text")


def document_frequencies(features: Iterable[EventFeatures]) -> DocumentFrequencies:
    """Term and name document frequencies over the given features."""
    features = list(features)
    return DocumentFrequencies(
        len(features),
        Counter(chain.from_iterable(f.terms for f in features)),
        Counter(chain.from_iterable(f.names for f in features)),
        Counter(chain.from_iterable(f.numbers for f in features)),
    )
