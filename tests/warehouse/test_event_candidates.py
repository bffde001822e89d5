"""The event candidate query leaves out exactly the dated linked documents assign_events would
score 0 for their dates ('apart', unless one recalls the other's event days), so its
per-report bound goes to documents a report can join."""

from __future__ import annotations

import random
from datetime import date

import duckdb
import numpy as np
import pyarrow as pa
import pytest

from transforms.events import EventConfig, EventFeatures, _Batch, date_relation, order_key
from transforms.records import PartialDate
from warehouse.loader import read_sql

CONFIG = EventConfig()


def _partial_dates(rng: random.Random, count: int) -> list[PartialDate]:
    """Dates of every precision around 2015-2016, with year-less ones and impossible ones."""
    dates = [
        PartialDate(2016, 2, 30),
        PartialDate(2016, 13, 1),
        PartialDate(0, 1, 1),
        PartialDate(None, 12, 30),
        PartialDate(2016, None, None),
        PartialDate(2016, None, 5),
    ]
    while len(dates) < count:
        year = rng.choice([None, 2015, 2016, 2016, 2016])
        month = rng.choice([None, *range(1, 13)])
        day = rng.randint(1, 28) if month and rng.random() < 0.7 else None
        dates.append(PartialDate(year, month, day))
    return dates


def _candidates(
    reports: list[PartialDate],
    linked: list[PartialDate],
    per_report: int = 0,
    event_days: dict[str, tuple[date, date]] | None = None,
    recalled: dict[str, list[tuple[date, date]]] | None = None,
) -> dict[str, set[str]]:
    """Per report, the linked documents the query returns (all share one rare name);
    `event_days`: doc id -> the days its lede dates the event on; `recalled`: doc id -> the
    days and months its text mentions."""
    con = duckdb.connect()
    con.execute(
        'CREATE TABLE event_features (doc_id VARCHAR, "year" INTEGER, "month" INTEGER, '
        '"day" INTEGER, names VARCHAR[], terms MAP(VARCHAR, INTEGER), order_key VARCHAR, '
        "latest_year INTEGER, weekday INTEGER, event_first DATE, event_last DATE, "
        "event_month INTEGER, event_day INTEGER, places VARCHAR[], quotes VARCHAR[], "
        "numbers VARCHAR[], headline_terms VARCHAR[], recalled_first DATE[], "
        "recalled_last DATE[])"
    )
    rows = [(f"r{i}", d) for i, d in enumerate(reports)] + [
        (f"l{i}", d) for i, d in enumerate(linked)
    ]
    days, mentions = event_days or {}, recalled or {}
    con.executemany(
        "INSERT INTO event_features VALUES (?, ?, ?, ?, ['name'], MAP(), ?, NULL, NULL, ?, ?, "
        "NULL, NULL, [], [], [], [], ?, ?)",
        [
            (
                doc,
                d.year,
                d.month,
                d.day,
                doc,
                *days.get(doc, (None, None)),
                [first for first, _ in mentions.get(doc, [])],
                [last for _, last in mentions.get(doc, [])],
            )
            for doc, d in rows
        ],
    )
    con.execute(
        "CREATE TABLE event_documents AS SELECT doc_id, 'e1' AS event_id "
        "FROM event_features WHERE doc_id LIKE 'l%'"
    )
    con.execute(
        "CREATE TABLE event_rare_names AS SELECT doc_id, 'name' AS name FROM event_features"
    )
    found: dict[str, set[str]] = {}
    for index in range(len(reports)):
        con.register("event_chunk", pa.table({"doc_id": [f"r{index}"]}))
        params = {
            "per_report": per_report or len(linked),
            "window_days": CONFIG.date_window_days,
            "near_days": CONFIG.date_same_days,
        }
        found[f"r{index}"] = {
            row[0] for row in con.execute(read_sql("event_candidates"), params).fetchall()
        }
        con.unregister("event_chunk")
    return found


def test_candidates_leave_out_exactly_the_pairs_dated_apart() -> None:
    rng = random.Random(7)
    reports, linked = _partial_dates(rng, 40), _partial_dates(rng, 60)
    found = _candidates(reports, linked)
    for index, report in enumerate(reports):
        expected = {
            f"l{j}"
            for j, other in enumerate(linked)
            if date_relation(report, other, CONFIG) != "apart"
            or report.year is None  # year-less dates are left for assign_events to judge
            or other.year is None
        }
        assert found[f"r{index}"] == expected, report
    assert any(len(f) < len(linked) for f in found.values())  # the window does leave some out


def test_the_bound_goes_to_documents_inside_the_window() -> None:
    report = PartialDate(2016, 3, 24)
    linked = [PartialDate(2014, 3, 24)] * 3 + [PartialDate(2016, 3, 20)]
    # all four share the name equally; without the window the bound of 1 would take l0
    assert _candidates([report], linked, per_report=1)["r0"] == {"l3"}


def test_the_window_is_around_the_day_the_lede_dates_the_event() -> None:
    # a report of 24 March whose lede dates the event 25 January (its "on January 25")
    report = PartialDate(2016, 3, 24)
    linked = [PartialDate(2015, 12, 1), PartialDate(2016, 3, 1)]
    plain = _candidates([report], linked)["r0"]
    assert plain == {"l1"}
    january = {"r0": (date(2016, 1, 25), date(2016, 1, 25))}
    assert _candidates([report], linked, event_days=january)["r0"] == {"l0", "l1"}


def _recalled(rng: random.Random) -> list[tuple[date, date]]:
    """Days and months of 2015-2016 a text mentions (none half the time)."""
    found = []
    for _ in range(rng.choice([0, 0, 1, 2])):
        first = date(
            rng.choice([2015, 2016]), rng.randint(1, 12), rng.choice([1, rng.randint(1, 28)])
        )
        last = (
            first
            if first.day > 1
            else date.fromordinal(
                date(first.year + first.month // 12, first.month % 12 + 1, 1).toordinal() - 1
            )
        )
        found.append((first, last))
    return found


def _features(doc_id: str, when: PartialDate, recalled: list[tuple[date, date]]) -> EventFeatures:
    return EventFeatures(
        doc_id, when, frozenset(), {}, order_key(doc_id, when), recalled=tuple(recalled)
    )


@pytest.mark.fast
def test_candidates_beyond_the_window_are_exactly_the_pairs_that_recall_each_other() -> None:
    rng = random.Random(11)
    reports, linked = _partial_dates(rng, 40), _partial_dates(rng, 60)
    recalled = {f"r{i}": _recalled(rng) for i in range(40)}
    recalled |= {f"l{j}": _recalled(rng) for j in range(60)}
    found = _candidates(reports, linked, recalled=recalled)
    admitted = 0
    for index, report in enumerate(reports):
        expected = set()
        for j, other in enumerate(linked):
            a = _features(f"r{index}", report, recalled[f"r{index}"])
            b = _features(f"l{j}", other, recalled[f"l{j}"])
            batch = _Batch([a, b], None, CONFIG)
            _, apart = batch.evidence(np.array([0]), np.array([1]))
            dated = report.year and other.year and batch.first_day.all()
            if not apart[0] or not dated:
                expected.add(f"l{j}")
                admitted += bool(dated and date_relation(report, other, CONFIG) == "apart")
        assert found[f"r{index}"] == expected, report
    assert admitted > 0  # some pairs beyond the window are fetched for what they recall


@pytest.mark.fast
def test_a_follow_up_fetches_the_reports_of_what_it_recalls() -> None:
    # the trial report (April 2013) says the shooting was in October 2011
    trial = PartialDate(2013, 4, 11)
    linked = [PartialDate(2011, 10, 21), PartialDate(2011, 6, 1), PartialDate(2013, 3, 1)]
    october = [(date(2011, 10, 1), date(2011, 10, 31))]
    assert _candidates([trial], linked, recalled={"r0": october})["r0"] == {"l0", "l2"}
    assert _candidates([trial], linked)["r0"] == {"l2"}
    # and the arrest report placed after the trial's finds it the other way round
    arrest = PartialDate(2011, 10, 25)
    found = _candidates([arrest], [trial], recalled={"l0": october})["r0"]
    assert found == {"l0"}
