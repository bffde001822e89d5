"""The evidence about a pair of reports (or of events, pooled), all candidate pairs at once.

`_Batch` holds the reports of one assignment as arrays (CSR term, name, place, figure and
quotation vectors; dates as day numbers) and gives each candidate pair its `PAIR_FEATURES`
and the score linkage averages (the learned log-odds, `transforms/event_model.py`). Dates
gate: two reports whose event days (as their ledes say, else their own dates) lie more than
`date_window_days` apart score 0. The pair predicates and `explain_pair` go through a batch of
two, so they cannot drift from what assignment scores.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from functools import lru_cache

import numpy as np
from scipy import sparse

from transforms.event_features import (
    DocumentFrequencies,
    EventConfig,
    EventFeatures,
    document_frequencies,
    tokenize_terms,
)
from transforms.event_model import PAIR_FEATURES, Regression
from transforms.records import PartialDate


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
