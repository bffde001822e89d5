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
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np

from transforms.event_evidence import (
    _Batch,
    _interval,
    _when_of,
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
from transforms.records import PartialDate

# What callers of event grouping use, wherever it is defined.
__all__ = [
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
    "pooled_features",
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
