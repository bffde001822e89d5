"""Run summaries for people: the Prefect artifacts of a run and the terminal table."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from warehouse import loader

SUMMARY_FIELDS = (
    ("files_seen", "files seen"),
    ("files_new", "new contents"),
    ("files_copies", "copies of loaded files"),
    ("files_rejected", "rejected"),
    ("documents_loaded", "documents loaded"),
    ("duplicates_found", "duplicates found"),
    ("events_touched", "events created or grown"),
    ("repairs_made", "repairs made"),
)
# (artifact key suffix, query in warehouse/sql, description shown in the Prefect UI)
RUN_TABLES = (
    ("files", "report_run_files", "Files seen, new, copies and rejected, with reasons"),
    ("documents", "report_run_documents", "Documents loaded per site and language"),
    ("repairs", "report_run_repairs", "Machine-translation repairs per rule"),
    ("duplicates", "report_run_duplicates", "Duplicates found and what they repeat"),
    ("events", "report_run_events", "Events created or grown by the run"),
)


def summary_rows(summary: dict) -> list[tuple[str, str]]:
    """(label, value) pairs of a run summary, in reading order."""
    rows = [(label, f"{summary.get(key, 0):,}") for key, label in SUMMARY_FIELDS]
    for stage, seconds in (summary.get("stage_seconds") or {}).items():
        rows.append((f"{stage} seconds", f"{seconds:.2f}"))
    return rows


def summary_markdown(summary: dict, tables: dict[str, list[dict]] | None = None) -> str:
    """The run's counts, then one section per non-empty run table."""
    lines = [f"# wirehouse run `{summary.get('run_id')}`", "", "| | |", "|---|---:|"]
    lines += [f"| {label} | {value} |" for label, value in summary_rows(summary)]
    for key, _, description in RUN_TABLES:
        rows = (tables or {}).get(key)
        if rows:
            lines += ["", f"## {description}", "", *markdown_table(rows)]
    return "\n".join(lines) + "\n"


def markdown_table(rows: list[dict]) -> list[str]:
    columns = list(rows[0])
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in rows:
        cells = ("" if row[c] is None else str(row[c]).replace("|", "\\|") for c in columns)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def read_run_tables(db: Path, run_id: str) -> dict[str, list[dict]]:
    """The run's tables as JSON-ready rows, read from the warehouse the run just loaded."""
    tables = {}
    for key, sql_name, _ in RUN_TABLES:
        columns, rows = loader.query(db, loader.read_sql(sql_name), {"run_id": run_id})
        tables[key] = [dict(zip(columns, map(json_value, row), strict=True)) for row in rows]
    return tables


def json_value(value: object) -> object:
    """Dates as ISO text and decimals as floats: artifacts are stored as JSON."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


async def publish_run_artifacts(summary: dict, tables: dict[str, list[dict]]) -> None:
    """The markdown summary and one table per question, under stable keys for the Prefect UI."""
    from prefect.artifacts import acreate_markdown_artifact, acreate_table_artifact

    await acreate_markdown_artifact(
        key="ingest-summary",
        markdown=summary_markdown(summary, tables),
        description="wirehouse run summary",
    )
    for key, _, description in RUN_TABLES:
        await acreate_table_artifact(
            key=f"ingest-{key}", table=tables[key], description=description
        )
