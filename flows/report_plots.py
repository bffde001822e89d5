"""Plots of the HTML report, drawn with matplotlib and returned as inline SVG text.

Each figure gets its own SVG id salt: several SVGs inlined in one page share one id space,
and equal clip-path ids across figures would clip one plot with another's rectangle.
"""

from __future__ import annotations

import io
from collections import defaultdict
from datetime import date, timedelta

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.figure import Figure

WIDTH_INCHES = 11.0
TITLE_CHARS = 48  # event titles are cut to keep the timeline's label column narrow
MAX_OUTLETS = 16  # the overlap matrix and the legend show the outlets sharing most
REPORT_SPREAD = 0.5  # an event's reports are spread over this much of its row, so none hides


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


def plot_documents_per_day(rows: list[tuple[date, str, int]]) -> str:
    """Stacked bars: documents per publication day, one colour per language."""
    if not rows:
        return message_svg("No dated documents yet.", "per-day")
    by_language: dict[str, dict[date, int]] = defaultdict(dict)
    for day, language, documents in rows:
        by_language[language][day] = documents
    days = sorted({day for day, _, _ in rows})
    span = max((days[-1] - days[0]).days, 1)
    width = timedelta(days=max(1.0, span / 120))
    figure, axes = plt.subplots(figsize=(WIDTH_INCHES, 3.2))
    bottom = dict.fromkeys(days, 0)
    for language in sorted(by_language, key=lambda lang: -sum(by_language[lang].values())):
        heights = [by_language[language].get(day, 0) for day in days]
        axes.bar(days, heights, width=width, bottom=[bottom[d] for d in days], label=language)
        for day, height in zip(days, heights, strict=True):
            bottom[day] += height
    axes.set_ylabel("documents")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(title="language", loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return svg_text(figure, "per-day")


def plot_event_timeline(rows: list[dict]) -> str:
    """One line per event: its date (diamond) and each report as a dot coloured by outlet."""
    if not rows:
        return message_svg("No events yet.", "timeline")
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
