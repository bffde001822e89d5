"""Evidence that separates two occurrences of the same kind of story: stale years, weekdays."""

from dataclasses import replace

import pytest

from transforms.events import (
    EventConfig,
    EventFeatures,
    _Evidence,
    assign_events,
    document_frequencies,
    event_features,
    evidence_conflict,
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


@pytest.mark.parametrize("incremental", [False, True], ids=["one-batch", "existing-event"])
def test_undated_event_whose_reports_mention_later_years_does_not_join_a_dated_event(incremental):
    # reports linked only through undated ones that state no year: the pairs of a later-year
    # report and a dated one are apart, the group must be too (a report is not older than
    # the years it mentions; 76ers coach fired in 2008, the 2005 hiring of that coach)
    dated = [report(f"d{i}", "", PartialDate(2013, 9, 18 + i)) for i in range(2)]
    playoff = "He will still play in the playoff game at Pittsburgh, coach Norv Turner said."
    undated = [report(f"u{i}", "", extra=playoff) for i in range(2)]
    later = [report(f"l{i}", "", mentions=[2016 + i % 2], extra=playoff) for i in range(3)]
    if incremental:
        result = assign_events(undated + later, [(f, "e-2013") for f in dated], CONFIG)
        assert "e-2013" not in result.event_of.values()
        assert len(set(result.event_of.values())) == 1
    else:
        result = assign_events(dated + undated + later, [], CONFIG)
        assert groups(result.event_of) == {
            frozenset({"d0", "d1"}),
            frozenset({"u0", "u1", "l0", "l1", "l2"}),
        }


@pytest.mark.parametrize(
    ("latest", "apart"),
    [
        ([2014, 2014, 2013], True),  # most of those that mention a year: next year
        ([2014, 2014, 2013, 2013, 2013], False),  # most place it in the dated year
        ([2016, 0, 0], False),  # one report: a future fixture, not evidence
        ([2010, 2009], True),  # all well before: an older occurrence
        ([2012, 2009], False),  # within `stale_years`
    ],
)
def test_group_years_against_a_dated_group(latest, apart):
    dated = _Evidence.of_rows([2013, 2013], [2013, 0], [-1, -1])
    undated = _Evidence.of_rows([0] * len(latest), latest, [-1] * len(latest))
    assert evidence_conflict(dated, undated, CONFIG) is apart
    assert evidence_conflict(undated, dated, CONFIG) is apart
    assert not evidence_conflict(undated, undated, CONFIG)  # no dated side: no year to hold


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


def _floors(text: float, names: float) -> EventConfig:
    return replace(
        CONFIG, model=replace(CONFIG.model, text_mass_floor=text, names_mass_floor=names)
    )


def test_a_cosine_counts_in_proportion_to_the_rare_content_of_both_reports():
    a, b = report("a", "on Tuesday"), report("b", "Tuesday")
    full = explain_pair(a, b, None, _floors(0.0, 0.0))
    assert full["text="] > 0.5 and full["names="] > 0.5
    # below any report's rare content, a floor changes nothing ...
    assert explain_pair(a, b, None, _floors(1e-3, 1e-3))["text="] == pytest.approx(full["text="])
    # ... above both, a cosine counts by both reports' share of it: twice the floor, a quarter
    high, higher = (explain_pair(a, b, None, _floors(f, f)) for f in (1e4, 2e4))
    for feature in ("text=", "names="):
        assert 0 < high[feature] < full[feature]
        assert higher[feature] == pytest.approx(high[feature] / 4)


DIVIDEND = ["Qtly div {cents} cts vs {cents} cts prior", "Pay April {pay}", "Record March {rec}"]


def notice(doc_id: str, firm: str, cents: int, pay: int, rec: int) -> EventFeatures:
    lines = [line.format(cents=cents, pay=pay, rec=rec) for line in DIVIDEND]
    doc = Document(doc_id, f"{doc_id}.txt", "", "text", "", f"{firm} sets quarterly", lines)
    return event_features(doc, CONFIG)


def test_mass_floors_keep_two_firms_dividend_notices_apart():
    """Wire notices of one template share their few common words and nothing rare: weighed
    by their rare content, the cosine of two such thin reports is weak evidence. The shipped
    model has no floors (fit_event_model.MASS_FLOORS says why), and groups them."""
    notices = [
        notice("acme", "Acme Tool Corp", 15, 15, 31),
        notice("baxter", "Baxter Mills Inc", 22, 10, 20),
        notice("corning", "Corning Valley Gas Co", 40, 30, 16),
    ]
    floored = assign_events(notices, [], _floors(50.0, 20.0))
    assert groups(floored.event_of) == {frozenset({n.doc_id}) for n in notices}
    shipped = assign_events(notices, [], CONFIG)
    assert CONFIG.model.text_mass_floor == 0 and len(groups(shipped.event_of)) == 1
