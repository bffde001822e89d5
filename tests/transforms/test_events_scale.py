"""Event grouping stays linear: each report is scored against a bounded set of partners."""

from dataclasses import replace

from transforms.events import (
    EventConfig,
    EventFeatures,
    _candidate_pairs,
    _Vectors,
    assign_events,
    document_frequencies,
)
from transforms.records import PartialDate


def report(index: int, shared: int) -> EventFeatures:
    """A report on the 1st of March 2016 sharing `shared` of its names with report 0."""
    names = {f"name{k}" for k in range(shared)} | {f"own{index}a", f"own{index}b"}
    terms = {f"term{index}": 3, "summit": 2, **{n: 1 for n in names}}
    when = PartialDate(2016, 3, 1)
    return EventFeatures(f"d{index:03d}", when, frozenset(names), terms, f"2016-03-01|d{index:03d}")


def test_each_report_is_scored_against_at_most_max_candidates_partners():
    features = [report(i, shared=3) for i in range(45)]  # under the 50-report block cap
    config = replace(EventConfig(), max_candidates=5)
    pairs = _candidate_pairs(
        features, len(features), _Vectors(document_frequencies(features)), config
    )
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
    pairs = _candidate_pairs(features, 1, _Vectors(document_frequencies(features)), config)
    assert pairs == {(0, 2)}


def test_an_event_larger_than_the_candidate_bound_splits_so_the_default_bound_is_large():
    features = [report(i, shared=4) for i in range(40)]
    whole = assign_events(features, [], EventConfig())
    bounded = assign_events(features, [], replace(EventConfig(), max_candidates=8))
    assert len(set(whole.event_of.values())) == 1
    assert len(set(bounded.event_of.values())) > 1
