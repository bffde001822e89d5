"""Pairs are scored all at once from arrays; each score must equal the per-pair formula."""

import math
from datetime import date
from itertools import combinations

import numpy as np

from transforms.events import (
    DocumentFrequencies,
    EventConfig,
    EventFeatures,
    _Batch,
    _interval,
    date_relation,
    document_frequencies,
    salient_names,
    similarity,
    tokenize_terms,
)
from transforms.records import PartialDate

CONFIG = EventConfig()
STORY = {"arrest": 2, "police": 2, "drunk": 1, "driving": 1, "highway": 1}


def report(
    doc_id: str,
    when: PartialDate,
    names: set[str],
    extra: dict[str, int],
    latest_year: int | None = None,
    weekday: int | None = None,
) -> EventFeatures:
    terms = {**STORY, **extra}
    key = f"{when.year or 9999:04d}-{when.month or 99:02d}-{when.day or 99:02d}|{doc_id}"
    return EventFeatures(doc_id, when, frozenset(names), terms, key, latest_year, weekday)


REPORTS = [
    report("jackson", PartialDate(2016, 8, 24), {"Jackson", "San Diego"}, {"jackson": 4}),
    report("jackson2", PartialDate(2016, 8, 25), {"Jackson", "Chargers"}, {"jackson": 3}),
    report("williams", PartialDate(2016, 8, 24), {"Williams", "San Diego"}, {"william": 5}),
    report("winter", PartialDate(2016, 1, 10), {"Jackson"}, {"jackson": 1, "snow": 2}),
    report("month", PartialDate(2016, 8), {"Jackson", "Chargers"}, {"jackson": 3}),
    report("yearless", PartialDate(None, 8, 23), {"Chargers"}, {"playoff": 1}),
    report("old", PartialDate(), {"Jackson"}, {"jackson": 3}, latest_year=2006, weekday=6),
    report("later", PartialDate(), {"Jackson"}, {"jackson": 3}, latest_year=2018, weekday=1),
    report("tuesday", PartialDate(2016, 8, 23), {"Jackson"}, {"jackson": 3}, weekday=1),
    report("sunday", PartialDate(), {"San Diego"}, {"coast": 1}, weekday=6),
]


def vectors(f: EventFeatures, freqs: DocumentFrequencies) -> tuple[dict[str, float], ...]:
    terms = {t: (1.0 + math.log(c)) * freqs.term_idf(t) for t, c in f.terms.items() if c}
    names = {n: freqs.name_idf(n) for n in f.names}
    return tuple(_normalised(v) for v in (terms, names))


def _normalised(vector: dict[str, float]) -> dict[str, float]:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    return math.fsum(a[k] * b[k] for k in a.keys() & b.keys())


def older(a: EventFeatures, b: EventFeatures) -> bool:
    if a.date.year is not None or a.latest_year is None or b.date.year is None:
        return False
    interval = _interval(b.date, b.date.year)
    return (
        b.date.year < a.latest_year
        and interval is not None
        and (date(a.latest_year, 1, 1) - interval[1]).days > CONFIG.date_window_days
    )


def centred_elsewhere(a: EventFeatures, b: EventFeatures) -> bool:
    counts = [b.terms.get(tokenize_terms(n)[0], 0) for n in salient_names(a, CONFIG)]
    return any(count < CONFIG.salient_count for count in counts)


def stale(a: EventFeatures, b: EventFeatures) -> bool:
    return (
        a.date.year is None
        and a.latest_year is not None
        and b.date.year is not None
        and a.latest_year < b.date.year - CONFIG.stale_years
    )


def per_pair(a: EventFeatures, b: EventFeatures, freqs: DocumentFrequencies, seen: set[str]):
    """The score formula one pair at a time, noting which factors applied."""
    if older(a, b) or older(b, a):
        seen.add("older")
        return 0.0
    relation = date_relation(a.date, b.date, CONFIG)
    if relation == "apart":
        seen.add("apart")
        return 0.0
    conflict = centred_elsewhere(a, b) and centred_elsewhere(b, a)
    seen.update(["conflict"] if conflict else [])
    (terms_a, names_a), (terms_b, names_b) = vectors(a, freqs), vectors(b, freqs)
    factor = CONFIG.conflict_factor if conflict else 1.0
    score = factor * (
        CONFIG.text_weight * dot(terms_a, terms_b) + CONFIG.names_weight * dot(names_a, names_b)
    )
    if relation == "same" and score > 0:
        seen.add("same")
        score += CONFIG.date_bonus
    if stale(a, b) or stale(b, a):
        seen.add("stale")
        score *= CONFIG.stale_factor
    if a.weekday is not None and b.weekday is not None and a.weekday != b.weekday:
        seen.add("weekday")
        score *= CONFIG.weekday_factor
    return score


def test_scores_of_all_pairs_at_once_equal_the_per_pair_formula():
    freqs = document_frequencies(REPORTS)
    pairs = list(combinations(range(len(REPORTS)), 2))
    first, second = np.array(pairs).T
    scores = _Batch(REPORTS, freqs, CONFIG).scores(first, second).tolist()
    seen: set[str] = set()
    expected = [per_pair(REPORTS[i], REPORTS[j], freqs, seen) for i, j in pairs]
    assert seen == {"older", "apart", "conflict", "same", "stale", "weekday"}
    assert scores == expected  # exactly: fsum-equal sums, the same float operations
    assert 0 < sum(s == 0 for s in scores) < len(pairs)


def test_similarity_is_the_batch_score_of_one_pair():
    freqs = document_frequencies(REPORTS)
    jackson, jackson2, williams = REPORTS[:3]
    same_day = similarity(jackson, jackson2, freqs, CONFIG)
    assert same_day == per_pair(jackson, jackson2, freqs, set())
    assert same_day > CONFIG.date_bonus
    assert similarity(jackson, williams, freqs, CONFIG) == per_pair(jackson, williams, freqs, set())


def test_a_batch_without_pairs_scores_nothing():
    batch = _Batch(REPORTS[:1], document_frequencies(REPORTS[:1]), CONFIG)
    assert batch.scores(np.zeros(0, np.int64), np.zeros(0, np.int64)).shape == (0,)
