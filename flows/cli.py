"""`wirehouse` command line: argument parsing and printing only."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table

from flows.report import summary_rows
from flows.settings import load_settings
from warehouse import loader

console = Console()
EXAMPLE_QUERY = "example_events"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except loader.WarehouseBusyError as error:
        console.print(f"[red]warehouse busy:[/red] {error}")
        return 3


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirehouse",
        description="Ingest raw news articles into curated DuckDB tables.",
    )
    commands = parser.add_subparsers(dest="command", required=True)

    ingest = commands.add_parser("ingest", help="run the ingest flow once over the source folder")
    _add_common(ingest)
    ingest.add_argument("--source", type=Path, help="folder of raw articles (default: seeds)")
    ingest.add_argument("--batch-size", type=int, help="files per task run (default: 1000)")
    ingest.add_argument("--workers", type=int, help="processes for CPU stages (default: all cores)")
    ingest.add_argument("--quiet", action="store_true", help="print the summary only")
    ingest.set_defaults(handler=run_ingest)

    sql = commands.add_parser("sql", help="run one read-only SQL query against the warehouse")
    _add_common(sql)
    sql.add_argument("query", help='SQL text, e.g. "SELECT title FROM documents"')
    sql.set_defaults(handler=run_sql)

    status = commands.add_parser("status", help="last runs and table counts")
    _add_common(status)
    status.add_argument("--runs", type=int, default=5, help="how many recent runs to show")
    status.set_defaults(handler=run_status)

    serve = commands.add_parser(
        "serve",
        help="serve the flow on a cron schedule (starts a local Prefect server if none is set)",
    )
    _add_common(serve)
    serve.add_argument("--source", type=Path, help="folder of raw articles (default: seeds)")
    serve.add_argument("--cron", required=True, help='cron schedule, e.g. "*/15 * * * *"')
    serve.add_argument("--name", default="wirehouse-scheduled", help="deployment name")
    serve.set_defaults(handler=run_serve)
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, help="warehouse file (default: warehouse/wirehouse.duckdb)"
    )


def run_ingest(args: argparse.Namespace) -> int:
    from flows.ingest import ingest  # Prefect is imported only by commands that run flows

    settings = load_settings(source=args.source, db=args.db)
    if not settings.source.is_dir():
        console.print(f"[red]source folder not found:[/red] {settings.source}")
        return 2
    summary = asyncio.run(
        ingest(
            source=str(settings.source),
            db=str(settings.db),
            batch_size=args.batch_size,
            workers=args.workers,
        )
    )
    if "status" in summary:
        console.print(f"[yellow]{summary['status']}[/yellow]")
        return 0
    table = Table(title=f"run {summary['run_id']}", show_header=False)
    for label, value in summary_rows(summary):
        table.add_row(label, value)
    console.print(table)
    if not args.quiet:
        console.print("\nWhich outlets reported each event (warehouse/sql/example_events.sql):")
        _print_result(*loader.query(settings.db, loader.read_sql(EXAMPLE_QUERY)))
    return 0


def run_sql(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    if not settings.db.exists():
        console.print(f"[red]no warehouse at {settings.db}[/red]: run `wirehouse ingest` first")
        return 2
    try:
        columns, rows = loader.query(settings.db, args.query)
    except loader.QueryError as error:
        console.print(f"[red]query failed:[/red] {error}")
        return 1
    _print_result(columns, rows)
    return 0


def run_status(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    if not settings.db.exists():
        console.print(f"[yellow]no warehouse at {settings.db} yet[/yellow]")
        return 0
    _print_result(*loader.query(settings.db, loader.read_sql("status_runs"), {"limit": args.runs}))
    _print_result(*loader.query(settings.db, loader.read_sql("status_counts")))
    return 0


def run_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve_on_schedule

    settings = load_settings(source=args.source, db=args.db)
    serve_on_schedule(settings, cron=args.cron, name=args.name)
    return 0


def _print_result(columns: list[str], rows: list[tuple]) -> None:
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    console.print(table)
    console.print(f"{len(rows)} row(s)")


if __name__ == "__main__":
    sys.exit(main())
