"""The report's date axis: the bulk of the dates, outliers counted, bars by day, week, month."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from flows.report_plots import bin_label, bin_start, bulk_axis

pytestmark = pytest.mark.fast


def days(first: date, count: int, step: int = 1) -> list[tuple[date, int]]:
    return [(first + timedelta(days=i * step), 1) for i in range(count)]


def test_one_bad_date_does_not_stretch_the_axis():
    axis = bulk_axis([*days(date(2025, 1, 1), 300), (date(1920, 1, 1), 1)])
    assert (axis.start, axis.end) == (date(2025, 1, 1), date(2025, 10, 27))
    assert (axis.before, axis.after, axis.earliest) == (1, 0, date(1920, 1, 1))


def test_a_sparse_tail_of_misread_dates_is_counted_not_drawn():
    tail = days(date(1960, 1, 1), 20, step=700)  # one every two years, 1960-1997
    axis = bulk_axis([*tail, *days(date(2004, 1, 1), 400, step=18)])
    assert axis.start >= date(2003, 1, 1) and axis.before >= 15


def test_a_few_dates_are_all_drawn():
    axis = bulk_axis([(date(2015, 12, 15), 1), (date(2016, 3, 24), 2), (date(2016, 7, 15), 2)])
    assert (axis.start, axis.end, axis.before, axis.after) == (
        date(2015, 12, 15),
        date(2016, 7, 15),
        0,
        0,
    )
    assert bulk_axis([]) is None


def test_two_far_clusters_of_equal_weight_are_both_the_bulk():
    axis = bulk_axis([*days(date(2005, 3, 1), 100), *days(date(2025, 3, 1), 100)])
    assert (axis.start, axis.end) == (date(2005, 3, 1), date(2025, 6, 8))


@pytest.mark.parametrize(
    ("span", "start", "label"),
    [
        (60, date(2025, 5, 14), "documents per day"),
        (400, date(2025, 5, 12), "documents per week"),  # the Monday
        (4000, date(2025, 5, 1), "documents per month"),
    ],
)
def test_bars_get_wider_with_the_span(span: int, start: date, label: str):
    assert bin_start(date(2025, 5, 14), span) == start and bin_label(span) == label
