"""The evidence about a pair of reports (or of events, pooled), all candidate pairs at once.

`_Batch` holds the reports of one assignment as arrays (CSR term, name, place, figure and
quotation vectors; dates as day numbers) and gives each candidate pair its `PAIR_FEATURES`
and the score linkage averages (the learned log-odds, `transforms/event_model.py`). Dates
gate: two reports whose event days (as their ledes say, else their own dates) lie more than
`date_window_days` apart score 0, unless one recalls the other's event days (`recalls`: a
follow-up that says when what it follows up happened). The pair predicates and
`explain_pair` go through a batch of two, so they cannot drift from what assignment scores.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

import numpy as np
from scipy import sparse

from transforms.event_dates import interval as _interval
from transforms.event_features import (
    DocumentFrequencies,
    EventConfig,
    EventFeatures,
    idf,
    tokenize_terms,
)
from transforms.event_model import PAIR_FEATURES, Regression
from transforms.records import PartialDate

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


def common_limit(n_reports: int, config: EventConfig) -> int:
    """Reports of a batch beyond which a key finds no candidates: a tenth of the reports, at
    least 50 (a topic's own keys stay under it), at most `block_max_reports`."""
    return min(max(50, n_reports // 10), config.block_max_reports)


def _carriers(matrix: sparse.csr_matrix, n_keys: int) -> np.ndarray:
    """Rows holding each column's key (a row holds a key once)."""
    return np.bincount(matrix.indices, minlength=n_keys)[:n_keys]


def _idfs(n_docs: int, counts: np.ndarray) -> np.ndarray:
    """`idf` of each count, computed once per distinct count (a batch holds ~10^5 keys)."""
    distinct, inverse = np.unique(counts, return_inverse=True)
    return np.array([idf(n_docs, c) for c in distinct.tolist()], float)[inverse.reshape(-1)]


def _weighted(
    matrix: sparse.csr_matrix, weights: np.ndarray, floor: float = 0.0
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Each entry times its column's weight, each row scaled to unit length; and each row's
    `_mass` under `floor`."""
    out = matrix.copy()
    out.data = out.data * weights[out.indices]
    norms = _norms(out)
    return _unit_rows(out, norms), _mass(norms, floor)


def _norms(matrix: sparse.csr_matrix) -> np.ndarray:
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return np.sqrt(np.bincount(rows, weights=matrix.data**2, minlength=matrix.shape[0]))


def _unit_rows(matrix: sparse.csr_matrix, norms: np.ndarray | None = None) -> sparse.csr_matrix:
    norms = (_norms(matrix) if norms is None else norms).copy()
    norms[norms == 0] = 1.0  # only common keys: a row of zeros
    matrix.data = matrix.data / np.repeat(norms, np.diff(matrix.indptr))
    return matrix


def _mass(norms: np.ndarray, floor: float) -> np.ndarray:
    """How much rare content each row holds, as a share of `floor` (at most 1): a cosine of
    two rows counts in proportion to both, so two thin reports of common words (two firms'
    dividend notices) are not as alike as two full reports of one story. No floor: 1."""
    return np.minimum(1.0, norms / floor) if floor > 0 else np.ones(len(norms))


def _binary(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    out = matrix.tocsr(copy=True)
    out.eliminate_zeros()
    out.data[:] = 1.0
    return out


def _row_sums(matrix: sparse.csr_matrix) -> np.ndarray:
    """Row sums, each added in column (key) order: a pair's products sum alike in any batch."""
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return np.bincount(rows, weights=matrix.data, minlength=matrix.shape[0])


def _dots(matrix: sparse.csr_matrix, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Dot products of rows first[k] and second[k]; only pairs with both rows non-empty are
    multiplied (names, places, figures and quotations are absent from many reports)."""
    filled = np.diff(matrix.indptr) > 0
    both = np.flatnonzero(filled[first] & filled[second])
    dots = np.zeros(len(first))
    if len(both):
        dots[both] = _row_sums(matrix[first[both]].multiply(matrix[second[both]]).tocsr())
    return dots


def _most_common(group: np.ndarray, value: np.ndarray, n_groups: int) -> np.ndarray:
    """For each of `n_groups` groups, the value most of its entries hold (ties: the smallest);
    -1 for a group without entries. Values are non-negative."""
    best = np.full(n_groups, -1, np.int64)
    if len(group):
        pairs, counts = np.unique(np.stack([group, value]), axis=1, return_counts=True)
        order = np.lexsort((pairs[1], -counts, pairs[0]))
        groups, values = pairs[0][order], pairs[1][order]
        first = np.flatnonzero(np.diff(groups, prepend=-1))
        best[groups[first]] = values[first]
    return best


def _new_year(year: int) -> int:
    """Ordinal of 1 January of `year` (as `date.toordinal`), for any year a text may state."""
    before = year - 1
    return before * 365 + before // 4 - before // 100 + before // 400 + 1


class _Coded(NamedTuple):
    """One report as the batch rows need it: its keys as ids (each array in key order, so its
    entries come in column order in any batch), its term counts, its dates as numbers."""

    terms: np.ndarray
    counts: np.ndarray  # of each term
    names: np.ndarray
    places: np.ndarray  # name ids: a place's document frequency is its name's
    numbers: np.ndarray
    quotes: np.ndarray
    year: int  # 0: undated
    latest: int  # 0: states no year
    when: _When
    weekday: int  # -1: the lede names none
    recalled: np.ndarray  # (first, last) ordinal days of the days and months it mentions


def _ordinals(days: tuple[tuple[date, date], ...]) -> np.ndarray:
    """(first, last) days as rows of ordinals."""
    flat = [day.toordinal() for pair in days for day in pair]
    return np.array(flat, np.int64).reshape(len(days), 2)


class _Keys:
    """Ids of one kind of key (terms, names, figures, quotations), numbered as first seen."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.keys: list[str] = []

    def rows_of(self, rows: list[list[str]]) -> list[np.ndarray]:
        """The ids of each row's keys, in the row's order (looked up at once)."""
        ids = self.ids
        flat = np.array([ids.get(key, -1) for key in chain.from_iterable(rows)], np.int64)
        unseen = np.flatnonzero(flat < 0)
        if len(unseen):  # keys first seen here, numbered in the order they come
            keys = list(chain.from_iterable(rows))
            missing = [keys[at] for at in unseen.tolist()]
            for key in dict.fromkeys(missing):
                ids[key] = len(self.keys)
                self.keys.append(key)
            flat[unseen] = [ids[key] for key in missing]
        return _split(flat, rows)

    def matrix(
        self, rows: list[np.ndarray], values: list[np.ndarray] | None = None
    ) -> tuple[sparse.csr_matrix, list[str], np.ndarray]:
        """Rows of ids as a CSR matrix over the keys they hold, columns numbered in key order
        (so that a row's entries, and sums over them, come in key order whatever the batch);
        the keys by column and their ids. Entries are 1, or `values` (one array per row)."""
        lengths = np.fromiter(map(len, rows), np.int64, len(rows))
        indptr = np.concatenate([[0], np.cumsum(lengths)])
        flat = np.concatenate(rows) if rows else np.zeros(0, np.int64)
        present = np.zeros(len(self.keys), bool)
        present[flat] = True
        keys_of = self.keys
        ids = sorted(np.flatnonzero(present).tolist(), key=keys_of.__getitem__)
        keys = [keys_of[i] for i in ids]
        held = np.array(ids, np.int64)
        indices = _columns_of(held, len(keys_of))[flat]
        data = np.ones(len(flat)) if values is None or not rows else np.concatenate(values)
        matrix = sparse.csr_matrix(
            (data.astype(float), indices, indptr), shape=(len(rows), max(len(keys), 1))
        )
        matrix.sort_indices()
        return matrix, keys, held


def _ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The indexes starts[k], ..., starts[k] + counts[k] - 1 of every k, in order."""
    ends = np.cumsum(counts)
    return np.repeat(starts - (ends - counts), counts) + np.arange(
        int(ends[-1]) if len(ends) else 0
    )


def _split(flat: np.ndarray, rows: list) -> list[np.ndarray]:
    """`flat` cut into one array per row, as long as the row."""
    ends = np.cumsum(np.fromiter(map(len, rows), np.int64, len(rows))).tolist()
    return [flat[start:end] for start, end in zip([0, *ends], ends, strict=False)]


def _columns_of(ids: np.ndarray, size: int) -> np.ndarray:
    """Column of each of `size` key ids, given the ids by column (-1: not a column)."""
    columns = np.full(size, -1, np.int64)
    columns[ids] = np.arange(len(ids))
    return columns


class BatchRows:
    """Reports coded as batch rows (`_Coded`), kept across the batches of one placement: a
    placed report that later chunks link to again is coded once, not once per chunk (a 100k
    run links ~10^4 placed reports to each chunk of 2,000). Keyed by doc id, so a report's
    features must not change while the rows are kept (one run's placement). The batches'
    columns, document frequencies and weights are still each batch's own. A row takes ~2 KB
    (93k reports: 183 MB), so rows no batch used for a generation of `limit` newer ones are
    dropped (coded again if a later chunk links to them)."""

    def __init__(self, keep: bool = True, limit: int = 100_000) -> None:
        self.terms, self.names, self.numbers, self.quotes = _Keys(), _Keys(), _Keys(), _Keys()
        self.keep = keep  # False: code each report afresh (one batch)
        self.limit = limit
        self._coded: dict[str, _Coded] = {}  # used since the generation began
        self._older: dict[str, _Coded] = {}  # used in the generation before
        self._name_terms: list[int] = []  # term id of each name id's one-word term, else -1

    def __len__(self) -> int:
        return len(self._coded) + len(self._older)

    def of(self, features: Iterable[EventFeatures]) -> list[_Coded]:
        features = list(features)
        if not self.keep:
            return self._code(features)
        coded, older, missing = self._coded, self._older, {}
        for f in features:
            if f.doc_id not in coded:
                row = older.pop(f.doc_id, None)
                if row is None:
                    missing[f.doc_id] = f
                else:
                    coded[f.doc_id] = row
        coded.update(zip(missing, self._code(list(missing.values())), strict=True))
        rows = [coded[f.doc_id] for f in features]
        if len(coded) >= self.limit:  # a new generation: rows unused since the last go
            self._older, self._coded = coded, {}
        return rows

    def _code(self, features: list[EventFeatures]) -> list[_Coded]:
        """Reports as `_Coded` rows, their keys looked up at once."""
        terms = [sorted(f.terms) for f in features]
        term_ids = self.terms.rows_of(terms)
        counted = (f.terms[t] for f, row in zip(features, terms, strict=True) for t in row)
        counts = _split(np.fromiter(counted, float, sum(map(len, terms))), terms)
        names = self.names.rows_of([sorted(f.names) for f in features])
        places = self.names.rows_of([sorted(f.places) for f in features])
        numbers = self.numbers.rows_of([sorted(f.numbers) for f in features])
        quotes = self.quotes.rows_of([sorted(f.quotes) for f in features])
        new_names = self.names.keys[len(self._name_terms) :]
        one_word = [_name_term(n) if " " not in n else None for n in new_names]
        looked_up = iter(self.terms.rows_of([[t for t in one_word if t]])[0].tolist())
        self._name_terms.extend(next(looked_up) if t else -1 for t in one_word)
        return [
            _Coded(
                *parts,
                year=f.date.year or 0,
                latest=f.latest_year or 0,
                when=_when_of(f),
                weekday=-1 if f.weekday is None else f.weekday,
                recalled=_ordinals(f.recalled),
            )
            for f, *parts in zip(
                features, term_ids, counts, names, places, numbers, quotes, strict=True
            )
        ]

    def name_terms(self) -> np.ndarray:
        """The term id of each name id's one-word term, -1 for a longer name."""
        return np.array(self._name_terms, np.int64)


class _Batch:
    """The reports of one assignment as arrays, one row each: normalised TF-IDF term, name and
    place vectors and quotation ids (CSR), salient name terms and the terms counted often
    enough to cover them, and dates as numbers. Pair scoring is the inner loop of event
    assignment, so `evidence` takes every candidate pair at once; `similarity`, `explain_pair`
    and the pair predicates go through it too."""

    def __init__(
        self,
        features: list[EventFeatures],
        freqs: DocumentFrequencies | None,
        config: EventConfig,
        rows: BatchRows | None = None,
    ) -> None:
        self.config = config
        rows = rows if rows is not None else BatchRows(keep=False)
        coded = rows.of(features)
        # term counts, columns in term order (candidate blocking breaks ties by term)
        self.counts, vocabulary, term_ids = rows.terms.matrix(
            [r.terms for r in coded], [r.counts for r in coded]
        )
        names, name_keys, name_ids = rows.names.matrix([r.names for r in coded])
        places, place_keys, _ = rows.names.matrix([r.places for r in coded])
        numbers, number_keys, _ = rows.numbers.matrix([r.numbers for r in coded])
        # document frequencies: the caller's, else the background corpus's, so a pair's
        # evidence is the same whatever unrelated reports share the batch ...
        freqs = DocumentFrequencies.background() if freqs is None else freqs
        n_docs = freqs.n_docs
        term_df, name_df, place_df, number_df = (
            np.fromiter((counts.get(key, 0) for key in keys), np.int64, len(keys))
            for counts, keys in (
                (freqs.terms, vocabulary),
                (freqs.names, name_keys),
                (freqs.names, place_keys),
                (freqs.numbers, number_keys),
            )
        )
        # ... except a key more than `block_max_reports` reports of this batch carry (an
        # outlet's footer, a wire's jargon: rare in the background, common here), which
        # weighs nothing. A fixed count, not a share of the batch: a tenth of a batch of a
        # few hundred reports (ECB+'s fitting half with unrelated news) is a topic's word
        # ("killed", "season"), and zeroing those cost the fitting half's cross-validated
        # F1 0.963 -> 0.956.
        limit = config.block_max_reports

        def weights(matrix: sparse.csr_matrix, df: np.ndarray) -> np.ndarray:
            return np.where(_carriers(matrix, len(df)) > limit, 0.0, _idfs(n_docs, df))

        tf = self.counts.copy()
        tf.data = 1.0 + np.log(np.maximum(tf.data, 1.0))
        self.terms, self.term_mass = _weighted(
            tf, weights(self.counts, term_df), config.model.text_mass_floor
        )
        self.term_column = dict(zip(vocabulary, range(len(vocabulary)), strict=True))
        self.names, self.name_mass = _weighted(
            names, weights(names, name_df), config.model.names_mass_floor
        )
        self.name_keys = name_keys
        self.places, _ = _weighted(places, weights(places, place_df))
        self.quotes, _, _ = rows.quotes.matrix([r.quotes for r in coded])
        self.numbers, _ = _weighted(numbers, weights(numbers, number_df))
        # a salient term is a covered one (counted salient_count times)
        self.covered = _binary(self.counts >= config.salient_count)
        if config.salient_count > 0 and config.salient_top > 0:
            # the term column of each name column's one-word term (-1: none, or not counted)
            term_of_name = rows.name_terms()[name_ids]
            term_of = np.where(
                term_of_name >= 0,
                _columns_of(term_ids, len(rows.terms.keys))[np.maximum(term_of_name, 0)],
                -1,
            )
            self.salient = self._salient_of(names, term_of)
        else:  # a name without a term would count (0 times), or every name is kept
            self.salient = self._salient_matrix(
                [[_name_term(n) for n in salient_names(f, config)] for f in features]
            )
        self.n_salient = np.diff(self.salient.indptr)
        self._dates(
            years=[r.year for r in coded],
            latest=[r.latest for r in coded],
            whens=[r.when for r in coded],
            weekdays=[r.weekday for r in coded],
            recalled_at=np.concatenate(
                [
                    [0],
                    np.cumsum(np.fromiter((len(r.recalled) for r in coded), np.int64, len(coded))),
                ]
            ),
            recalled=np.concatenate([r.recalled for r in coded])
            if coded
            else np.zeros((0, 2), np.int64),
        )

    def _salient_matrix(self, rows: list[list[str | None]]) -> sparse.csr_matrix:
        """Binary rows over the term columns (a salient term absent from the terms is dropped:
        nothing covers it, as nothing counts it)."""
        columns = [[self.term_column[t] for t in row if t in self.term_column] for row in rows]
        indptr = np.cumsum([0, *map(len, columns)])
        indices = np.fromiter(chain.from_iterable(columns), np.int64, int(indptr[-1]))
        return sparse.csr_matrix(
            (np.ones(len(indices)), indices, indptr), shape=(len(rows), self.terms.shape[1])
        )

    def _salient_of(self, names: sparse.csr_matrix, term_of: np.ndarray) -> sparse.csr_matrix:
        """`salient_names` of every report at once, as `_salient_matrix` rows: of its one-word
        names (`term_of`: the term column of each name column, -1 for a longer name or a term
        no report counts), those whose term it counts `salient_count` times or more, the
        `salient_top` most counted first (ties: the later name)."""
        config = self.config
        n_rows, n_columns = self.counts.shape
        row = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(names.indptr))
        name = names.indices.astype(np.int64)
        term = term_of[name]
        row, name, term = row[term >= 0], name[term >= 0], term[term >= 0]
        # the row's count of the term: the counts' entries lie in (row, column) order
        counted = np.repeat(np.arange(n_rows, dtype=np.int64), np.diff(self.counts.indptr))
        counted = counted * n_columns + self.counts.indices
        wanted = row * n_columns + term
        at = np.minimum(np.searchsorted(counted, wanted), max(len(counted) - 1, 0))
        count = np.zeros(len(wanted))
        if len(counted):
            count = np.where(counted[at] == wanted, self.counts.data[at], 0.0)
        chosen = count >= config.salient_count
        row, name, term, count = row[chosen], name[chosen], term[chosen], count[chosen]
        order = np.lexsort((-name, -count, row))
        row, term = row[order], term[order]
        top = np.arange(len(row)) - np.searchsorted(row, row) < config.salient_top
        row, term = row[top], term[top]
        indptr = np.concatenate([[0], np.cumsum(np.bincount(row, minlength=n_rows))])
        return sparse.csr_matrix(
            (np.ones(len(term)), term, indptr), shape=(n_rows, self.terms.shape[1])
        )

    def _dates(
        self,
        years: list[int],
        latest: list[int],
        whens: list[_When],
        weekdays: list[int],
        recalled_at: np.ndarray,
        recalled: np.ndarray,
    ) -> None:
        # the days and months each row recalls: rows recalled_at[i]:recalled_at[i + 1]
        self.recalled_at = recalled_at.astype(np.int64)
        self.recalled_first = recalled[:, 0].astype(np.int64)
        self.recalled_last = recalled[:, 1].astype(np.int64)
        self.year = np.array(years, np.int64)
        self.dated = self.year > 0
        self.latest = np.array(latest, np.int64)
        # undated reports that state a year: only they can be older than a dated one
        self.mentions_only = ~self.dated & (self.latest > 0)
        self.mentions_start = np.array(
            [_new_year(y) if m else 0 for y, m in zip(latest, self.mentions_only, strict=True)],
            np.int64,
        )
        self.first_day = np.array([w[0] for w in whens], np.int64)
        self.last_day = np.array([w[1] for w in whens], np.int64)
        self.has_when = np.array([w != _NO_WHEN for w in whens], bool)
        self.weekday = np.array(weekdays, np.int64)
        when_ids: dict[_When, int] = {}
        self.when_id = np.array([when_ids.setdefault(w, len(when_ids)) for w in whens], np.int64)
        self.whens = list(when_ids)

    def pooled(
        self, groups: list[list[int]], latest: list[int | None], weekdays: list[int | None]
    ) -> _Batch:
        """Each group of this batch's reports as one row, for the second pass: the centroid of
        their term, name, place and figure vectors (back to unit length), the quotations any
        prints, the terms their counts together cover and the most counted of their salient
        names, the year most of them state, the span of their event days (else the month and
        day most state without a year), and `latest` and `weekdays` as their `_Evidence`
        says."""
        config = self.config
        sizes = [len(group) for group in groups]
        member = sparse.csr_matrix(
            (
                np.ones(sum(sizes)),
                np.fromiter(chain.from_iterable(groups), np.int64, sum(sizes)),
                np.cumsum([0, *sizes]),
            ),
            shape=(len(groups), self.terms.shape[0]),
        )
        pooled = object.__new__(_Batch)
        pooled.config = config
        pooled.terms = _unit_rows((member @ self.terms).tocsr())
        pooled.names = _unit_rows((member @ self.names).tocsr())
        pooled.places = _unit_rows((member @ self.places).tocsr())
        pooled.numbers = _unit_rows((member @ self.numbers).tocsr())
        # a group holds as much rare content as its members on average
        pooled.term_mass = (member @ self.term_mass) / np.asarray(sizes, float)
        pooled.name_mass = (member @ self.name_mass) / np.asarray(sizes, float)
        pooled.quotes = _binary(member @ self.quotes)
        pooled.counts = (member @ self.counts).tocsr()
        pooled.term_column = self.term_column
        pooled.covered = _binary(pooled.counts >= config.salient_count)
        # of the terms the members hold salient, the one the group counts most
        held = _binary(member @ self.salient).multiply(pooled.counts).tocsr()
        # each row's first entry of its largest count (as argmax), if counted often enough
        filled = np.flatnonzero(np.diff(held.indptr) > 0)
        row_of = np.repeat(np.arange(held.shape[0]), np.diff(held.indptr))
        most = np.zeros(held.shape[0])
        if len(filled):
            most[filled] = np.maximum.reduceat(held.data, held.indptr[filled])
        at = np.flatnonzero(held.data == most[row_of])
        at = at[np.flatnonzero(np.diff(row_of[at], prepend=-1))]  # the first per row
        at = at[held.data[at] >= config.salient_count]
        pooled.salient = sparse.csr_matrix(
            (
                np.ones(len(at)),
                held.indices[at],
                np.cumsum([0, *np.bincount(row_of[at], minlength=held.shape[0])]),
            ),
            shape=pooled.terms.shape,
        )
        pooled.n_salient = np.diff(pooled.salient.indptr)
        # the year most members state (ties: the earliest); the span of the dated members'
        # event days, else the month and day most state without a year (ties: the earliest)
        flat = np.fromiter(chain.from_iterable(groups), np.int64, sum(sizes))
        group_of = np.repeat(np.arange(len(groups)), sizes)
        stated = self.year[flat] > 0
        years = _most_common(group_of[stated], self.year[flat][stated], len(groups)).tolist()
        dated = self.first_day[flat] > 0
        first = np.full(len(groups), np.iinfo(np.int64).max)
        last = np.zeros(len(groups), np.int64)
        np.minimum.at(first, group_of[dated], self.first_day[flat][dated])
        np.maximum.at(last, group_of[dated], self.last_day[flat][dated])
        rank = np.empty(len(self.whens), np.int64)  # whens in tuple order
        rank[sorted(range(len(self.whens)), key=self.whens.__getitem__)] = np.arange(len(rank))
        by_rank = sorted(self.whens)
        yearless = self.has_when[flat] & ~dated
        common = _most_common(
            group_of[yearless], rank[self.when_id[flat][yearless]], len(groups)
        ).tolist()
        has_dated = np.bincount(group_of[dated], minlength=len(groups)) > 0
        whens = [
            (int(f), int(lt), 0, 0) if d else (by_rank[c] if c >= 0 else _NO_WHEN)
            for f, lt, d, c in zip(
                first.tolist(), last.tolist(), has_dated.tolist(), common, strict=True
            )
        ]
        years = [max(y, 0) for y in years]
        # the days and months any member recalls
        counts = self.recalled_at[flat + 1] - self.recalled_at[flat]
        at = _ranges(self.recalled_at[flat], counts)
        recalled_at = np.concatenate(
            [[0], np.cumsum(np.bincount(group_of, weights=counts, minlength=len(groups)))]
        ).astype(np.int64)
        pooled._dates(
            years=years,
            latest=[y or 0 for y in latest],
            whens=whens,
            weekdays=[-1 if d is None else d for d in weekdays],
            recalled_at=recalled_at,
            recalled=np.column_stack([self.recalled_first[at], self.recalled_last[at]]),
        )
        return pooled

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
        # a follow-up: apart, yet one recalls the other (asked of pairs beyond the window only)
        beyond = relation == _APART
        recalls = np.zeros(len(first), bool)
        recalls[beyond] = self.recalls(first[beyond], second[beyond])
        beyond &= recalls
        window = config.date_window_days
        columns = {
            "text": _dots(self.terms, first, second)
            * self.term_mass[first]
            * self.term_mass[second],
            "names": _dots(self.names, first, second)
            * self.name_mass[first]
            * self.name_mass[second],
            "places": _dots(self.places, first, second),
            "quotes": _dots(self.quotes, first, second) > 0,
            "numbers": _dots(self.numbers, first, second),
            "same_day_overlap": relation == _SAME,
            # up to the window, its share of it; beyond (a follow-up), 1 + log(gap / window)
            "days_apart": np.where(
                (relation == _UNKNOWN) & (gap > config.date_same_days),
                np.minimum(gap, window) / window,
                np.where(beyond, 1.0 + np.log(np.maximum(gap, window) / window), 0.0),
            ),
            "conflict": self.conflicts(first, second),
            "stale": self.stale(first, second),
            "weekday_differ": self.weekdays_differ(first, second),
            "years_differ": self.years_differ(first, second),
        }
        overlap = (columns["text"] + columns["names"]) / 2
        columns["same_day_overlap"] = columns["same_day_overlap"] * overlap
        columns["recalled_overlap"] = recalls * overlap
        for name in ("conflict", "stale", "weekday_differ"):
            columns[f"{name.split('_')[0]}_overlap"] = columns[name] * overlap
        matrix = np.column_stack([np.asarray(columns[name], float) for name in PAIR_FEATURES])
        return matrix.reshape(len(first), len(PAIR_FEATURES)), (relation == _APART) & ~beyond

    def recalls(self, first: np.ndarray, second: np.ndarray) -> np.ndarray:
        """One report mentions a day or month (with its year) before its own event that holds
        the other's event days (a day, a week or a month): it follows that event up."""
        return self._recalls(first, second) | self._recalls(second, first)

    def _recalls(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """`x` mentions a day or month, before its own event days, that holds `y`'s."""
        near = self.config.date_same_days
        counts = (self.recalled_at[x + 1] - self.recalled_at[x]) * (
            (self.first_day[y] > 0) & (self.last_day[y] - self.first_day[y] <= 31)
        )
        found = np.zeros(len(x), bool)
        pairs = np.flatnonzero(counts)
        if not len(pairs):
            return found
        pair = np.repeat(pairs, counts[pairs])
        at = _ranges(self.recalled_at[x[pairs]], counts[pairs])
        mentioned_first, mentioned_last = self.recalled_first[at], self.recalled_last[at]
        own = self.first_day[x[pair]]
        hit = (
            (mentioned_first <= self.last_day[y[pair]] + near)
            & (self.first_day[y[pair]] <= mentioned_last + near)
            & ((own == 0) | (mentioned_last < own - near))
        )
        found[np.unique(pair[hit])] = True
        return found

    def relations(self, first: np.ndarray, second: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Relation codes and gaps in days (-1: unknown) of each pair's whens, 'apart' also
        when an undated report is older than the years it mentions. Two dated whens are
        compared as arrays; a month and day without a year once per distinct pair of whens
        (`_relation`)."""
        config = self.config
        dated = (self.first_day[first] > 0) & (self.first_day[second] > 0)
        gaps = np.maximum(
            0,
            np.maximum(
                self.first_day[second] - self.last_day[first],
                self.first_day[first] - self.last_day[second],
            ),
        )
        days = (self.first_day == self.last_day)[first] & (self.first_day == self.last_day)[second]
        codes = np.where(
            gaps > config.date_window_days,
            _APART,
            np.where(days & (gaps <= config.date_same_days), _SAME, _UNKNOWN),
        ).astype(np.int8)
        gaps = np.where(dated, gaps, -1)
        rest = np.flatnonzero(~dated & (self.has_when[first] & self.has_when[second]))
        if len(rest):
            keys = self.when_id[first[rest]] * len(self.whens) + self.when_id[second[rest]]
            distinct, inverse = np.unique(keys, return_inverse=True)
            pairs = (divmod(key, len(self.whens)) for key in distinct.tolist())
            found = [_relation(self.whens[a], self.whens[b], config) for a, b in pairs]
            codes[rest] = np.array([c for c, _ in found], np.int8)[inverse.reshape(-1)]
            gaps[rest] = np.array([g for _, g in found], np.int64)[inverse.reshape(-1)]
        codes[~dated & ~(self.has_when[first] & self.has_when[second])] = _UNKNOWN
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
        both = np.flatnonzero((self.n_salient[first] > 0) & (self.n_salient[second] > 0))
        a, b = first[both], second[both]
        in_b = self.salient[a].multiply(self.covered[b]).tocsr().getnnz(axis=1)
        in_a = self.salient[b].multiply(self.covered[a]).tocsr().getnnz(axis=1)
        found = np.zeros(len(first), bool)
        found[both] = (in_b < self.n_salient[a]) & (in_a < self.n_salient[b])
        return found

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
    below are the batch's (rarity the background's, as in assignment), so they cannot drift
    from what assignment scores."""
    return _Batch([a, b], None, config), np.array([0]), np.array([1])


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
    a: EventFeatures, b: EventFeatures, idf: DocumentFrequencies | None, config: EventConfig
) -> float:
    """Evidence that two reports report one event, as linkage averages it (log-odds over
    none, floored at 0; 0 for dates beyond the window); `idf` None: the background's rarity,
    as assignment counts it."""
    batch = _Batch([a, b], idf, config)
    return float(batch.scores(np.array([0]), np.array([1]))[0])


def explain_pair(
    a: EventFeatures, b: EventFeatures, idf: DocumentFrequencies | None, config: EventConfig
) -> dict[str, float]:
    """What each piece of evidence added to the log-odds that `a` and `b` report one event,
    with the evidence itself ('<feature>=' keys), the probability, the score linkage averages
    and 'apart' (1 when their dates lie beyond the window: no evidence can join them); `idf`
    None: the background's rarity, as assignment counts it."""
    batch = _Batch([a, b], idf, config)
    evidence, apart = batch.evidence(np.array([0]), np.array([1]))
    parts = config.model.reports.explain(evidence[0])
    values = {f"{name}=": float(v) for name, v in zip(PAIR_FEATURES, evidence[0], strict=True)}
    probability = 0.0 if apart[0] else float(config.model.reports.probability(evidence)[0])
    score = float(batch.scores(np.array([0]), np.array([1]))[0])
    return parts | values | {"probability": probability, "score": score, "apart": float(apart[0])}
