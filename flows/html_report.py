"""`wirehouse report`: one self-contained HTML file (inline SVG plots and CSS, no scripts).

Every number comes from a query in warehouse/sql/report_*.sql over the analysts' views, run
read-only, so the report can be written while nothing else is touching the warehouse.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from flows.report_plots import plot_documents_per_day, plot_event_timeline, plot_outlet_overlap
from warehouse import loader

TABLE_ROWS = 50  # longer tables are cut, with a note saying how many rows there are
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


def write_report(db: Path, out: Path) -> Path:
    """Write the report of warehouse `db` to `out` (parent folders created)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(build_report(db), encoding="utf-8")
    return out


def build_report(db: Path) -> str:
    columns, (counts,) = fetch(db, "report_totals")
    totals = dict(zip(columns, counts, strict=True))
    per_day = fetch(db, "report_documents_per_day")[1]
    reports = records(db, "report_event_reports")
    overlap = records(db, "report_outlet_overlap")
    outlets = [row[0] for row in fetch(db, "report_outlets")[1]]
    sections = [
        figure_section("Documents per day", plot_documents_per_day(per_day)),
        figure_section("Events timeline", plot_event_timeline(reports)),
        figure_section(
            "Outlet overlap: shared paragraphs and quotes",
            plot_outlet_overlap(overlap, outlets),
            table_html(*fetch(db, "report_outlet_overlap")),
        ),
        section("Events and the outlets that reported them", table_html(*event_table(reports))),
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
            totals_html(totals),
            *sections,
            "</body></html>",
        ]
    )


def fetch(db: Path, name: str) -> tuple[list[str], list[tuple]]:
    return loader.query(db, loader.read_sql(name))


def records(db: Path, name: str) -> list[dict]:
    columns, rows = fetch(db, name)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def event_table(reports: list[dict]) -> tuple[list[str], list[tuple]]:
    """One row per event: its date, title and outlets in the order they reported it."""
    events: dict[str, dict] = {}
    for row in reports:
        event = events.setdefault(row["event_id"], {**row, "outlets": []})
        if row["outlet"]:  # a site; a report whose site is unknown names no outlet
            event["outlets"].append(row["outlet"])
    columns = ["event_date", "event", "reports", "outlets (first report first)"]
    rows = [
        (e["event_date"], e["event_title"], e["n_documents"], ", ".join(e["outlets"]))
        for e in events.values()
    ]
    return columns, rows


def totals_html(totals: dict) -> str:
    span = f"{totals.get('first_published')} to {totals.get('last_published')}"
    cards = [
        f'<div class="total"><b>{value:,}</b>{escape(name)}</div>'
        for name, value in totals.items()
        if isinstance(value, int)
    ]
    return f'<div class="totals">{"".join(cards)}</div><p class="meta">published {span}</p>'


def section(title: str, *parts: str) -> str:
    return "\n".join([f"<section><h2>{escape(title)}</h2>", *parts, "</section>"])


def figure_section(title: str, svg: str, *parts: str) -> str:
    return section(title, f"<figure>{svg}</figure>", *parts)


def table_html(columns: Sequence[str], rows: Sequence[tuple]) -> str:
    if not rows:
        return '<p class="note">None.</p>'
    head = "".join(f"<th>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + "".join(cell_html(value) for value in row) + "</tr>" for row in rows[:TABLE_ROWS]
    )
    note = (
        f'<p class="note">First {TABLE_ROWS} of {len(rows)} rows.</p>'
        if len(rows) > TABLE_ROWS
        else ""
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"


def cell_html(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f'<td class="num">{value:,}</td>'
    return f"<td>{escape('' if value is None else str(value))}</td>"


def escape(text: str) -> str:
    return html.escape(text, quote=True)
