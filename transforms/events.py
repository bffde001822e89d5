"""Group reports into events: learned pair evidence, average linkage, then whole events compared.

The warehouse finds candidate events for new documents by SQL (date window, shared rare
names) and passes them here with their members' features; `assign_events` decides, so the
same input always gives the same `events` and `event_documents` rows. Two occurrences of the
same kind of story (two earthquakes, two arrests) share words and names; what tells them apart
is when: the day the ledes say it happened, the years undated reports mention, the weekday
they name. How much each piece of evidence counts is learned (`transforms/event_model.py`);
dates beyond the window and events whose dates disagree as a whole never join (`_Evidence`).

Reports join by average linkage of the pair probabilities; then a second pass compares the
events themselves (their reports' terms, names, places and quotes pooled, their dates voted)
and merges those the event model finds to be one, so an event whose reports split into two
groups that each say little about the other comes back together.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import numpy as np
from scipy import sparse

from transforms.event_dates import lede_weekday, period_end, publication_day, resolve_event_date
from transforms.event_model import PAIR_FEATURES, EventModel, Regression
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
_EXTRA_STOPWORDS = frozenset(
    ["said", "says", "told", "also", "would", "could", "year", "years", "percent", "according"]
)


@dataclass(frozen=True, slots=True)
class EventConfig:
    """Event grouping settings. What the evidence weighs and the thresholds are learned (the
    `model`); these say what evidence is and how candidates are found.

    Calibrated on ecbplus-dev (496 articles, 42 events, each topic two events of the same
    kind; benchmarks/events.py runs it through the flow) and on the five seeds (same names,
    separated by dates).
    """

    # Two day-precise dates this close agree (`same_day`). Seeds: same-event pairs 0-1 day
    # apart; ecbplus-dev: 12 of 21 dated events span <= 8 days.
    date_same_days: int = 3
    # Beyond this gap two dated reports are different events (probability 0). ecbplus-dev
    # events with follow-ups span 43-105 days; F1 0.942 at 30, 0.949 at 45, 0.960 at 60,
    # 0.948 at 90 (hand-set weights). Seeds: different events 100+ days apart, so 60 keeps a
    # margin.
    date_window_days: int = 60
    # Terms kept per document (by count): the storage cost per row. ecbplus-dev median is 90
    # distinct terms; F1 0.885 at 50, 0.881 at 100, 0.883 at 200 or all.
    max_terms: int = 50
    title_repeat: int = 2  # the headline counts this many times in the term vector
    lead_paragraphs: int = 2  # the lead states the event; later paragraphs give background
    lead_repeat: int = 2
    max_quotes: int = 20  # quotation ids kept per document
    max_numbers: int = 30  # figures kept per document (the first stated)
    # Top TF-IDF terms per document that find candidate pairs (with shared names). ecbplus-dev
    # clusters identically at 5, 8, 15 and exhaustive pairs; on 4,000 Reuters reports 8
    # scores 2.5x fewer pairs than 15 (6.2 s vs 15.3 s) and moves 2 of 1,106 groups at 2,000.
    block_terms: int = 8
    # A block key shared by more than a tenth of the reports (at least 50) links none of
    # them: such a name or term is common, not evidence. The cap bounds blocks at scale,
    # where a tenth of 10^5 reports would make candidate pairs grow quadratically.
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
    # F1 0.951 at 1 report, 0.958 at 2, 0.952 at 3; 0.958 at 1-2 years, 0.944 at 3.
    stale_years: int = 2
    stale_reports: int = 2
    # An event whose reports agree on a weekday (`weekday_votes` reports, `weekday_share` of
    # those naming one) never joins an event agreeing on another (F1 0.948 without the rule).
    weekday_votes: int = 2
    weekday_share: float = 0.67
    # Terms of an event's pooled profile (the second pass): its reports' counts summed. The
    # second pass keeps `date_window_days` around an event's span of dates: a longer one
    # (365) merged the seeds' Kerry-Lavrov talks of December 2015 and March 2016.
    event_terms: int = 200
    # Weights and thresholds, learned (transforms/data/event_model.json).
    model: EventModel = field(default_factory=EventModel.load)


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
        )


@dataclass(frozen=True, slots=True)
class DocumentFrequencies:
    """Document frequencies of terms and names; the caller may pass corpus-wide counts."""

    n_docs: int
    terms: Mapping[str, int]
    names: Mapping[str, int]
    numbers: Mapping[str, int] = field(default_factory=dict)

    def number_idf(self, number: str) -> float:
        return math.log((self.n_docs + 1) / (self.numbers.get(number, 0) + 1)) + 1.0

    def term_idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.terms.get(term, 0) + 1)) + 1.0

    def name_idf(self, name: str) -> float:
        return math.log((self.n_docs + 1) / (self.names.get(name, 0) + 1)) + 1.0


@dataclass(frozen=True, slots=True)
class EventAssignment:
    """Result of one `assign_events` call: the event of each new document, and merges."""

    event_of: dict[str, str]  # new doc_id -> event_id (after merges)
    scores: dict[str, float]  # new doc_id -> average evidence when it joined (0: founder)
    # (absorbed_id, survivor_id, probability): existing events the second pass found to be one
    merges: list[tuple[str, str, float]] = field(default_factory=list)
    new_events: list[str] = field(default_factory=list)


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
    )


def _event_days(
    doc: Document, when: PartialDate
) -> tuple[date | None, date | None, int | None, int | None]:
    """First and last day of the event the lede dates (the clean stage resolved it against
    the report's date), else the month and day it states without a year."""
    published = publication_day(when, doc.date_source)
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
    """The date the report states for itself. A full date found only in the running text
    (date_source 'text') is often the day of what the story recalls, so it is not used; a
    month and day without a year stay, for the event to give them its year. ecbplus-dev:
    29 of 81 text dates were years off; F1 0.883 with them, 0.890 without."""
    if doc.date_source == "text" and doc.date.year:
        return PartialDate()
    return doc.date


def document_frequencies(features: Iterable[EventFeatures]) -> DocumentFrequencies:
    """Term and name document frequencies over the given features."""
    terms: Counter[str] = Counter()
    names: Counter[str] = Counter()
    numbers: Counter[str] = Counter()
    n_docs = 0
    for feature in features:
        n_docs += 1
        terms.update(feature.terms.keys())
        names.update(feature.names)
        numbers.update(feature.numbers)
    return DocumentFrequencies(n_docs, terms, names, numbers)


def _interval(when: PartialDate, year: int) -> tuple[date, date, bool] | None:
    """First and last day `when` can stand for in `year`, and whether it is day-precise."""
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


# When a report's event happened, as far as it says: (first, last) ordinal days, or a month
# and day (day 0: the whole month) of an unknown year, or nothing.
_When = tuple[int, int, int, int]
_NO_WHEN: _When = (0, 0, 0, 0)


def _when_of(f: EventFeatures) -> _When:
    """The event's days when the lede dates it, else the report's own date."""
    if f.event_first is not None and f.event_last is not None:
        return f.event_first.toordinal(), f.event_last.toordinal(), 0, 0
    return _when_of_date(f.date, f.event_month, f.event_day)


def _when_of_date(when: PartialDate, month: int | None = None, day: int | None = None) -> _When:
    if when.year is not None:
        interval = _interval(when, when.year)
        if interval is not None:
            return interval[0].toordinal(), interval[1].toordinal(), 0, 0
        return _NO_WHEN
    if month and day:
        return 0, 0, month, day
    if when.month:
        return 0, 0, when.month, when.day or 0
    return _NO_WHEN


def _in_year(month: int, day: int, year: int) -> tuple[int, int] | None:
    interval = _interval(PartialDate(year, month, day or None), year)
    return (interval[0].toordinal(), interval[1].toordinal()) if interval else None


def _gap(a: _When, b: _When) -> tuple[int | None, bool]:
    """Days between two whens (None when unknown), and whether both are single days. A month
    and day without a year is placed in the other's year and its neighbours (so Jul 15 meets
    2016-07-15, Dec 30 meets 2017-01-02); two without a year in a leap reference year."""
    if a[0] == 0 and b[0] > 0:
        a, b = b, a
    if a[0] == 0 and (a[2] == 0 or b[2] == 0):
        return None, False
    if b[0] == 0 and b[2] == 0:
        return None, False
    if a[0] > 0:
        first, last = a[0], a[1]
        base = date.fromordinal(first).year
    else:
        placed = _in_year(a[2], a[3], 2000)
        if placed is None:
            return None, False
        (first, last), base = placed, 2000
    if b[0] > 0:
        others = [(b[0], b[1])]
    else:
        others = [i for y in (base - 1, base, base + 1) if (i := _in_year(b[2], b[3], y))]
        if len(others) < 3:
            return None, False
    gap = min(max(0, other[0] - last, first - other[1]) for other in others)
    return gap, first == last and all(other[0] == other[1] for other in others)


def date_relation(a: PartialDate, b: PartialDate, config: EventConfig) -> str:
    """'same' (day-precise, within `date_same_days`), 'apart' (beyond `date_window_days`) or
    'unknown' (undated, imprecise or in between)."""
    return _RELATION_NAMES[_relation(_when_of_date(a), _when_of_date(b), config)[0]]


def _relation(a: _When, b: _When, config: EventConfig) -> tuple[int, int]:
    """Relation code and gap in days (-1 when unknown) of two whens."""
    gap, precise = _gap(a, b)
    if gap is None:
        return _UNKNOWN, -1
    if gap > config.date_window_days:
        return _APART, gap
    return (_SAME if precise and gap <= config.date_same_days else _UNKNOWN), gap


_UNKNOWN, _SAME, _APART = 0, 1, 2
_RELATION_NAMES = {_UNKNOWN: "unknown", _SAME: "same", _APART: "apart"}
# Candidate pairs scored at once: the row selections hold up to 50 terms a report, so a slice
# stays near 1M stored entries (~12 MB) whatever the chunk size.
_PAIR_SLICE = 20_000


def _weights(f: EventFeatures, freqs: DocumentFrequencies) -> tuple[dict[str, float], ...]:
    """Normalised TF-IDF term vector, IDF name and place vectors of one report."""
    terms = {t: (1.0 + math.log(c)) * freqs.term_idf(t) for t, c in f.terms.items() if c}
    names = {n: freqs.name_idf(n) for n in f.names}
    places = {p: freqs.name_idf(p) for p in f.places}
    return _normalise(terms), _normalise(names), _normalise(places)


def _normalise(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def _csr(rows: list[dict[str, float]], columns: dict[str, int]) -> sparse.csr_matrix:
    """Rows of sparse vectors as a CSR matrix, columns numbered as `columns` (grown here)."""
    indptr, indices, data = [0], [], []
    for row in rows:
        indices.extend(columns.setdefault(key, len(columns)) for key in row)
        data.extend(row.values())
        indptr.append(len(indices))
    shape = (len(rows), max(len(columns), 1))
    matrix = sparse.csr_matrix((np.array(data, float), np.array(indices, np.int64), indptr), shape)
    matrix.sort_indices()
    return matrix


def _row_sums(matrix: sparse.csr_matrix) -> np.ndarray:
    """Row sums as `math.fsum` gives them, whatever the column order: a pair's score must not
    depend on how its shared terms happen to be numbered. TwoSum-compensated, so equal to the
    correctly rounded sum unless it lies within ~50 * 2**-106 (relative) of a rounding tie."""
    lengths = np.diff(matrix.indptr)
    order = np.argsort(-lengths, kind="stable")
    starts, lengths = matrix.indptr[:-1][order], lengths[order]
    total, error = np.zeros(len(order)), np.zeros(len(order))
    for position in range(int(lengths[0]) if len(lengths) else 0):
        active = int(np.count_nonzero(lengths > position))
        value, running = matrix.data[starts[:active] + position], total[:active]
        added = running + value
        virtual = added - running
        error[:active] += (running - (added - virtual)) + (value - virtual)
        total[:active] = added
    sums = np.empty(len(order))
    sums[order] = total + error
    return sums


def _new_year(year: int) -> int:
    """Ordinal of 1 January of `year` (as `date.toordinal`), for any year a text may state."""
    before = year - 1
    return before * 365 + before // 4 - before // 100 + before // 400 + 1


class _Batch:
    """The reports of one assignment as arrays, one row each: normalised TF-IDF term, name and
    place vectors and quotation ids (CSR), salient name terms and the terms counted often
    enough to cover them, and dates as numbers. Pair scoring is the inner loop of event
    assignment, so `evidence` takes every candidate pair at once; `similarity`, `explain_pair`
    and the pair predicates go through it too."""

    def __init__(
        self, features: list[EventFeatures], freqs: DocumentFrequencies, config: EventConfig
    ) -> None:
        self.config = config
        self.vectors = [_weights(f, freqs) for f in features]
        term_columns: dict[str, int] = {}
        self.terms = _csr([terms for terms, _, _ in self.vectors], term_columns)
        self.names = _csr([names for _, names, _ in self.vectors], {})
        self.places = _csr([places for _, _, places in self.vectors], {})
        self.quotes = _csr([dict.fromkeys(f.quotes, 1.0) for f in features], {})
        numbers = [_normalise({n: freqs.number_idf(n) for n in f.numbers}) for f in features]
        self.numbers = _csr(numbers, {})
        # a salient term is a covered one (counted salient_count times): both matrices as wide
        covered = [
            {t: 1.0 for t, c in f.terms.items() if c >= config.salient_count} for f in features
        ]
        salient = [{_name_term(n): 1.0 for n in salient_names(f, config)} for f in features]
        self.covered = _csr(covered, term_columns)
        self.salient = _csr(salient, term_columns)
        self.n_salient = np.diff(self.salient.indptr)
        self.dated = np.array([f.date.year is not None for f in features])
        self.year = np.array([f.date.year or 0 for f in features], np.int64)
        self.latest = np.array([f.latest_year or 0 for f in features], np.int64)
        # undated reports that state a year: only they can be older than a dated one
        self.mentions_only = np.array(
            [f.date.year is None and f.latest_year is not None for f in features]
        )
        self.mentions_start = np.array(
            [
                _new_year(f.latest_year) if m and f.latest_year else 0
                for f, m in zip(features, self.mentions_only, strict=True)
            ],
            np.int64,
        )
        whens = [_when_of(f) for f in features]
        self.last_day = np.array([w[1] for w in whens], np.int64)
        self.weekday = np.array([-1 if f.weekday is None else f.weekday for f in features])
        when_ids: dict[_When, int] = {}
        self.when_id = np.array([when_ids.setdefault(w, len(when_ids)) for w in whens])
        self.whens = list(when_ids)

    def scores(
        self, first: np.ndarray, second: np.ndarray, regression: Regression | None = None
    ) -> np.ndarray:
        """Evidence that each pair (first[k], second[k]) reports one event: the log-odds its
        features add (`regression`: the model's report one unless given), floored at 0 (evidence
        against counts as none, as for a pair never scored), 0 for dates beyond the window."""
        regression = regression or self.config.model.reports
        parts = []
        for start in range(0, len(first), _PAIR_SLICE):
            window = slice(start, start + _PAIR_SLICE)
            evidence, apart = self.evidence(first[window], second[window])
            parts.append(np.where(apart, 0.0, np.maximum(regression.score(evidence), 0.0)))
        return np.concatenate(parts) if parts else np.zeros(0)

    def evidence(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The `PAIR_FEATURES` of each pair as columns, and which pairs lie beyond the window."""
        config = self.config
        relation, gap = self.relations(first, second)
        columns = {
            "text": _row_sums(self.terms[first].multiply(self.terms[second]).tocsr()),
            "names": _row_sums(self.names[first].multiply(self.names[second]).tocsr()),
            "places": _row_sums(self.places[first].multiply(self.places[second]).tocsr()),
            "quotes": self.quotes[first].multiply(self.quotes[second]).tocsr().getnnz(axis=1) > 0,
            "numbers": _row_sums(self.numbers[first].multiply(self.numbers[second]).tocsr()),
            "same_day": relation == _SAME,
            "days_apart": np.where(
                (relation == _UNKNOWN) & (gap > config.date_same_days),
                np.minimum(gap, config.date_window_days) / config.date_window_days,
                0.0,
            ),
            "conflict": self.conflicts(first, second),
            "stale": self.stale(first, second),
            "weekday_differ": self.weekdays_differ(first, second),
            "years_differ": self.years_differ(first, second),
        }
        overlap = (columns["text"] + columns["names"]) / 2
        for name in ("conflict", "stale", "weekday_differ"):
            columns[f"{name.split('_')[0]}_overlap"] = columns[name] * overlap
        matrix = np.column_stack([np.asarray(columns[name], float) for name in PAIR_FEATURES])
        return matrix.reshape(len(first), len(PAIR_FEATURES)), relation == _APART

    def relations(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Relation codes and gaps in days (-1: unknown) of each pair's whens, 'apart' also
        when an undated report is older than the years it mentions; computed once per
        distinct pair of whens."""
        keys = self.when_id[first] * len(self.whens) + self.when_id[second]
        distinct, inverse = np.unique(keys, return_inverse=True)
        pairs = (divmod(key, len(self.whens)) for key in distinct.tolist())
        found = [_relation(self.whens[a], self.whens[b], self.config) for a, b in pairs]
        codes = np.array([c for c, _ in found] or [0], np.int8)[inverse.reshape(-1)]
        gaps = np.array([g for _, g in found] or [0], np.int64)[inverse.reshape(-1)]
        older = self.older(first, second) | self.older(second, first)
        return np.where(older, _APART, codes), gaps

    def older(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """`first` is undated and states a year that dated `second` lies before, beyond the
        window: a report is not older than the years it mentions."""
        return (
            self.mentions_only[first]
            & (self.last_day[second] > 0)
            & (self.year[second] > 0)
            & (self.year[second] < self.latest[first])
            & (self.mentions_start[first] - self.last_day[second] > self.config.date_window_days)
        )

    def conflicts(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Each report centres on a name the other mentions fewer than `salient_count` times."""
        in_second = self.salient[first].multiply(self.covered[second]).tocsr().getnnz(axis=1)
        in_first = self.salient[second].multiply(self.covered[first]).tocsr().getnnz(axis=1)
        return (in_second < self.n_salient[first]) & (in_first < self.n_salient[second])

    def stale(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """One report is undated and mentions only years well before the other's date."""

        def older_years(x: np.ndarray, y: np.ndarray) -> np.ndarray:
            return (
                self.mentions_only[x]
                & self.dated[y]
                & (self.latest[x] < self.year[y] - self.config.stale_years)
            )

        return older_years(first, second) | older_years(second, first)

    def weekdays_differ(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Both ledes name the day of what they report, and not the same one."""
        day_a, day_b = self.weekday[first], self.weekday[second]
        return (day_a >= 0) & (day_b >= 0) & (day_a != day_b)

    def years_differ(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Both are undated and the latest years they mention lie more than `stale_years`
        apart: two occurrences years apart."""
        both = self.mentions_only[first] & self.mentions_only[second]
        return both & (np.abs(self.latest[first] - self.latest[second]) > self.config.stale_years)


def _pair(
    a: EventFeatures, b: EventFeatures, config: EventConfig
) -> tuple[_Batch, np.ndarray, np.ndarray]:
    """A batch of two reports and the index arrays of their one pair: the pair predicates
    below are the batch's, so they cannot drift from what assignment scores."""
    return _Batch([a, b], document_frequencies([a, b]), config), np.array([0]), np.array([1])


def older_than_mentions(a: EventFeatures, b: EventFeatures, config: EventConfig) -> bool:
    """True when undated `a` states a year that dated `b` lies before (beyond the window):
    a report is not older than the years it mentions, so it cannot report `b`'s event."""
    batch, first, second = _pair(a, b, config)
    return bool(batch.older(first, second)[0])


@lru_cache(maxsize=65536)
def _name_term(name: str) -> str | None:
    """The one term a one-word name counts as, or None for longer names."""
    terms = tokenize_terms(name)
    return terms[0] if len(terms) == 1 else None


def salient_names(f: EventFeatures, config: EventConfig) -> list[str]:
    """One-word names the report keeps repeating (by term count): whom the story is about."""
    counted = [(_name_count(f, n), n) for n in f.names if " " not in n]
    counted = sorted((c, n) for c, n in counted if c >= config.salient_count)
    return [name for _, name in reversed(counted[-config.salient_top :])]


def _name_count(f: EventFeatures, name: str) -> int:
    term = _name_term(name)
    return f.terms.get(term, 0) if term else 0


def names_conflict(a: EventFeatures, b: EventFeatures, config: EventConfig) -> bool:
    """Each report centres on a name the other hardly mentions: two occurrences, not one."""
    batch, first, second = _pair(a, b, config)
    return bool(batch.conflicts(first, second)[0])


def stale_pair(a: EventFeatures, b: EventFeatures, config: EventConfig) -> bool:
    """One report is undated and mentions only years well before the other's date."""
    batch, first, second = _pair(a, b, config)
    return bool(batch.stale(first, second)[0])


def weekdays_differ(a: EventFeatures, b: EventFeatures) -> bool:
    """Both ledes name the day of what they report, and not the same one."""
    batch, first, second = _pair(a, b, EventConfig())
    return bool(batch.weekdays_differ(first, second)[0])


def similarity(
    a: EventFeatures, b: EventFeatures, idf: DocumentFrequencies, config: EventConfig
) -> float:
    """Evidence that two reports report one event, as linkage averages it (log-odds over
    none, floored at 0; 0 for dates beyond the window)."""
    batch = _Batch([a, b], idf, config)
    return float(batch.scores(np.array([0]), np.array([1]))[0])


def explain_pair(
    a: EventFeatures, b: EventFeatures, idf: DocumentFrequencies, config: EventConfig
) -> dict[str, float]:
    """What each piece of evidence added to the log-odds that `a` and `b` report one event,
    with the evidence itself ('<feature>=' keys), the probability, the score linkage averages
    and 'apart' (1 when their dates lie beyond the window: no evidence can join them)."""
    batch = _Batch([a, b], idf, config)
    evidence, apart = batch.evidence(np.array([0]), np.array([1]))
    parts = config.model.reports.explain(evidence[0])
    values = {f"{name}=": float(v) for name, v in zip(PAIR_FEATURES, evidence[0], strict=True)}
    probability = 0.0 if apart[0] else float(config.model.reports.probability(evidence)[0])
    score = float(batch.scores(np.array([0]), np.array([1]))[0])
    return parts | values | {"probability": probability, "score": score, "apart": float(apart[0])}


def event_id_for(doc_id: str) -> str:
    """Deterministic id of an event founded by `doc_id` (its earliest member)."""
    return "e" + hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class _Evidence:
    """What a cluster's members say about when its event happened, summed as they join."""

    years: Counter[int] = field(default_factory=Counter)  # stated report years
    latest: int | None = None  # latest year any member mentions
    mentioning: int = 0  # members that mention a year
    weekdays: Counter[int] = field(default_factory=Counter)  # weekdays the ledes name

    @classmethod
    def of(cls, f: EventFeatures) -> _Evidence:
        return cls(
            Counter([f.date.year] if f.date.year else []),
            f.latest_year,
            int(f.latest_year is not None),
            Counter([f.weekday] if f.weekday is not None else []),
        )

    @classmethod
    def of_all(cls, members: Iterable[EventFeatures]) -> _Evidence:
        evidence = cls()
        for f in members:
            evidence.absorb(cls.of(f))
        return evidence

    def absorb(self, other: _Evidence) -> None:
        self.years += other.years
        self.weekdays += other.weekdays
        self.mentioning += other.mentioning
        if other.latest is not None:
            self.latest = max(self.latest or other.latest, other.latest)

    def year(self) -> int | None:
        return self.years.most_common(1)[0][0] if self.years else None

    def weekday(self, config: EventConfig) -> int | None:
        if not self.weekdays:
            return None
        (day, votes), total = self.weekdays.most_common(1)[0], sum(self.weekdays.values())
        if votes >= config.weekday_votes and votes >= config.weekday_share * total:
            return day
        return None


def _year_conflict(a: _Evidence, b: _Evidence, config: EventConfig) -> bool:
    """`a` is dated by its reports, `b` undated and mentioning only years well before."""
    year = a.year()
    return (
        year is not None
        and not b.years
        and b.latest is not None
        and b.mentioning >= config.stale_reports
        and b.latest < year - config.stale_years
    )


def evidence_conflict(a: _Evidence, b: _Evidence, config: EventConfig) -> bool:
    """Two clusters that cannot be one event: years or weekdays disagree."""
    if _year_conflict(a, b, config) or _year_conflict(b, a, config):
        return True
    day_a, day_b = a.weekday(config), b.weekday(config)
    return day_a is not None and day_b is not None and day_a != day_b


@dataclass
class _Cluster:
    members: list[int]
    event_id: str | None  # set for an event that already exists
    first_key: str
    evidence: _Evidence = field(default_factory=_Evidence)

    def absorb(self, other: _Cluster) -> None:
        self.members += other.members
        self.evidence.absorb(other.evidence)
        self.first_key = min(self.first_key, other.first_key)


def _candidate_pairs(
    features: list[EventFeatures], n_new: int, batch: _Batch, config: EventConfig
) -> set[tuple[int, int]]:
    """Pairs (new, any) sharing rare names or top terms: each new report with the
    `max_candidates` reports that share the most such keys with it."""
    postings: dict[str, list[int]] = defaultdict(list)
    keys_of_new: list[list[str]] = []
    for index, (terms, names, _) in enumerate(batch.vectors):
        top = sorted(terms, key=lambda t: (-terms[t], t))[: config.block_terms]
        # sorted: names come from a frozenset, whose order (and so which of the reports tied
        # on shared keys are kept) would change from one process to the next
        keys = [f"t:{t}" for t in top] + [f"n:{n}" for n in sorted(names)]
        if index < n_new:
            keys_of_new.append(keys)
        for key in keys:
            postings[key].append(index)
    limit = min(max(50, len(features) // 10), config.block_max_reports)
    pairs: set[tuple[int, int]] = set()
    for i, keys in enumerate(keys_of_new):
        shared: Counter[int] = Counter()
        for key in keys:
            if len(postings[key]) <= limit:
                shared.update(postings[key])
        del shared[i]
        for j, _ in shared.most_common(config.max_candidates):
            pairs.add((i, j) if j >= n_new or i < j else (j, i))
    return pairs


def _most_common(values: Iterable[Any]) -> Any:
    """The most frequent value, the smallest on ties (None for none)."""
    counts = Counter(values)
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], value))


def pooled_features(
    members: list[EventFeatures], evidence: _Evidence | None, config: EventConfig
) -> EventFeatures:
    """One event as one report: its reports' term counts summed (the `event_terms` most
    counted), their names, places and quotes together, and the dates most of them give."""
    evidence = evidence or _Evidence.of_all(members)
    terms: Counter[str] = Counter()
    for f in members:
        terms.update(f.terms)
    top = sorted(terms.items(), key=lambda item: (-item[1], item[0]))[: config.event_terms]
    dated = _most_common(
        (f.date.year, f.date.month or 0, f.date.day or 0) for f in members if f.date.year
    )
    yearless = _most_common(
        (f.date.month, f.date.day or 0) for f in members if not f.date.year and f.date.month
    )
    if dated:
        when = PartialDate(dated[0], dated[1] or None, dated[2] or None)
    elif yearless:
        when = PartialDate(None, yearless[0], yearless[1] or None)
    else:
        when = PartialDate()
    # the event spans its reports' dates: a follow-up is as near as the nearest report
    spans = [(w[0], w[1]) for w in map(_when_of, members) if w[0] > 0]
    interval = (
        (date.fromordinal(min(a for a, _ in spans)), date.fromordinal(max(b for _, b in spans)))
        if spans
        else None
    )
    month_day = _most_common(
        (f.event_month, f.event_day) for f in members if f.event_month and f.event_day
    )
    return EventFeatures(
        doc_id=min(f.doc_id for f in members),
        date=when,
        names=frozenset().union(*(f.names for f in members)),
        terms=dict(top),
        order_key=min(f.order_key for f in members),
        latest_year=evidence.latest,
        weekday=evidence.weekday(config),
        event_first=interval[0] if interval else None,
        event_last=interval[1] if interval else None,
        event_month=month_day[0] if month_day else None,
        event_day=month_day[1] if month_day else None,
        places=frozenset().union(*(f.places for f in members)),
        quotes=frozenset().union(*(f.quotes for f in members)),
        numbers=frozenset().union(*(f.numbers for f in members)),
    )


def assign_events(
    new: list[EventFeatures],
    existing: list[tuple[EventFeatures, str]],
    config: EventConfig,
    freqs: DocumentFrequencies | None = None,
) -> EventAssignment:
    """Place new reports into existing events or new ones, then merge events that are one.

    First pass: new reports cluster among themselves and with the candidate events passed in
    (agglomerative, average linkage of the report model's probabilities, stop below the
    model's `threshold`); two existing events are never joined by linkage. Second pass
    (`_merge_events`): groups that share evidence are compared as wholes by the event model,
    existing events too (the older survives, recorded in `merges`). Groups whose dates
    disagree (`evidence_conflict`) never join in either pass. IDF comes from `new` +
    `existing` unless the caller passes corpus-wide `freqs`.
    """
    new = sorted(new, key=lambda f: f.order_key)
    existing = sorted(existing, key=lambda pair: (pair[1], pair[0].order_key))
    features = new + [f for f, _ in existing]
    freqs = freqs or document_frequencies(features)
    batch = _Batch(features, freqs, config)
    clusters: dict[int, _Cluster] = {
        i: _Cluster([i], None, f.order_key, _Evidence.of(f)) for i, f in enumerate(new)
    }
    cluster_of = list(range(len(new)))
    event_cluster: dict[str, int] = {}
    for offset, (feature, event_id) in enumerate(existing, start=len(new)):
        cid = event_cluster.setdefault(event_id, offset)
        cluster = clusters.setdefault(cid, _Cluster([], event_id, feature.order_key))
        cluster.members.append(offset)
        cluster.evidence.absorb(_Evidence.of(feature))
        cluster.first_key = min(cluster.first_key, feature.order_key)
        cluster_of.append(cid)

    links: dict[int, dict[int, float]] = defaultdict(dict)
    pairs = sorted(_candidate_pairs(features, len(new), batch, config))
    first, second = np.array(pairs, np.int64).reshape(-1, 2).T
    for (i, j), score in zip(pairs, batch.scores(first, second).tolist(), strict=True):
        if score <= 0:
            continue
        ci, cj = cluster_of[i], cluster_of[j]
        if ci != cj:
            links[ci][cj] = links[ci].get(cj, 0.0) + score
            links[cj][ci] = links[cj].get(ci, 0.0) + score

    joined_score = _link(clusters, links, len(new), config)
    merges = _merge_events(clusters, group_pairs(clusters, pairs), features, freqs, config)
    event_ids = {
        cid: cluster.event_id or event_id_for(cluster.first_key.split("|", 1)[1])
        for cid, cluster in clusters.items()
    }
    home = {index: cid for cid, cluster in clusters.items() for index in cluster.members}
    existing_ids = {event_id for _, event_id in existing}
    event_of = {f.doc_id: event_ids[home[i]] for i, f in enumerate(new)}
    return EventAssignment(
        event_of=event_of,
        scores={f.doc_id: round(joined_score.get(i, 0.0), 4) for i, f in enumerate(new)},
        merges=merges,
        new_events=sorted({e for e in event_of.values() if e not in existing_ids}),
    )


def _link(
    clusters: dict[int, _Cluster],
    links: dict[int, dict[int, float]],
    n_new: int,
    config: EventConfig,
) -> dict[int, float]:
    """Average linkage in place: join the closest pair of groups while its average pair
    evidence reaches the threshold; the average at which each new report joined."""
    threshold = config.model.threshold

    def average(a: int, b: int) -> float:
        return links[a].get(b, 0.0) / (len(clusters[a].members) * len(clusters[b].members))

    # Only pairs at the threshold or above go on the heap: a pair below it is never joined,
    # and a merge that lifts it pushes the merged pair afresh.
    heap = [
        (-score, a, b)
        for a in links
        for b in links[a]
        if a < b and (score := average(a, b)) >= threshold
    ]
    heapq.heapify(heap)
    joined_score: dict[int, float] = {}
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in clusters or b not in clusters or -negative != average(a, b):
            continue
        if clusters[a].event_id and clusters[b].event_id:
            continue
        if evidence_conflict(clusters[a].evidence, clusters[b].evidence, config):
            continue
        keep, drop = (a, b) if clusters[b].event_id is None else (b, a)
        for index in clusters[drop].members:
            if index < n_new:
                joined_score[index] = -negative
        clusters[keep].absorb(clusters[drop])
        _fold_links(links, keep, drop)
        del clusters[drop]
        for other in links[keep]:
            if (score := average(keep, other)) >= threshold:
                heapq.heappush(heap, (-score, min(keep, other), max(keep, other)))
    return joined_score


def _fold_links(links: dict[int, dict[int, float]], keep: int, drop: int) -> None:
    """Links of `drop` become links of `keep` (summed), `drop` is gone."""
    for other, total in links.pop(drop, {}).items():
        links[other].pop(drop, None)
        if other != keep:
            links[keep][other] = links[keep].get(other, 0.0) + total
            links[other][keep] = links[keep][other]
    links[keep].pop(keep, None)


def group_pairs(
    clusters: dict[int, _Cluster], report_pairs: Iterable[tuple[int, int]]
) -> list[tuple[int, int]]:
    """Pairs of groups that a candidate pair of reports joins, whatever its score: a report
    dated beyond the window of every report of its event may still lie within the event's."""
    home = {index: cid for cid, cluster in clusters.items() for index in cluster.members}
    return sorted(
        {(min(home[i], home[j]), max(home[i], home[j])) for i, j in report_pairs}
        - {(c, c) for c in clusters}
    )


def _merge_events(
    clusters: dict[int, _Cluster],
    pairs: list[tuple[int, int]],
    features: list[EventFeatures],
    freqs: DocumentFrequencies,
    config: EventConfig,
) -> list[tuple[str, str, float]]:
    """Second pass, in place: groups that candidate pairs of reports join (`group_pairs`),
    compared as wholes (their reports pooled), merge when the event model's evidence reaches
    `merge_threshold`, strongest first, unless their dates disagree. Returns the existing
    events absorbed into another (absorbed, survivor, the model's probability): the older
    survives."""
    if not pairs:
        return []
    involved = sorted({cid for pair in pairs for cid in pair})
    position = {cid: k for k, cid in enumerate(involved)}
    pooled = [
        pooled_features(
            [features[i] for i in clusters[cid].members], clusters[cid].evidence, config
        )
        for cid in involved
    ]
    batch = _Batch(pooled, freqs, config)
    first = np.array([position[a] for a, _ in pairs], np.int64)
    second = np.array([position[b] for _, b in pairs], np.int64)
    scores = batch.scores(first, second, config.model.events).tolist()
    ranked = sorted(zip(scores, pairs, strict=True), key=lambda x: (-x[0], x[1]))
    root: dict[int, int] = {}

    def find(cid: int) -> int:
        while cid in root:
            cid = root[cid]
        return cid

    merges: list[tuple[str, str, float]] = []
    intercept = config.model.events.intercept
    for score, (a, b) in ranked:
        if score < config.model.merge_threshold:
            break
        probability = 1.0 / (1.0 + math.exp(-(intercept + score)))
        a, b = find(a), find(b)
        if a == b or evidence_conflict(clusters[a].evidence, clusters[b].evidence, config):
            continue
        older, younger = sorted((a, b), key=lambda c: (clusters[c].event_id is None, c))
        if clusters[older].event_id and clusters[younger].event_id:
            older, younger = sorted(
                (a, b), key=lambda c: (clusters[c].first_key, clusters[c].event_id)
            )
            merges.append((clusters[younger].event_id, clusters[older].event_id, probability))
            logger.info(
                "event %s merged into %s (p=%.3f)",
                clusters[younger].event_id,
                clusters[older].event_id,
                probability,
            )
        clusters[older].absorb(clusters[younger])
        del clusters[younger]
        root[younger] = older
    return merges
