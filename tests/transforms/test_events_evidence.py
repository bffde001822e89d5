"""Evidence that separates two occurrences of the same kind of story: stale years, weekdays."""

from dataclasses import replace

import pytest

from transforms.events import (
    EventConfig,
    EventFeatures,
    assign_events,
    document_frequencies,
    event_features,
    explain_pair,
    similarity,
    stale_pair,
    weekdays_differ,
)
from transforms.records import Document, PartialDate

CONFIG = EventConfig()
UNDATED = PartialDate()
ARREST = [
    "Chargers receiver Vincent Jackson was arrested {day} on suspicion of drunken driving on "
    "state Route 52, the California Highway Patrol said.",
    "Jackson failed sobriety tests shortly after 2 a.m. and was booked before his release.",
    "The team said it was aware of the arrest and would not comment further.",
]


def report(
    doc_id: str, day: str, when: PartialDate = UNDATED, mentions=(), extra: str = ""
) -> EventFeatures:
    paragraphs = [p.format(day=day) for p in ARREST] + ([extra] if extra else [])
    doc = Document(doc_id, f"{doc_id}.txt", "", "text", "", None, paragraphs, date=when)
    doc = replace(doc, mentioned_dates=[PartialDate(year) for year in mentions])
    return event_features(doc, CONFIG)


def groups(event_of: dict[str, str]) -> set[frozenset[str]]:
    by_event: dict[str, set[str]] = {}
    for doc_id, event_id in event_of.items():
        by_event.setdefault(event_id, set()).add(doc_id)
    return {frozenset(members) for members in by_event.values()}


def test_features_keep_the_lede_weekday_through_a_row():
    feature = report("a", "early Tuesday")
    assert feature.weekday == 1
    assert EventFeatures.from_row(feature.to_row()) == feature


def test_reports_naming_different_weekdays_score_lower():
    tuesday, tuesday2, sunday = (
        report("a", "on Tuesday"),
        report("b", "Tuesday"),
        report("c", "on Sunday"),
    )
    assert weekdays_differ(tuesday, sunday) and not weekdays_differ(tuesday, tuesday2)
    freqs = document_frequencies([tuesday, tuesday2, sunday])
    same_day = similarity(tuesday, tuesday2, freqs, CONFIG)
    other_day = explain_pair(tuesday, sunday, freqs, CONFIG)
    assert other_day["weekday_differ"] < 0  # the learned weight: evidence of two occurrences
    assert other_day["probability"] < same_day


def test_undated_report_mentioning_only_old_years_scores_lower():
    dated = report("d", "", PartialDate(2013, 9, 18), mentions=[2013])
    stale = report("s", "", mentions=[2006, 2008])
    recent = report("r", "", mentions=[2012])
    assert stale_pair(stale, dated, CONFIG) and stale_pair(dated, stale, CONFIG)
    assert not stale_pair(recent, dated, CONFIG)
    freqs = document_frequencies([dated, stale, recent])
    assert explain_pair(stale, dated, freqs, CONFIG)["stale"] < 0
    assert similarity(stale, dated, freqs, CONFIG) < similarity(recent, dated, freqs, CONFIG)


def test_undated_event_with_stale_years_does_not_join_a_dated_event():
    dated = [report(f"d{i}", "", PartialDate(2013, 9, 18 + i)) for i in range(2)]
    playoff = "He will still play in the playoff game at Pittsburgh, coach Norv Turner said."
    stale = [report(f"s{i}", "", mentions=[2006 + i], extra=playoff) for i in range(2)]
    result = assign_events(dated + stale, [], CONFIG)
    assert groups(result.event_of) == {frozenset({"d0", "d1"}), frozenset({"s0", "s1"})}
    fresh = [report(f"s{i}", "", mentions=[2013], extra=playoff) for i in range(2)]
    result = assign_events(dated + fresh, [], CONFIG)
    assert groups(result.event_of) == {frozenset({"d0", "d1", "s0", "s1"})}


def test_one_report_mentioning_an_old_year_still_joins_a_dated_event():
    dated = [report(f"d{i}", "", PartialDate(2013, 9, 18 + i)) for i in range(2)]
    background = report("b", "", mentions=[2004])  # recalls an old case, states no date
    result = assign_events([*dated, background], [], CONFIG)
    assert groups(result.event_of) == {frozenset({"d0", "d1", "b"})}


@pytest.mark.parametrize("incremental", [False, True], ids=["one-batch", "existing-event"])
def test_events_agreeing_on_different_weekdays_stay_apart(incremental):
    tuesday = [report("t1", "early Tuesday"), report("t2", "on Tuesday")]
    sunday = [report("s1", "early Sunday"), report("s2", "on Sunday")]
    if incremental:
        existing = [(feature, "e-tuesday") for feature in tuesday]
        result = assign_events(sunday, existing, CONFIG)
        assert set(result.event_of.values()) != {"e-tuesday"}
        assert len(set(result.event_of.values())) == 1
    else:
        result = assign_events(tuesday + sunday, [], CONFIG)
        assert groups(result.event_of) == {frozenset({"t1", "t2"}), frozenset({"s1", "s2"})}
    days = ["early Tuesday", "on Sunday", "later", "later"]
    undecided = [report(f"u{i}", day) for i, day in enumerate(days)]
    assert len(set(assign_events(undecided, [], CONFIG).event_of.values())) == 1


def test_a_bridging_report_does_not_merge_events_that_disagree():
    existing = [(report("t1", "early Tuesday"), "e-tue"), (report("t2", "on Tuesday"), "e-tue")]
    existing += [(report("s1", "early Sunday"), "e-sun"), (report("s2", "on Sunday"), "e-sun")]
    result = assign_events([report("n", "this week")], existing, CONFIG)
    assert result.merges == []
    assert result.event_of["n"] in {"e-tue", "e-sun"}
