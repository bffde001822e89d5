"""Plots of the HTML report, drawn with matplotlib and returned as inline SVG text.

Each figure gets its own SVG id salt: several SVGs inlined in one page share one id space,
and equal clip-path ids across figures would clip one plot with another's rectangle.
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

WIDTH_INCHES = 11.0
TITLE_CHARS = 48  # event titles are cut to keep the timeline's label column narrow
MAX_OUTLETS = 16  # the overlap matrix and the legend show the outlets sharing most
REPORT_SPREAD = 0.5  # an event's reports are spread over this much of its row, so none hides
# The date axis spans the shortest period holding BULK_SHARE of the dated documents, widened
# by BULK_MARGIN of that span (at least BULK_MIN_DAYS) to take in what lies close: one page
# dated 1920 among a year of news must not stretch it, nor a sparse tail of misread dates
# (1,025 dated documents of BBC, ECB+, trafilatura and WCXB pages: 57 before 1998).
BULK_SHARE = 0.95
BULK_MARGIN = 0.1
BULK_MIN_DAYS = 30
# Bars per day up to DAILY_DAYS of span, per week up to WEEKLY_DAYS, then per month.
DAILY_DAYS = 120
WEEKLY_DAYS = 3 * 365


@dataclass(frozen=True, slots=True)
class DateAxis:
    """The span of dates plots draw, and the dated documents left outside it."""

    start: date
    end: date
    before: int = 0
    after: int = 0
    earliest: date | None = None
    latest: date | None = None

    def holds(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end


def bulk_axis(counts: list[tuple[date, int]]) -> DateAxis | None:
    """The span holding the bulk of the dated documents, from (day, documents) pairs in any
    order; what lies outside is counted as outliers."""
    counts = sorted((day, n) for day, n in counts if n > 0)
    if not counts:
        return None
    low, high = _shortest_span(counts, math.ceil(BULK_SHARE * sum(n for _, n in counts)))
    margin = timedelta(days=max(BULK_MIN_DAYS, BULK_MARGIN * (high - low).days))
    inside = [day for day, _ in counts if low - margin <= day <= high + margin]
    start, end = inside[0], inside[-1]
    return DateAxis(
        start,
        end,
        before=sum(n for day, n in counts if day < start),
        after=sum(n for day, n in counts if day > end),
        earliest=counts[0][0],
        latest=counts[-1][0],
    )


def _shortest_span(counts: list[tuple[date, int]], wanted: int) -> tuple[date, date]:
    """The first and last day of the shortest run of days holding `wanted` documents."""
    best = (counts[0][0], counts[-1][0])
    held, first = 0, 0
    for day, n in counts:
        held += n
        while held - counts[first][1] >= wanted:
            held -= counts[first][1]
            first += 1
        if held >= wanted and day - counts[first][0] < best[1] - best[0]:
            best = (counts[first][0], day)
    return best


def bin_start(day: date, span_days: int) -> date:
    """The first day of the bar `day` falls in: itself, its week's Monday, or its month's 1st."""
    if span_days <= DAILY_DAYS:
        return day
    if span_days <= WEEKLY_DAYS:
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def bin_label(span_days: int) -> str:
    if span_days <= DAILY_DAYS:
        return "documents per day"
    return "documents per week" if span_days <= WEEKLY_DAYS else "documents per month"


def svg_text(figure: Figure, salt: str) -> str:
    """The figure as an `<svg>` element (no XML prolog), closed after drawing."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": f"wirehouse-{salt}", "svg.fonttype": "none"}):
        figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg") :]


def message_svg(message: str, salt: str) -> str:
    """A small figure that says why a plot has nothing to draw."""
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, 1.2))
    axes.axis("off")
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=12, color="#555555")
    return svg_text(figure, salt)


def plot_documents_per_day(rows: list[tuple[date, str, int]], axis: DateAxis | None = None) -> str:
    """Stacked bars: documents by publication date (per day, week or month as the span asks),
    one colour per language, over the axis' span."""
    axis = axis or bulk_axis([(day, n) for day, _, n in rows])
    if axis is None:
        return message_svg("No dated documents yet.", "per-day")
    span_days = max((axis.end - axis.start).days, 1)
    by_language: dict[str, dict[date, int]] = defaultdict(lambda: defaultdict(int))
    for day, language, documents in rows:
        if axis.holds(day):
            by_language[language][bin_start(day, span_days)] += documents
    days = sorted({day for counts in by_language.values() for day in counts})
    bin_days = 1 if span_days <= DAILY_DAYS else 7 if span_days <= WEEKLY_DAYS else 30
    width = timedelta(days=bin_days * 0.85)
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, 3.2))
    bottom = dict.fromkeys(days, 0)
    for language in sorted(by_language, key=lambda lang: -sum(by_language[lang].values())):
        heights = [by_language[language].get(day, 0) for day in days]
        axes.bar(days, heights, width=width, bottom=[bottom[d] for d in days], label=language)
        for day, height in zip(days, heights, strict=True):
            bottom[day] += height
    axes.set_ylabel(bin_label(span_days))
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(title="language", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return svg_text(figure, "per-day")


def plot_event_timeline(rows: list[dict], axis: DateAxis | None = None) -> str:
    """One line per event, in the order of `rows`: its date (diamond) and each report as a
    dot coloured by outlet; dates outside the axis' span are not drawn."""
    if not rows:
        return message_svg("No events yet.", "timeline")
    if axis is not None:
        rows = [
            {
                **row,
                "event_date": row["event_date"] if axis.holds(row["event_date"]) else None,
                "published_date": row["published_date"]
                if axis.holds(row["published_date"])
                else None,
            }
            for row in rows
        ]
    events = list(dict.fromkeys(row["event_id"] for row in rows))
    outlets = top_outlets(row["outlet"] for row in rows if row["outlet"])
    colours = outlet_colours(outlets)
    height = min(1.6 + 0.5 * len(events), 40)
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, height))
    labels = []
    for position, event_id in enumerate(events):
        reports = [row for row in rows if row["event_id"] == event_id]
        first = reports[0]
        labels.append(short(first["event_title"] or event_id))
        dates = [r["published_date"] for r in reports if r["published_date"]]
        if first["event_date"]:
            dates.append(first["event_date"])
            axes.scatter(
                first["event_date"],
                position,
                marker="D",
                s=140,
                facecolors="none",
                edgecolors="black",
                zorder=2,
            )
        if dates:
            axes.plot([min(dates), max(dates)], [position, position], color="#bbbbbb", zorder=1)
        for rank, report in enumerate(reports):
            if report["published_date"]:
                colour = colours.get(report["outlet"], "#999999")
                offset = (rank - (len(reports) - 1) / 2) * REPORT_SPREAD / max(len(reports), 1)
                axes.scatter(
                    report["published_date"], position + offset, s=45, color=colour, zorder=3
                )
    axes.set_yticks(range(len(events)), labels)
    axes.invert_yaxis()
    axes.margins(x=0.08, y=0.5 / max(len(events), 1))
    handles = [
        plt.Line2D([], [], marker="o", linestyle="", color=colour, label=outlet)
        for outlet, colour in colours.items()
    ]
    handles.append(
        plt.Line2D(
            [],
            [],
            marker="D",
            linestyle="",
            markerfacecolor="none",
            color="black",
            label="event date",
        )
    )
    axes.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return svg_text(figure, "timeline")


def plot_outlet_overlap(pairs: list[dict], outlets: list[str]) -> str:
    """Outlet-by-outlet matrix of shared paragraphs + quotes, each cell labelled 'p / q'.

    `outlets` come largest first; the ones sharing most are drawn, ties in that order.
    """
    if len(outlets) < 2:
        return message_svg("Fewer than two outlets: nothing to compare yet.", "overlap")
    shared: dict[frozenset[str], tuple[int, int]] = {
        frozenset((p["outlet_a"], p["outlet_b"])): (p["shared_paragraphs"], p["shared_quotes"])
        for p in pairs
    }
    totals: dict[str, int] = defaultdict(int)
    for pair in pairs:
        for outlet in (pair["outlet_a"], pair["outlet_b"]):
            totals[outlet] += pair["shared_paragraphs"] + pair["shared_quotes"]
    ranked = sorted(outlets, key=lambda outlet: -totals[outlet])[:MAX_OUTLETS]
    size = len(ranked)
    matrix = [[0] * size for _ in range(size)]
    figure, axes = plt.subplots(figsize=(min(3 + 0.7 * size, WIDTH_INCHES),) * 2)
    labels = {}
    for i, a in enumerate(ranked):
        for j, b in enumerate(ranked):
            if i != j:
                paragraphs, quotes = shared.get(frozenset((a, b)), (0, 0))
                matrix[i][j] = paragraphs + quotes
                labels[i, j] = f"{paragraphs} / {quotes}"
    most = max(1, *map(max, matrix))
    image = axes.imshow(matrix, cmap="Blues", vmin=0, vmax=most)
    for (i, j), label in labels.items():
        colour = "white" if matrix[i][j] > most / 2 else "black"  # readable on dark cells
        axes.text(j, i, label, ha="center", va="center", fontsize=8, color=colour)
    axes.set_xticks(range(size), ranked, rotation=45, ha="right")
    axes.set_yticks(range(size), ranked)
    figure.colorbar(image, ax=axes, shrink=0.7, label="shared paragraphs + quotes")
    axes.set_title("cells: shared paragraphs / shared quotes", fontsize=10)
    return svg_text(figure, "overlap")


def top_outlets(outlets) -> list[str]:
    """The most frequent outlets first (ties by name), at most MAX_OUTLETS."""
    counts: dict[str, int] = defaultdict(int)
    for outlet in outlets:
        counts[outlet] += 1
    return sorted(counts, key=lambda outlet: (-counts[outlet], outlet))[:MAX_OUTLETS]


def outlet_colours(outlets: list[str]) -> dict[str, str]:
    palette = plt.get_cmap("tab20").colors
    return {
        outlet: matplotlib.colors.to_hex(palette[i % len(palette)])
        for i, outlet in enumerate(outlets)
    }


def short(title: str) -> str:
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"
