"""Group reports into events: TF-IDF text cosine + rare shared names, gated by dates.

The warehouse finds candidate events for new documents by SQL (date window, shared rare
names) and passes them here with their members' features; `assign_events` decides, so the
same input always gives the same `events` and `event_documents` rows. Two occurrences of the
same kind of story (two earthquakes, two arrests) share words and names; what tells them apart
is when: dates, the years undated reports mention, the weekday their ledes name. Pairs that
disagree score lower, and events that disagree as a whole never join (`_Evidence`).
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

from transforms.metadata import infer_year, lede_weekday, most_mentioned_day
from transforms.names import extract_names, stopwords
from transforms.records import Document, PartialDate

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)
_YEAR = re.compile(r"(?:19|20)\d\d")
_EXTRA_STOPWORDS = frozenset(
    ["said", "says", "told", "also", "would", "could", "year", "years", "percent", "according"]
)


@dataclass(frozen=True, slots=True)
class EventConfig:
    """Event grouping thresholds.

    Calibrated on ecbplus-dev (496 articles, 42 events, each topic two events of the same
    kind; benchmarks/events.py runs it through the flow) and on the five seeds (same names,
    separated by dates). Figures below from the one-batch `assign_events` unless noted.
    """

    # Two day-precise dates this close agree ("same": the bonus applies). Seeds: same-event
    # pairs 0-1 day apart; ecbplus-dev: 12 of 21 dated events span <= 8 days.
    date_same_days: int = 3
    # Beyond this gap two dated reports are different events (score 0). ecbplus-dev events
    # with follow-ups span 43-105 days and lose recall at 7 (F1 0.882 -> 0.886 at 30); with
    # the stale-year and weekday evidence below, F1 0.942 at 30, 0.949 at 45, 0.960 at 60,
    # 0.948 at 90, 0.950 at 120. Seeds: different events 100+ days apart, so 60 keeps a margin.
    date_window_days: int = 60
    text_weight: float = 0.6  # TF-IDF cosine of content words; 0.5-0.6 equal on ecbplus
    names_weight: float = 0.4  # IDF-weighted cosine of name keys
    # Added when both dates are day-precise and agree: less text evidence is needed then.
    # Kept below `threshold` so a shared date alone never links two reports.
    date_bonus: float = 0.1
    # Average-linkage score to join an event. ecbplus-dev sweep (0.05-0.3): as given (half
    # the files undated) F1 peaked at 0.18-0.2 (0.884) before the stale-year and weekday
    # evidence; with it 0.12 gives 0.955, 0.13 0.962, 0.14 0.960, 0.16 0.942, 0.18 0.923
    # (0.14 keeps a margin for precision on larger corpora).
    # Seeds: weakest true pair 0.215.
    threshold: float = 0.14
    # A new report scoring this (average linkage) with two existing events merges them.
    # ecbplus-dev fed one report at a time: F1 0.847 at 0.2, 0.867 at 0.25, 0.854 at 0.3,
    # 0.830 at 0.35 (batch: 0.883). Same-event pairs score median 0.32.
    merge_threshold: float = 0.25
    # Terms kept per document (by count): the storage cost per row. ecbplus-dev median is 90
    # distinct terms; F1 0.885 at 50, 0.881 at 100, 0.883 at 200 or all.
    max_terms: int = 50
    title_repeat: int = 2  # the headline counts this many times in the term vector
    lead_paragraphs: int = 2  # the lead states the event; later paragraphs give background
    lead_repeat: int = 2
    # Top TF-IDF terms per document that find candidate pairs (with shared names). ecbplus-dev
    # clusters identically at 5, 8, 15 and exhaustive pairs (F1 0.890 at 8 and 15); on 4,000
    # Reuters reports 8 scores 2.5x fewer pairs than 15 (6.2 s vs 15.3 s) and moves 2 of 1,106
    # groups at 2,000.
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
    # occurrences: their score is multiplied by conflict_factor. ecbplus-dev same-topic
    # pairs: conflict in 1648 of 2957 different-event pairs, 223 of 2925 same-event pairs;
    # through the flow, F1 0.886 without the factor, 0.890 at 0.4, 0.864 at 0 (hard zero).
    salient_count: int = 3
    salient_top: int = 1
    conflict_factor: float = 0.4
    # Undated reports whose latest mentioned year is more than `stale_years` before the year
    # of a dated event are an older occurrence of the same kind of story: such an event (at
    # least `stale_reports` of its reports mention a year) never joins the dated one, and a
    # stale pair's score is multiplied by `stale_factor`. ecbplus-dev same-topic pairs
    # (undated with a year mentioned, dated): stale in 738 of 823 different-event pairs, 88
    # of 332 same-event ones, so one report alone is weak evidence: event rule F1 0.951 at 1
    # report, 0.958 at 2, 0.952 at 3; 0.958 at 1-2 years, 0.944 at 3. The pair factor adds
    # little in one batch (0.958 at 1.0, 0.960 at 0.7, 0.957 at 0.5) but keeps small events
    # apart when reports arrive over many runs (16 runs: F1 0.874 at 1.0, 0.896 at 0.7).
    stale_years: int = 2
    stale_reports: int = 2
    stale_factor: float = 0.7
    # Two ledes naming different weekdays ("on Tuesday" / "early Sunday") report different
    # days: pair score x `weekday_factor`. Same-topic pairs naming weekdays: differ in 565 of
    # 736 different-event pairs, 208 of 760 same-event ones. An event whose ledes agree on a
    # weekday (`weekday_votes` reports, `weekday_share` of those naming one) never joins an
    # event agreeing on another (without this event rule F1 0.948). Pair factor: F1 0.960
    # from 0.8 to 1.0 in one batch; in 4 runs 0.903 at 1.0, 0.917 at 0.9, 0.922 at 0.8.
    weekday_factor: float = 0.9
    weekday_votes: int = 2
    weekday_share: float = 0.67


@dataclass(frozen=True, slots=True)
class EventFeatures:
    """What event matching needs from one document; `to_row` / `from_row` for the warehouse."""

    doc_id: str
    date: PartialDate
    names: frozenset[str]
    terms: Mapping[str, int]  # term -> count
    order_key: str  # "YYYY-MM-DD|doc_id"; undated documents sort last
    # Latest year the text states: a report is not older than the years it mentions.
    latest_year: int | None = None
    weekday: int | None = None  # the weekday the lede names (Monday 0): the event's day

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
        )


@dataclass(frozen=True, slots=True)
class DocumentFrequencies:
    """Document frequencies of terms and names; the caller may pass corpus-wide counts."""

    n_docs: int
    terms: Mapping[str, int]
    names: Mapping[str, int]

    def term_idf(self, term: str) -> float:
        return math.log((self.n_docs + 1) / (self.terms.get(term, 0) + 1)) + 1.0

    def name_idf(self, name: str) -> float:
        return math.log((self.n_docs + 1) / (self.names.get(name, 0) + 1)) + 1.0


@dataclass(frozen=True, slots=True)
class EventAssignment:
    """Result of one `assign_events` call: the event of each new document, and merges."""

    event_of: dict[str, str]  # new doc_id -> event_id (after merges)
    scores: dict[str, float]  # new doc_id -> average-link score when it joined (0: founder)
    merges: list[tuple[str, str]] = field(default_factory=list)  # (absorbed_id, survivor_id)
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


def order_key(doc_id: str, when: PartialDate) -> str:
    """Sort key by date then doc_id; a date without year sorts after every dated one."""
    year = f"{when.year:04d}" if when.year else "9999"
    return f"{year}-{when.month or 99:02d}-{when.day or 99:02d}|{doc_id}"


def event_features(doc: Document, config: EventConfig) -> EventFeatures:
    """Names, term counts and date of one document, ready to store and to compare."""
    paragraphs = doc.body_paragraphs
    counts = Counter(tokenize_terms(" ".join(paragraphs)))
    lead = " ".join(paragraphs[: config.lead_paragraphs])
    for term in tokenize_terms(lead):
        counts[term] += config.lead_repeat - 1
    if doc.title:
        for term in tokenize_terms(doc.title):
            counts[term] += config.title_repeat
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[: config.max_terms]
    when = report_date(doc)
    return EventFeatures(
        doc_id=doc.doc_id,
        date=when,
        names=frozenset(extract_names(doc.title, paragraphs)),
        terms=dict(top),
        order_key=order_key(doc.doc_id, when),
        latest_year=max((m.year for m in doc.mentioned_dates if m.year), default=None),
        weekday=lede_weekday(f"{doc.title or ''}. {lead}"),
    )


def report_date(doc: Document) -> PartialDate:
    """The date the report states for itself (its publication evidence); without one, the
    day its text mentions most, as a month and day, when the text names no year to put it
    in: the event gives it its year (and the report its date, date_source 'event'). A day
    whose year the text names is often the day of what the story recalls, so it is not
    used. ecbplus-dev: 29 of 81 such days were years off; F1 0.883 with them, 0.890
    without."""
    if doc.date.precision != "unknown" or doc.date.month:
        return doc.date
    day = most_mentioned_day(doc.mentioned_dates)
    if day is None or infer_year(day, doc.mentioned_dates).year:
        return PartialDate()
    return day


def document_frequencies(features: Iterable[EventFeatures]) -> DocumentFrequencies:
    """Term and name document frequencies over the given features."""
    terms: Counter[str] = Counter()
    names: Counter[str] = Counter()
    n_docs = 0
    for feature in features:
        n_docs += 1
        terms.update(feature.terms.keys())
        names.update(feature.names)
    return DocumentFrequencies(n_docs, terms, names)


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


def date_relation(a: PartialDate, b: PartialDate, config: EventConfig) -> str:
    """'same' (day-precise, within `date_same_days`), 'apart' (beyond `date_window_days`) or
    'unknown' (undated, imprecise or in between).

    A date without a year is compared in the other's year and its neighbours (so Jul 15 meets
    2016-07-15, Dec 30 meets 2017-01-02); two dates without year in a leap reference year.
    """
    if a.year is None and b.year is not None:
        a, b = b, a
    if a.year is None and (a.month is None or b.month is None):
        return "unknown"
    if b.year is None and b.month is None:
        return "unknown"
    base = a.year if a.year is not None else 2000
    ia = _interval(a, base)
    years = [base] if b.year is not None else [base - 1, base, base + 1]
    ib_all = [_interval(b, b.year if b.year is not None else y) for y in years]
    if ia is None or any(i is None for i in ib_all):
        return "unknown"
    gap = min(max(0, (ib[0] - ia[1]).days, (ia[0] - ib[1]).days) for ib in ib_all if ib is not None)
    if gap > config.date_window_days:
        return "apart"
    precise = ia[2] and all(ib[2] for ib in ib_all if ib is not None)
    return "same" if precise and gap <= config.date_same_days else "unknown"


_UNKNOWN, _SAME, _APART = 0, 1, 2
_RELATION_CODES = {"unknown": _UNKNOWN, "same": _SAME, "apart": _APART}
# Candidate pairs scored at once: the row selections hold up to 50 terms a report, so a slice
# stays near 1M stored entries (~12 MB) whatever the chunk size.
_PAIR_SLICE = 20_000


def _weights(f: EventFeatures, freqs: DocumentFrequencies) -> tuple[dict[str, float], ...]:
    """Normalised TF-IDF term vector and IDF name vector of one report."""
    terms = {t: (1.0 + math.log(c)) * freqs.term_idf(t) for t, c in f.terms.items() if c}
    names = {n: freqs.name_idf(n) for n in f.names}
    return _normalise(terms), _normalise(names)


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


def _last_day(when: PartialDate) -> int:
    """Ordinal of the last day a dated report's date can stand for; 0 for none."""
    interval = _interval(when, when.year) if when.year is not None else None
    return interval[1].toordinal() if interval else 0


class _Batch:
    """The reports of one assignment as arrays, one row each: normalised TF-IDF term and name
    vectors (CSR), salient name terms and the terms counted often enough to cover them, and
    dates as numbers. Pair scoring is the inner loop of event assignment, so `scores` takes
    every candidate pair at once; `similarity` and the pair predicates go through it too."""

    def __init__(
        self, features: list[EventFeatures], freqs: DocumentFrequencies, config: EventConfig
    ) -> None:
        self.config = config
        self.vectors = [_weights(f, freqs) for f in features]
        term_columns: dict[str, int] = {}
        self.terms = _csr([terms for terms, _ in self.vectors], term_columns)
        self.names = _csr([names for _, names in self.vectors], {})
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
                _new_year(f.latest_year) if m else 0
                for f, m in zip(features, self.mentions_only, strict=True)
            ],
            np.int64,
        )
        self.last_day = np.array([_last_day(f.date) for f in features], np.int64)
        self.weekday = np.array([-1 if f.weekday is None else f.weekday for f in features])
        date_ids: dict[PartialDate, int] = {}
        self.date_id = np.array([date_ids.setdefault(f.date, len(date_ids)) for f in features])
        self.dates = list(date_ids)

    def scores(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """Score of each pair (first[k], second[k]): text cosine and rare-name overlap, 0 for
        dates beyond the window, a bonus for agreeing dates, lowered by contrary evidence."""
        parts = [
            self._scores(first[start : start + _PAIR_SLICE], second[start : start + _PAIR_SLICE])
            for start in range(0, len(first), _PAIR_SLICE)
        ]
        return np.concatenate(parts) if parts else np.zeros(0)

    def _scores(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        config = self.config
        relation = self.relations(first, second)
        text = _row_sums(self.terms[first].multiply(self.terms[second]).tocsr())
        names = _row_sums(self.names[first].multiply(self.names[second]).tocsr())
        factor = np.where(self.conflicts(first, second), config.conflict_factor, 1.0)
        score = factor * (config.text_weight * text + config.names_weight * names)
        score = np.where((relation == _SAME) & (score > 0), score + config.date_bonus, score)
        score = np.where(self.stale(first, second), score * config.stale_factor, score)
        score = np.where(self.weekdays_differ(first, second), score * config.weekday_factor, score)
        return np.where(relation == _APART, 0.0, score)

    def relations(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """`date_relation` codes, 'apart' also when an undated report is older than the years
        it mentions; computed once per distinct pair of dates."""
        keys = self.date_id[first] * len(self.dates) + self.date_id[second]
        distinct, inverse = np.unique(keys, return_inverse=True)
        pairs = (divmod(key, len(self.dates)) for key in distinct.tolist())
        codes = [date_relation(self.dates[a], self.dates[b], self.config) for a, b in pairs]
        relation = np.array([_RELATION_CODES[c] for c in codes], np.int8)[inverse.reshape(-1)]
        older = self.older(first, second) | self.older(second, first)
        return np.where(older, _APART, relation)

    def older(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """`first` is undated and states a year that dated `second` lies before, beyond the
        window: a report is not older than the years it mentions."""
        return (
            self.mentions_only[first]
            & (self.last_day[second] > 0)
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
    """Text cosine and rare-name overlap, 0 for dates beyond the window, a bonus for agreeing."""
    batch = _Batch([a, b], idf, config)
    return float(batch.scores(np.array([0]), np.array([1]))[0])


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


def _candidate_pairs(
    features: list[EventFeatures], n_new: int, batch: _Batch, config: EventConfig
) -> set[tuple[int, int]]:
    """Pairs (new, any) sharing rare names or top terms: each new report with the
    `max_candidates` reports that share the most such keys with it."""
    postings: dict[str, list[int]] = defaultdict(list)
    keys_of_new: list[list[str]] = []
    for index, (terms, names) in enumerate(batch.vectors):
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


def assign_events(
    new: list[EventFeatures],
    existing: list[tuple[EventFeatures, str]],
    config: EventConfig,
    freqs: DocumentFrequencies | None = None,
) -> EventAssignment:
    """Place new reports into existing events or new ones, by average linkage.

    New reports cluster among themselves and with the candidate events passed in
    (agglomerative, average linkage, stop below `threshold`); two existing events are never
    joined by linkage, only when one new report scores `merge_threshold` with both (the event
    whose earliest report is older survives). IDF comes from `new` + `existing` unless the
    caller passes corpus-wide `freqs`.
    """
    new = sorted(new, key=lambda f: f.order_key)
    existing = sorted(existing, key=lambda pair: (pair[1], pair[0].order_key))
    features = new + [f for f, _ in existing]
    batch = _Batch(features, freqs or document_frequencies(features), config)
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
    doc_event: dict[int, dict[int, float]] = defaultdict(dict)  # new doc -> event cid -> sum
    pairs = sorted(_candidate_pairs(features, len(new), batch, config))
    first, second = np.array(pairs, np.int64).reshape(-1, 2).T
    for (i, j), score in zip(pairs, batch.scores(first, second).tolist(), strict=True):
        if score <= 0:
            continue
        ci, cj = cluster_of[i], cluster_of[j]
        links[ci][cj] = links[ci].get(cj, 0.0) + score
        links[cj][ci] = links[cj].get(ci, 0.0) + score
        if j >= len(new):
            doc_event[i][cj] = doc_event[i].get(cj, 0.0) + score

    def average(a: int, b: int) -> float:
        return links[a].get(b, 0.0) / (len(clusters[a].members) * len(clusters[b].members))

    # Only pairs at the threshold or above go on the heap: a pair below it is never joined,
    # and a merge that lifts it pushes the merged pair afresh.
    heap = [
        (-score, a, b)
        for a in links
        for b in links[a]
        if a < b and (score := average(a, b)) >= config.threshold
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
            if index < len(new):
                joined_score[index] = -negative
        clusters[keep].members += clusters[drop].members
        clusters[keep].evidence.absorb(clusters[drop].evidence)
        clusters[keep].first_key = min(clusters[keep].first_key, clusters[drop].first_key)
        for other, total in links.pop(drop).items():
            links[other].pop(drop, None)
            if other != keep:
                links[keep][other] = links[keep].get(other, 0.0) + total
                links[other][keep] = links[keep][other]
        links[keep].pop(keep, None)
        del clusters[drop]
        for other in links[keep]:
            if (score := average(keep, other)) >= config.threshold:
                heapq.heappush(heap, (-score, min(keep, other), max(keep, other)))

    event_ids = {
        cid: cluster.event_id or event_id_for(cluster.first_key.split("|", 1)[1])
        for cid, cluster in clusters.items()
    }
    home = {index: cid for cid, cluster in clusters.items() for index in cluster.members}
    survivor: dict[str, str] = {}

    def find(event_id: str) -> str:
        while event_id in survivor:
            event_id = survivor[event_id]
        return event_id

    for index in range(len(new)):
        strong = [
            cid
            for cid, total in doc_event[index].items()
            if total / len(clusters[cid].members) >= config.merge_threshold
        ]
        if home[index] not in strong or len(strong) < 2:
            continue
        for cid in strong:
            a, b = find(event_ids[home[index]]), find(event_ids[cid])
            if a == b or evidence_conflict(
                clusters[home[index]].evidence, clusters[cid].evidence, config
            ):
                continue
            key_a = min(clusters[c].first_key for c in clusters if find(event_ids[c]) == a)
            key_b = min(clusters[c].first_key for c in clusters if find(event_ids[c]) == b)
            older, younger = (a, b) if (key_a, a) <= (key_b, b) else (b, a)
            survivor[younger] = older
            logger.info("event %s merged into %s via %s", younger, older, new[index].doc_id)

    merges = [(absorbed, find(absorbed)) for absorbed in survivor]
    existing_ids = {event_id for _, event_id in existing}
    event_of = {f.doc_id: find(event_ids[home[i]]) for i, f in enumerate(new)}
    return EventAssignment(
        event_of=event_of,
        scores={f.doc_id: round(joined_score.get(i, 0.0), 4) for i, f in enumerate(new)},
        merges=merges,
        new_events=sorted({e for e in event_of.values() if e not in existing_ids}),
    )
