"""Pairs are scored all at once from arrays; each score must equal the per-pair formula."""

import math
from dataclasses import replace
from datetime import date
from itertools import combinations

import numpy as np
import pytest

from transforms.event_model import PAIR_FEATURES
from transforms.events import (
    DocumentFrequencies,
    EventConfig,
    EventFeatures,
    _Batch,
    _interval,
    date_relation,
    document_frequencies,
    explain_pair,
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
    replace(
        report("jackson", PartialDate(2016, 8, 24), {"Jackson", "San Diego"}, {"jackson": 4}),
        places=frozenset({"San Diego"}),
        numbers=frozenset({"52", "0.08"}),
        quotes=frozenset({"q1"}),
    ),
    replace(
        report("jackson2", PartialDate(2016, 8, 25), {"Jackson", "Chargers"}, {"jackson": 3}),
        places=frozenset({"San Diego"}),
        numbers=frozenset({"52"}),
        quotes=frozenset({"q1", "q2"}),
    ),
    report("august", PartialDate(2016, 8, 2), {"Jackson"}, {"jackson": 3}),
    report("williams", PartialDate(2016, 8, 24), {"Williams", "San Diego"}, {"william": 5}),
    report("winter", PartialDate(2016, 1, 10), {"Jackson"}, {"jackson": 1, "snow": 2}),
    report("month", PartialDate(2016, 8), {"Jackson", "Chargers"}, {"jackson": 3}),
    report("yearless", PartialDate(None, 8, 23), {"Chargers"}, {"playoff": 1}),
    report("old", PartialDate(), {"Jackson"}, {"jackson": 3}, latest_year=2006, weekday=6),
    report("later", PartialDate(), {"Jackson"}, {"jackson": 3}, latest_year=2018, weekday=1),
    report("tuesday", PartialDate(2016, 8, 23), {"Jackson"}, {"jackson": 3}, weekday=1),
    report("sunday", PartialDate(), {"San Diego"}, {"coast": 1}, weekday=6),
    # follow-ups: a trial in 2017 that says when the arrest was, an undated report recalling
    # the month (and, older than the years it mentions, the August reports), and a report of
    # a day that recalls only its own
    replace(
        report("trial", PartialDate(2017, 3, 1), {"Jackson"}, {"jackson": 3, "trial": 2}),
        recalled=((date(2016, 8, 24), date(2016, 8, 24)), (date(2015, 2, 1), date(2015, 2, 28))),
    ),
    replace(
        report("recalls", PartialDate(), {"Jackson"}, {"jackson": 2}, latest_year=2017),
        recalled=((date(2016, 8, 1), date(2016, 8, 31)),),
    ),
    replace(
        report("own", PartialDate(2016, 1, 11), {"Jackson"}, {"snow": 1}),
        recalled=((date(2016, 1, 10), date(2016, 1, 10)),),
    ),
]


def vectors(f: EventFeatures, freqs: DocumentFrequencies) -> tuple[dict[str, float], ...]:
    terms = {t: (1.0 + math.log(c)) * freqs.term_idf(t) for t, c in f.terms.items() if c}
    names = {n: freqs.name_idf(n) for n in f.names}
    places = {p: freqs.name_idf(p) for p in f.places}
    numbers = {n: freqs.number_idf(n) for n in f.numbers}
    return tuple(_normalised(v) for v in (terms, names, places, numbers))


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


def gap(a: PartialDate, b: PartialDate) -> int | None:
    """Days between two dates; one without a year is placed in the other's year or a
    neighbour, whichever is nearest (None when neither has a year)."""
    if a.year is None:
        a, b = b, a
    if a.year is None or b.month is None:
        return None
    ia = _interval(a, a.year)
    years = [b.year] if b.year else [a.year - 1, a.year, a.year + 1]
    return min(
        max(0, (ib[0] - ia[1]).days, (ia[0] - ib[1]).days)
        for ib in (_interval(b, year) for year in years)
    )


def recalls(a: EventFeatures, b: EventFeatures) -> bool:
    """`a` mentions a day or month, before its own days, that holds `b`'s (a month at most)."""
    if b.date.year is None or (days := _interval(b.date, b.date.year)) is None:
        return False
    own = _interval(a.date, a.date.year) if a.date.year else None
    near = CONFIG.date_same_days
    return (days[1] - days[0]).days <= 31 and any(
        (first - days[1]).days <= near
        and (days[0] - last).days <= near
        and (own is None or (own[0] - last).days > near)
        for first, last in a.recalled
    )


def per_pair(a: EventFeatures, b: EventFeatures, freqs: DocumentFrequencies, seen: set[str]):
    """The evidence and the probability one pair at a time, noting which evidence applied."""
    relation = date_relation(a.date, b.date, CONFIG)
    follow_up = recalls(a, b) or recalls(b, a)
    if older(a, b) or older(b, a):
        seen.add("older")
        if not follow_up:
            return None, 0.0
        seen.add("older follow-up")
        relation = "apart"
    if relation == "apart" and not follow_up:
        seen.add("apart")
        return None, 0.0
    conflict = centred_elsewhere(a, b) and centred_elsewhere(b, a)
    days = gap(a.date, b.date)
    apart = relation == "unknown" and days is not None and days > CONFIG.date_same_days
    window = CONFIG.date_window_days
    if relation == "apart":
        seen.add("beyond the window")
        beyond = 1 + math.log(max(days if days is not None else 0, window) / window)
    weekday = a.weekday is not None and b.weekday is not None and a.weekday != b.weekday
    terms_a, names_a, places_a, numbers_a = vectors(a, freqs)
    terms_b, names_b, places_b, numbers_b = vectors(b, freqs)
    evidence = {
        "text": dot(terms_a, terms_b),
        "names": dot(names_a, names_b),
        "places": dot(places_a, places_b),
        "quotes": float(bool(a.quotes & b.quotes)),
        "numbers": dot(numbers_a, numbers_b),
        "same_day_overlap": float(relation == "same"),
        "days_apart": min(days, window) / window if apart else beyond if relation == "apart" else 0,
        "conflict": float(conflict),
        "stale": float(stale(a, b) or stale(b, a)),
        "weekday_differ": float(weekday),
        "years_differ": float(
            a.date.year is None
            and b.date.year is None
            and a.latest_year is not None
            and b.latest_year is not None
            and abs(a.latest_year - b.latest_year) > CONFIG.stale_years
        ),
    }
    seen.update(name for name, value in evidence.items() if value)
    overlap = (evidence["text"] + evidence["names"]) / 2
    evidence["same_day_overlap"] *= overlap
    evidence["recalled_overlap"] = float(follow_up and relation == "apart") * overlap
    for name in ("conflict", "stale", "weekday_differ"):
        evidence[f"{name.split('_')[0]}_overlap"] = evidence[name] * overlap
    seen.update(name for name, value in evidence.items() if value)
    model = CONFIG.model.reports
    score = math.fsum(
        w * evidence[name] for name, w in zip(PAIR_FEATURES, model.weights, strict=True)
    )
    return [evidence[name] for name in PAIR_FEATURES], max(score, 0.0)


def test_scores_of_all_pairs_at_once_equal_the_per_pair_formula():
    freqs = document_frequencies(REPORTS)
    pairs = list(combinations(range(len(REPORTS)), 2))
    first, second = np.array(pairs).T
    batch = _Batch(REPORTS, freqs, CONFIG)
    evidence, apart = batch.evidence(first, second)
    scores = batch.scores(first, second).tolist()
    seen: set[str] = set()
    expected = [per_pair(REPORTS[i], REPORTS[j], freqs, seen) for i, j in pairs]
    assert seen >= {"older", "apart", "conflict", "same_day_overlap", "days_apart", "stale"}
    assert seen >= {"weekday_differ", "places", "numbers", "quotes", "years_differ"}
    assert seen >= {"recalled_overlap", "beyond the window", "older follow-up"}
    for row, is_apart, (values, _) in zip(evidence.tolist(), apart, expected, strict=True):
        assert is_apart == (values is None)
        if values is not None:
            assert row == pytest.approx(values, rel=1e-12, abs=1e-15)
    assert scores == pytest.approx([p for _, p in expected], rel=1e-12, abs=0)
    assert 0 < sum(s == 0 for s in scores) < len(pairs)


def test_similarity_is_the_batch_score_of_one_pair():
    freqs = document_frequencies(REPORTS)
    jackson, jackson2, williams = REPORTS[:3]
    same_day = similarity(jackson, jackson2, freqs, CONFIG)
    assert same_day == pytest.approx(per_pair(jackson, jackson2, freqs, set())[1], rel=1e-12)
    assert same_day > CONFIG.model.threshold
    other = similarity(jackson, williams, freqs, CONFIG)
    assert other == pytest.approx(per_pair(jackson, williams, freqs, set())[1], rel=1e-12)


def test_explain_says_what_each_piece_of_evidence_added():
    freqs = document_frequencies(REPORTS)
    jackson, jackson2 = REPORTS[:2]
    parts = explain_pair(jackson, jackson2, freqs, CONFIG)
    evidence = sum(parts[name] for name in PAIR_FEATURES)
    assert parts["probability"] == pytest.approx(1 / (1 + math.exp(-parts["intercept"] - evidence)))
    assert parts["score"] == pytest.approx(evidence)
    assert parts["score"] == pytest.approx(similarity(jackson, jackson2, freqs, CONFIG))
    overlap = (parts["text="] + parts["names="]) / 2
    assert parts["same_day_overlap="] == pytest.approx(overlap) and parts["same_day_overlap"] > 0


def test_a_batch_without_pairs_scores_nothing():
    batch = _Batch(REPORTS[:1], document_frequencies(REPORTS[:1]), CONFIG)
    assert batch.scores(np.zeros(0, np.int64), np.zeros(0, np.int64)).shape == (0,)
