"""benchmarks/fit_event_model.py prices chaining: unrelated reports grouped across their coarse
labels lower the precision settings are chosen by, and the best setting is the middle of a
plateau, not its edge."""

import pytest

from benchmarks.fit_event_model import Scores, _best, chaining_precision, overridden
from transforms.event_model import PAIR_FEATURES, EventModel, Regression

BUSINESS = frozenset({"bbc:business"})
EARN, ACQ = frozenset({"reuters:earn"}), frozenset({"reuters:acq"})


@pytest.mark.fast
def test_unrelated_reports_of_another_label_in_one_event_lower_precision():
    labels = {"a": EARN, "b": ACQ, "c": EARN}
    apart = chaining_precision({"a": "1", "b": "2", "c": "3"}, labels)
    assert apart == (3.0, 3, 1)
    chained = chaining_precision({"a": "1", "b": "1", "c": "3"}, labels)
    assert chained[0] / chained[1] == pytest.approx((0.5 + 0.5 + 1) / 3)
    assert chained[2] == 2


@pytest.mark.fast
def test_unrelated_reports_of_one_label_in_one_event_keep_precision():
    labels = {"a": EARN, "c": EARN | ACQ, "d": frozenset()}  # d: kind not known
    assert chaining_precision({"a": "1", "c": "1", "d": "1"}, labels) == (2.0, 2, 3)


@pytest.mark.fast
def test_a_report_of_the_topics_in_an_unrelated_reports_event_is_wrong():
    labels = {"a": BUSINESS}
    assert chaining_precision({"a": "1", "ecb.txt": "1"}, labels) == (0.5, 1, 1)


def scores(f1: float) -> Scores:
    return Scores(f1, f1, f1, f1, f1, 1.0, 1.0)


@pytest.mark.fast
def test_a_flat_plateau_gives_its_middle():
    f1 = {0.5: 0.90, 0.75: 0.95, 1.0: 0.97, 1.25: 0.97, 1.5: 0.97, 1.75: 0.97, 2.0: 0.97}
    f1 |= {2.25: 0.97, 2.5: 0.97, 2.75: 0.95, 3.0: 0.90}
    # smoothed over neighbours, 1.25-2.25 stay at 0.97: the middle is 1.75
    assert _best({(t,): scores(v) for t, v in f1.items()}) == (1.75,)


@pytest.mark.fast
def test_a_plateau_of_even_length_gives_the_stricter_middle_and_l2_breaks_ties():
    f1 = {0.5: 0.97, 0.75: 0.97, 1.0: 0.97, 1.25: 0.97}
    grid = {(l2, t): scores(v) for l2 in (1.0, 3.0) for t, v in f1.items()}
    assert _best(grid) == (3.0, 1.0)


@pytest.mark.fast
def test_each_unrelated_report_its_own_event_sees_two_of_one_kind_grouped():
    # the shipped protocol: labelled each by itself, two earnings tables of two firms in one
    # event are wrong, which labels by kind (both `earn`) cannot see
    own = {"a": frozenset({"a"}), "b": frozenset({"b"})}
    assert chaining_precision({"a": "1", "b": "1"}, own) == (1.0, 2, 2)
    assert chaining_precision({"a": "1", "b": "1"}, {"a": EARN, "b": EARN}) == (2.0, 2, 2)


@pytest.mark.fast
def test_a_merge_threshold_set_over_the_choice_keeps_both_and_the_reason():
    grid = {
        (t,): Scores(0.9, r, 0.9, 0.98, 0.96, 0.85, 17.0) for t, r in ((2.25, 0.96), (4.0, 0.95))
    }
    zero = Regression((0.0,) * len(PAIR_FEATURES), 0.0)
    model = EventModel(zero, zero, 4.0, 2.25, {"fit_half_cross_validated": {}})
    shipped, cv = overridden(model, {}, {"both passes": grid}, 4.0, "chains at scale")
    assert shipped.merge_threshold == 4.0
    assert shipped.fitted["merge_threshold_cross_validated"] == 2.25
    assert shipped.fitted["merge_threshold_set"] == {"value": 4.0, "reason": "chains at scale"}
    assert cv["both_passes"]["recall"] == 0.95
