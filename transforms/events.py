"""Group reports into events: learned pair evidence, average linkage, then whole events compared.

The warehouse finds candidate events for new documents by SQL (date window, shared rare
names) and passes them here with their members' features; `assign_events` decides, so the
same input always gives the same `events` and `event_documents` rows. Two occurrences of the
same kind of story (two earthquakes, two arrests) share words and names; what tells them apart
is when: the day the ledes say it happened, the years undated reports mention, the weekday
they name. How much each piece of evidence counts is learned (`transforms/event_model.py`);
dates beyond the window (unless one report recalls the other's event days) and events whose
dates disagree as a whole never join (`_Evidence`).

Reports join by average linkage of the pair evidence (the log-odds the report model gives
their features over none); then a second pass compares the events themselves (the centroids
of their reports' term, name, place and figure vectors, the quotes any prints, the span of
their dates) with the event model
and merges those it finds to be one, so an event whose reports split into groups that each
say little about the other comes back together. The features are in `event_features`, the
pair evidence in `event_evidence`; this module re-exports what callers use.
"""

from __future__ import annotations

import hashlib
import heapq
import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse

from transforms.event_evidence import (
    BatchRows,
    _Batch,
    _interval,
    common_limit,
    date_relation,
    explain_pair,
    names_conflict,
    older_than_mentions,
    salient_names,
    similarity,
    stale_pair,
    weekdays_differ,
)
from transforms.event_features import (
    DocumentFrequencies,
    EventConfig,
    EventFeatures,
    document_frequencies,
    event_features,
    order_key,
    report_date,
    stated_numbers,
    tokenize_terms,
)

# What callers of event grouping use, wherever it is defined.
__all__ = [
    "BatchRows",
    "DocumentFrequencies",
    "EventAssignment",
    "EventConfig",
    "EventFeatures",
    "_Batch",
    "_interval",
    "assign_events",
    "date_relation",
    "document_frequencies",
    "event_features",
    "event_id_for",
    "evidence_conflict",
    "explain_pair",
    "group_pairs",
    "names_conflict",
    "older_than_mentions",
    "order_key",
    "pooled_batch",
    "report_date",
    "salient_names",
    "similarity",
    "stale_pair",
    "stated_numbers",
    "tokenize_terms",
    "weekdays_differ",
]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class EventAssignment:
    """Result of one `assign_events` call: the event of each new document, and merges."""

    event_of: dict[str, str]  # new doc_id -> event_id (after merges)
    scores: dict[str, float]  # new doc_id -> average evidence when it joined (0: founder)
    # (absorbed_id, survivor_id, probability): existing events the second pass found to be one
    merges: list[tuple[str, str, float]] = field(default_factory=list)
    new_events: list[str] = field(default_factory=list)


def event_id_for(doc_id: str) -> str:
    """Deterministic id of an event founded by `doc_id` (its earliest member)."""
    return "e" + hashlib.blake2b(doc_id.encode("utf-8"), digest_size=8).hexdigest()


@dataclass
class _Evidence:
    """What a cluster's members say about when its event happened, summed as they join."""

    years: Counter[int] = field(default_factory=Counter)  # stated report years
    mentioned: Counter[int] = field(default_factory=Counter)  # each member's latest year
    weekdays: Counter[int] = field(default_factory=Counter)  # weekdays the ledes name

    @classmethod
    def of(cls, f: EventFeatures) -> _Evidence:
        return cls(
            Counter([f.date.year] if f.date.year else []),
            Counter([f.latest_year] if f.latest_year is not None else []),
            Counter([f.weekday] if f.weekday is not None else []),
        )

    @classmethod
    def of_rows(cls, years: list[int], latest: list[int], weekdays: list[int]) -> _Evidence:
        """The evidence of members absorbed one by one, counted at once from their batch
        values (0: no year, -1: no weekday)."""
        return cls(
            Counter(year for year in years if year),
            Counter(year for year in latest if year),
            Counter(day for day in weekdays if day >= 0),
        )

    def absorb(self, other: _Evidence) -> None:
        self.years += other.years
        self.mentioned += other.mentioned
        self.weekdays += other.weekdays

    @property
    def latest(self) -> int | None:
        """The latest year any member mentions."""
        return max(self.mentioned) if self.mentioned else None

    @property
    def mentioning(self) -> int:
        """Members that mention a year."""
        return self.mentioned.total()

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
    """`a` is dated by its reports, `b` undated and its reports place it in other years: all
    that mention one mention only years well before (an older occurrence: `stale_years`), or
    most mention a year after `a`'s (a report is not older than the years it mentions, the
    pair rule of `_Batch.older` held by the group); `stale_reports` reports at least say so."""
    year = a.year()
    if year is None or b.years or b.mentioning < config.stale_reports:
        return False
    later = sum(count for mentioned, count in b.mentioned.items() if mentioned > year)
    return b.latest < year - config.stale_years or (
        later >= config.stale_reports and 2 * later > b.mentioning
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
    """`_candidate_arrays` as a set of (low, high) pairs."""
    first, second = _candidate_arrays(features, n_new, batch, config)
    return set(zip(first.tolist(), second.tolist(), strict=True))


def _candidate_arrays(
    features: list[EventFeatures], n_new: int, batch: _Batch, config: EventConfig
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (new, any) sharing rare names or top terms (the `block_terms` heaviest, ties by
    term): each new report with the `max_candidates` reports that share the most such keys
    with it (ties: the earlier report), counted at once as a sparse product of reports by
    keys. Each pair once, low index first, sorted (as arrays: a chunk holds ~10^5 pairs,
    which as sorted Python tuples cost more than finding them)."""
    n = len(features)
    top_terms = _top_terms(batch.terms, config.block_terms)
    names = batch.names.copy()
    names.data[:] = 1.0
    incidence = sparse.hstack([top_terms, names], format="csr")
    # a key common in the batch links none of them
    limit = common_limit(n, config)
    carriers = np.asarray(incidence.sum(axis=0)).ravel()
    incidence = incidence @ sparse.diags((carriers <= limit).astype(float))
    shared = (incidence[:n_new] @ incidence.T).tocoo()
    row, col = shared.row.astype(np.int64), shared.col.astype(np.int64)
    count = shared.data.astype(np.int64)  # keys shared: sums of ones
    other = (row != col) & (count > 0)
    row, col, count = row[other], col[other], count[other]
    # rank each row's partners by most keys shared, then the earlier report: one sort of
    # int64 keys (row, fewest keys missing, column) rather than a lexsort of three arrays
    most = int(count.max()) if len(count) else 0
    span = (most + 1) * n
    keys = np.sort(row * span + (most - count) * n + col)
    row, col = keys // span, keys % n
    rank = np.arange(len(row)) - np.searchsorted(row, np.arange(n_new))[row]
    row, col = row[rank < config.max_candidates], col[rank < config.max_candidates]
    forward = (col >= n_new) | (row < col)
    low, high = np.where(forward, row, col), np.where(forward, col, row)
    pairs = np.sort(low * n + high)
    pairs = pairs[np.flatnonzero(np.diff(pairs, prepend=-1))]  # each pair once
    return pairs // n, pairs % n


def _top_terms(terms: sparse.csr_matrix, keep: int) -> sparse.csr_matrix:
    """Each row's `keep` heaviest entries as ones (ties: the lower column, i.e. the earlier
    term). A row holds at most `max_terms` entries, so each row is ranked on its own, padded
    to the longest (a stable sort per row of a few dozen, not one sort of every entry)."""
    n = terms.shape[0]
    lengths = np.diff(terms.indptr).astype(np.int64)
    width = int(lengths.max()) if n else 0
    if width == 0 or keep <= 0:
        return sparse.csr_matrix(terms.shape)
    starts = terms.indptr[:-1].astype(np.int64)
    row_of = np.repeat(np.arange(n), lengths)
    dense = np.full((n, width), np.nan)  # after every entry, NaN ones too
    dense[row_of, np.arange(len(row_of)) - starts[row_of]] = -terms.data
    ranked = np.argsort(dense, axis=1, kind="stable")[:, :keep]
    kept = ranked < lengths[:, None]
    entries = (starts[:, None] + ranked)[kept]
    rows = np.repeat(np.arange(n), kept.sum(axis=1))
    return sparse.csr_matrix(
        (np.ones(len(entries)), (rows, terms.indices[entries])), shape=terms.shape
    )


def pooled_batch(batch: _Batch, groups: list[_Cluster], config: EventConfig) -> _Batch:
    """The groups as rows of one batch for the second pass (`_Batch.pooled`): their reports
    pooled, the latest year and the weekday as their `_Evidence` says."""
    return batch.pooled(
        [group.members for group in groups],
        [group.evidence.latest for group in groups],
        [group.evidence.weekday(config) for group in groups],
    )


def assign_events(
    new: list[EventFeatures],
    existing: list[tuple[EventFeatures, str]],
    config: EventConfig,
    freqs: DocumentFrequencies | None = None,
    rows: BatchRows | None = None,
) -> EventAssignment:
    """Place new reports into existing events or new ones, then merge events that are one.

    First pass: new reports cluster among themselves and with the candidate events passed in
    (agglomerative, average linkage of the report model's evidence, stop below the model's
    `threshold`); two existing events are never joined by linkage. Second pass
    (`_merge_events`): groups that share evidence are compared as wholes by the event model,
    existing events too (the older survives, recorded in `merges`). Groups whose dates
    disagree (`evidence_conflict`) never join in either pass. Rarity (IDF) is the background
    corpus's (`DocumentFrequencies.background`), so other reports of the batch do not move a
    pair's evidence, unless the caller passes its own `freqs`. A caller placing chunk after chunk
    passes one `rows` to all of them: a report is then coded as a batch row once, however many
    chunks link to it (the result is the same without it).
    """
    new = sorted(new, key=lambda f: f.order_key)
    existing = sorted(existing, key=lambda pair: (pair[1], pair[0].order_key))
    features = new + [f for f, _ in existing]
    batch = _Batch(features, freqs, config, rows)  # background IDF unless freqs given
    clusters: dict[int, _Cluster] = {
        i: _Cluster([i], None, f.order_key, _Evidence.of(f)) for i, f in enumerate(new)
    }
    cluster_of = list(range(len(new)))
    # an existing event's members lie together (sorted by event, then order key): its cluster
    # is its first member's offset, whose order key is its least; its evidence comes from the
    # batch's arrays (0: no year, -1: no weekday)
    years, latest, weekdays = (a.tolist() for a in (batch.year, batch.latest, batch.weekday))
    ids = [event_id for _, event_id in existing]
    starts = [k for k, event_id in enumerate(ids) if k == 0 or event_id != ids[k - 1]]
    for start, end in zip(starts, [*starts[1:], len(ids)][: len(starts)], strict=True):
        cid = start + len(new)
        members = list(range(cid, end + len(new)))
        evidence = _Evidence.of_rows(
            years[cid : end + len(new)],
            latest[cid : end + len(new)],
            weekdays[cid : end + len(new)],
        )
        clusters[cid] = _Cluster(members, ids[start], existing[start][0].order_key, evidence)
        cluster_of += [cid] * len(members)

    first, second = _candidate_arrays(features, len(new), batch, config)
    links = _group_links(np.array(cluster_of, np.int64), first, second, batch.scores(first, second))
    joined_score = _link(clusters, links, len(new), config)
    linked = group_pairs(clusters, links, config.model.threshold, config.event_candidates)
    merges = _merge_events(clusters, linked, batch, config)
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


def _group_links(
    cluster_of: np.ndarray, first: np.ndarray, second: np.ndarray, scores: np.ndarray
) -> dict[int, dict[int, float]]:
    """Evidence summed over the scored pairs between each two groups, both ways (pairs of one
    existing event and pairs without evidence left out)."""
    a, b = cluster_of[first], cluster_of[second]
    keep = (scores > 0) & (a != b)
    low, high, kept = np.minimum(a, b)[keep], np.maximum(a, b)[keep], scores[keep]
    size = int(cluster_of.max()) + 1 if len(cluster_of) else 1
    keys, inverse = np.unique(low * size + high, return_inverse=True)
    totals = np.bincount(inverse.reshape(-1), weights=kept, minlength=len(keys))
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for key, total in zip(keys.tolist(), totals.tolist(), strict=True):
        x, y = divmod(key, size)
        links[x][y] = links[y][x] = total
    return links


def _link(
    clusters: dict[int, _Cluster],
    links: dict[int, dict[int, float]],
    n_new: int,
    config: EventConfig,
) -> dict[int, float]:
    """Average linkage in place: join the closest pair of groups while its average pair
    evidence reaches the threshold; the average at which each new report joined."""
    threshold = config.model.threshold
    size = {cid: len(cluster.members) for cid, cluster in clusters.items()}
    # Only pairs at the threshold or above go on the heap: a pair below it is never joined,
    # and a merge that lifts it pushes the merged pair afresh.
    heap = [
        (-score, a, b)
        for a, linked in links.items()
        for b, total in linked.items()
        if a < b and (score := total / (size[a] * size[b])) >= threshold
    ]
    heapq.heapify(heap)
    joined_score: dict[int, float] = {}
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in size or b not in size:
            continue
        if -negative != links[a].get(b, 0.0) / (size[a] * size[b]):
            continue  # stale: a merge since changed this pair's average
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
        size[keep] += size.pop(drop)
        keep_size = size[keep]
        for other, total in links[keep].items():
            if (score := total / (keep_size * size[other])) >= threshold:
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
    clusters: dict[int, _Cluster],
    links: dict[int, dict[int, float]],
    threshold: float,
    per_group: int,
) -> list[tuple[int, int]]:
    """The second pass's candidates: for each group, the `per_group` groups its reports' pairs
    link it to most, if together they hold the evidence one pair needs to join (`threshold`).
    Two single reports are no candidates: the first pass compared them whole already."""
    pairs: set[tuple[int, int]] = set()
    for a, linked in links.items():
        if a not in clusters:
            continue
        strong = [b for b, total in linked.items() if total >= threshold and b in clusters]
        if len(strong) > per_group:
            strong = heapq.nsmallest(per_group, strong, key=lambda b: (-linked[b], b))
        for b in strong:
            if len(clusters[a].members) + len(clusters[b].members) > 2:
                pairs.add((min(a, b), max(a, b)))
    return sorted(pairs)


def _merge_events(
    clusters: dict[int, _Cluster],
    pairs: list[tuple[int, int]],
    batch: _Batch,
    config: EventConfig,
) -> list[tuple[str, str, float]]:
    """Second pass, in place: groups that candidate pairs of reports join (`group_pairs`),
    compared as wholes (their reports pooled), merge when the event model's evidence reaches
    `merge_threshold`, strongest first, unless their dates disagree; a group that has grown
    by a merge is compared again as it now is (so merges do not chain through pieces that
    each resembled a neighbour: earnings reports of many firms). Returns the existing
    events absorbed into another (absorbed, survivor, the model's probability): the older
    survives."""
    if not pairs:
        return []
    involved = sorted({cid for pair in pairs for cid in pair})
    position = {cid: k for k, cid in enumerate(involved)}
    pooled = pooled_batch(batch, [clusters[cid] for cid in involved], config)
    first = np.array([position[a] for a, _ in pairs], np.int64)
    second = np.array([position[b] for _, b in pairs], np.int64)
    scores = pooled.scores(first, second, config.model.events).tolist()
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
        found = find(a), find(b)
        if found != (a, b):  # a group grew since it was scored: the wholes decide again
            a, b = found
            if a == b:
                continue
            both = pooled_batch(batch, [clusters[a], clusters[b]], config)
            score = float(both.scores(np.array([0]), np.array([1]), config.model.events)[0])
            if score < config.model.merge_threshold:
                continue
        if evidence_conflict(clusters[a].evidence, clusters[b].evidence, config):
            continue
        probability = 1.0 / (1.0 + math.exp(-(intercept + score)))
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
