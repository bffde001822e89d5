"""`wirehouse report`: one self-contained HTML file (inline SVG plots and CSS, no scripts).

Every number comes from a query in warehouse/sql/report_*.sql over the analysts' views, run
read-only, so the report can be written while nothing else is touching the warehouse.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from flows.report_plots import (
    DateAxis,
    bulk_axis,
    plot_documents_per_day,
    plot_event_timeline,
    plot_outlet_overlap,
)
from warehouse import loader, reader

TABLE_ROWS = 50  # longer tables are cut, with a note saying how many rows there are
TOP_EVENTS = 20  # events drawn and listed, most outlets first (`wirehouse report --events N`)
OVERLAP_ROWS = 20  # outlet pairs listed under the matrix, most shared first
STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; color: #222; margin: 2em auto; max-width: 1180px;
       padding: 0 1em; }
h1 { margin-bottom: 0.1em; } h2 { margin-top: 1.8em; border-bottom: 1px solid #ddd; }
.meta { color: #666; }
.totals { display: flex; flex-wrap: wrap; gap: 0.8em; margin-top: 1em; }
.total { background: #f3f6fa; border-radius: 6px; padding: 0.5em 1em; min-width: 7em; }
.total b { display: block; font-size: 1.6em; }
table { border-collapse: collapse; margin: 0.6em 0; font-size: 13px; }
th, td { border: 1px solid #ddd; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f3f6fa; } td.num { text-align: right; }
figure { margin: 0.5em 0; } svg { max-width: 100%; height: auto; }
.note { color: #666; font-style: italic; }
"""


def write_report(db: Path, out: Path, events: int = TOP_EVENTS) -> Path:
    """Write the report of warehouse `db` to `out`, whose folder must exist."""
    out.write_text(build_report(db, events), encoding="utf-8")
    return out


def build_report(db: Path, events: int = TOP_EVENTS) -> str:
    columns, (counts,) = fetch(db, "report_totals")
    totals = dict(zip(columns, counts, strict=True))
    per_day = fetch(db, "report_documents_per_day")[1]
    axis = bulk_axis([(day, documents) for day, _, documents in per_day])
    top = records(db, "report_top_events", {"limit": events})
    ids = [event["event_id"] for event in top]
    reports = records(db, "report_event_reports", {"event_ids": ids})
    overlap = records(db, "report_outlet_overlap")
    outlets = [row[0] for row in fetch(db, "report_outlets")[1]]
    sections = [
        figure_section(
            "Documents by publication date", plot_documents_per_day(per_day, axis), axis_note(axis)
        ),
        figure_section(
            f"Events timeline: the {len(top)} events most outlets reported",
            plot_event_timeline(reports, axis),
            events_note(len(top), totals["events"]),
        ),
        figure_section(
            "Outlet overlap: shared paragraphs and quotes",
            plot_outlet_overlap(overlap, outlets),
            table_html(*fetch(db, "report_outlet_overlap"), limit=OVERLAP_ROWS),
        ),
        section(
            "Events and the outlets that reported them",
            table_html(*event_table(top)),
            events_note(len(top), totals["events"]),
        ),
        section(
            "Paragraphs printed by more than one outlet",
            table_html(*fetch(db, "report_shared_paragraphs")),
        ),
        section("Quotes and who carried them first", table_html(*fetch(db, "report_quotes"))),
        section("Repairs per rule", table_html(*fetch(db, "report_repairs"))),
        section("Duplicates", table_html(*fetch(db, "report_duplicates"))),
        section("Rejected files", table_html(*fetch(db, "report_rejects"))),
        section("Latest runs", table_html(*fetch(db, "report_runs"))),
    ]
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            "<title>wirehouse report</title>",
            f"<style>{STYLE}</style></head><body>",
            "<h1>wirehouse report</h1>",
            f'<p class="meta">{escape(db.name)}, written {generated}</p>',
            totals_html(totals, axis),
            *sections,
            "</body></html>",
        ]
    )


def fetch(db: Path, name: str, params: dict | None = None) -> tuple[list[str], list[tuple]]:
    """One report query, read from warehouse `db`'s snapshot through the guarded reader."""
    result = reader.query(db, loader.read_sql(name), params)
    return result.columns, result.rows()


def records(db: Path, name: str, params: dict | None = None) -> list[dict]:
    columns, rows = fetch(db, name, params)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def event_table(top: list[dict]) -> tuple[list[str], list[tuple]]:
    """One row per event: its date, title, reports, and outlets in the order they reported."""
    columns = ["event_date", "event", "reports", "outlets", "outlets (first report first)"]
    rows = [
        (e["event_date"], e["title"], e["reports"], e["outlets"], e["outlet_names"] or "")
        for e in top
    ]
    return columns, rows


def events_note(shown: int, total: int) -> str:
    if total <= shown:
        return ""
    return (
        f'<p class="note">The {shown} of {total:,} events most outlets reported '
        "(<code>wirehouse report --events N</code> shows more).</p>"
    )


def axis_note(axis: DateAxis | None) -> str:
    """Say which dated documents fall outside the drawn span, and how many."""
    if axis is None or not (axis.before or axis.after):
        return ""
    parts = []
    if axis.before:
        parts.append(f"{axis.before:,} dated before {axis.start} (earliest {axis.earliest})")
    if axis.after:
        parts.append(f"{axis.after:,} after {axis.end} (latest {axis.latest})")
    return (
        f'<p class="note">The axis spans the bulk of the dates; outliers are counted, not '
        f"drawn: {escape('; '.join(parts))}.</p>"
    )


TOTAL_LABELS = {"documents_without_site": "documents without a site"}


def totals_html(totals: dict, axis: DateAxis | None = None) -> str:
    span = f"{totals.get('first_published')} to {totals.get('last_published')}"
    if axis is not None and (axis.before or axis.after):
        outliers = axis.before + axis.after
        span = f"{axis.start} to {axis.end} ({outliers:,} outliers; all dates {span})"
    cards = [
        f'<div class="total"><b>{value:,}</b>{escape(TOTAL_LABELS.get(name, name))}</div>'
        for name, value in totals.items()
        if isinstance(value, int)
    ]
    return f'<div class="totals">{"".join(cards)}</div><p class="meta">published {span}</p>'


def section(title: str, *parts: str) -> str:
    return "\n".join([f"<section><h2>{escape(title)}</h2>", *parts, "</section>"])


def figure_section(title: str, svg: str, *parts: str) -> str:
    return section(title, f"<figure>{svg}</figure>", *parts)


def table_html(columns: Sequence[str], rows: Sequence[tuple], limit: int = TABLE_ROWS) -> str:
    if not rows:
        return '<p class="note">None.</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(cell_html(value) for value in row) + "</tr>" for row in rows[:limit]
    )
    note = f'<p class="note">First {limit} of {len(rows):,} rows.</p>' if len(rows) > limit else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


def cell_html(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="num">{value:,}</td>'
    return f"<td>{escape('' if value is None else str(value))}</td>"


def escape(text: str) -> str:
    return html.escape(text, quote=True)
