"""Event grouping stays linear: each report is scored against a bounded set of partners."""

import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from transforms.events import (
    BatchRows,
    EventConfig,
    EventFeatures,
    _Batch,
    _candidate_pairs,
    assign_events,
    document_frequencies,
)
from transforms.records import PartialDate

REPO = Path(__file__).parents[2]


def report(index: int, shared: int) -> EventFeatures:
    """A report on the 1st of March 2016 sharing `shared` of its names with report 0."""
    names = {f"name{k}" for k in range(shared)} | {f"own{index}a", f"own{index}b"}
    terms = {f"term{index}": 3, "summit": 2, **{n: 1 for n in names}}
    when = PartialDate(2016, 3, 1)
    return EventFeatures(f"d{index:03d}", when, frozenset(names), terms, f"2016-03-01|d{index:03d}")


def test_each_report_is_scored_against_at_most_max_candidates_partners():
    features = [report(i, shared=3) for i in range(45)]  # under the 50-report block cap
    config = replace(EventConfig(), max_candidates=5)
    batch = _Batch(features, document_frequencies(features), config)
    pairs = _candidate_pairs(features, len(features), batch, config)
    partners: dict[int, set[int]] = {}
    for i, j in pairs:
        partners.setdefault(i, set()).add(j)
        partners.setdefault(j, set()).add(i)
    assert len(pairs) <= len(features) * config.max_candidates
    assert all(len(found) >= 1 for found in partners.values())
    assert len(partners) == len(features)


def test_partners_sharing_more_keys_come_first():
    features = [report(0, shared=4), report(1, shared=1), report(2, shared=4), report(3, shared=2)]
    config = replace(EventConfig(), max_candidates=1)
    pairs = _candidate_pairs(
        features, 1, _Batch(features, document_frequencies(features), config), config
    )
    assert pairs == {(0, 2)}


def test_an_event_larger_than_the_candidate_bound_splits_so_the_default_bound_is_large():
    features = [report(i, shared=4) for i in range(40)]
    whole = assign_events(features, [], EventConfig())
    bounded = replace(EventConfig(), max_candidates=8)
    first_pass = replace(bounded, model=replace(bounded.model, merge_threshold=math.inf))
    assert len(set(whole.event_of.values())) == 1
    # average linkage counts a pair never scored as no evidence: the first pass splits it
    assert len(set(assign_events(features, [], first_pass).event_of.values())) > 1


PAIRS_IN_A_FRESH_PROCESS = """
from dataclasses import replace
from transforms.events import EventConfig, EventFeatures, _Batch, _candidate_pairs
from transforms.events import document_frequencies
from transforms.records import PartialDate
def report(index, names):
    return EventFeatures(f"d{index:02d}", PartialDate(2016, 3, 1), frozenset(names),
                         {f"own{index}": 1}, f"2016-03-01|d{index:02d}")
# report 0 names Alpha, Bravo, Charlie; ten others each name one of them: all tied
features = [report(0, ["Alpha", "Bravo", "Charlie"])]
features += [report(i, [("Alpha", "Bravo", "Charlie")[i % 3]]) for i in range(1, 31)]
config = replace(EventConfig(), max_candidates=3)
batch = _Batch(features, document_frequencies(features), config)
print(sorted(_candidate_pairs(features, 1, batch, config)))
"""


@pytest.mark.process
def test_candidates_tied_on_shared_keys_are_the_same_in_every_process():
    """Names are a frozenset, whose order follows the process's string hashing: the partners
    kept among reports tied on shared keys must not."""
    runs = {
        subprocess.run(
            [sys.executable, "-c", PAIRS_IN_A_FRESH_PROCESS],
            env={**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in (1, 2, 3, 4)
    }
    assert len(runs) == 1


def varied(index: int) -> EventFeatures:
    """Reports of three stories over three months, with places, figures and quotes."""
    story = index % 3
    names = {f"Chief{story}", f"Town{story}", f"own{index}"} | (
        {"Common Name"} if index % 2 else set()
    )
    terms = {f"story{story}": 3, f"chief{story}": 3, "summit": 2, f"term{index % 7}": 1}
    when = PartialDate(2016, 3 + index % 3, 1 + index % 20)
    return EventFeatures(
        f"v{index:03d}",
        when,
        frozenset(names),
        terms,
        f"{when.year}-{when.month:02d}-{when.day:02d}|v{index:03d}",
        places=frozenset({f"Town{story}"}),
        quotes=frozenset({f"q{story}"} if index % 4 == 0 else set()),
        numbers=frozenset({str(10 + story), "2016"}),
    )


@pytest.mark.fast
def test_rows_kept_across_chunks_place_reports_as_rows_coded_afresh():
    reports = sorted((varied(i) for i in range(60)), key=lambda f: f.order_key)
    config = EventConfig()
    rows = BatchRows(limit=15)  # generations turn over: rows are dropped and coded again
    results = []
    for kept in (rows, None):
        event_of: dict[str, str] = {}
        placed: list[EventFeatures] = []
        for start in range(0, len(reports), 10):
            new = reports[start : start + 10]
            existing = [(f, event_of[f.doc_id]) for f in placed[-20:]]  # the linked ones
            extra = {"rows": kept} if kept is not None else {}
            result = assign_events(new, existing, config, **extra)
            renamed = {absorbed: survivor for absorbed, survivor, _ in result.merges}
            event_of = {d: renamed.get(e, e) for d, e in event_of.items()} | result.event_of
            placed += new
            results.append((result.event_of, result.scores, result.merges))
            if kept is not None:
                assert len(kept) <= 2 * kept.limit + len(new) + len(existing)
    assert len(rows) < len(reports)  # some were dropped
    half = len(results) // 2
    assert results[:half] == results[half:]
    assert len({e for event_of, _, _ in results[:half] for e in event_of.values()}) >= 3


@pytest.mark.fast
def test_a_batch_of_kept_rows_equals_one_coded_afresh():
    reports = [varied(i) for i in range(30)]
    rows = BatchRows()
    _Batch(list(reversed(reports[10:])), None, EventConfig(), rows)  # ids in another order
    kept = _Batch(reports, None, EventConfig(), rows)
    fresh = _Batch(reports, None, EventConfig())
    for name in ("counts", "terms", "names", "places", "quotes", "numbers", "salient", "covered"):
        a, b = getattr(kept, name), getattr(fresh, name)
        assert (a != b).nnz == 0 and a.shape == b.shape, name
        assert a.indices.tolist() == b.indices.tolist(), name
    assert kept.term_column == fresh.term_column and kept.whens == fresh.whens
    assert kept.salient.nnz > 0 and kept.places.nnz > 0 and kept.quotes.nnz > 0
