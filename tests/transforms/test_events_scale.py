"""Event grouping stays linear: each report is scored against a bounded set of partners."""

import math
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from transforms.events import (
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
