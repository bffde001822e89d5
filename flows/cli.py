"""`wirehouse` command line: argument parsing and printing only."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from flows.cli_ops import add_ops_commands
from flows.forkserver import start_forkserver
from flows.prefect_server import launch_temporary_server
from flows.progress import show_progress
from flows.report import summary_rows
from flows.settings import load_settings
from warehouse import loader
from warehouse.backends import Lake

console = Console()
EXAMPLE_QUERY = "example_events"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.config is not None:
        if not args.config.is_file():
            console.print(f"[red]config file not found:[/red] {args.config}")
            return 2
        os.environ["WIREHOUSE_CONFIG"] = str(args.config)  # read by every load_settings
    if args.data_path is not None:
        os.environ["WIREHOUSE_DATA_PATH"] = args.data_path  # as --config: every load_settings
    try:
        return args.handler(args)
    except loader.WarehouseBusyError as error:
        console.print(f"[red]warehouse busy:[/red] {error}")
        return 3
    except (loader.WarehouseWriteError, OSError) as error:
        console.print(f"[red]run failed, the warehouse is unchanged:[/red] {error}")
        return 4


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
    ingest.add_argument(
        "--task-runner",
        choices=("process", "dask"),
        help="run CPU stages in a local process pool (default) or on a Dask cluster",
    )
    ingest.add_argument(
        "--dask-address", help="Dask scheduler, e.g. tcp://scheduler:8786 (with --task-runner dask)"
    )
    ingest.add_argument("--quiet", action="store_true", help="print the summary only")
    ingest.set_defaults(handler=run_ingest)

    sql = commands.add_parser("sql", help="run one read-only SQL query against the warehouse")
    _add_common(sql)
    sql.add_argument("query", help='SQL text, e.g. "SELECT title FROM documents"')
    sql.add_argument(
        "--at-snapshot", type=int, help="DuckLake only: read this earlier snapshot (time travel)"
    )
    sql.set_defaults(handler=run_sql)

    status = commands.add_parser("status", help="last runs and table counts")
    _add_common(status)
    status.add_argument("--runs", type=int, default=5, help="how many recent runs to show")
    status.set_defaults(handler=run_status)

    search = commands.add_parser(
        "search", help="full-text search of titles and bodies, best BM25 match first"
    )
    _add_common(search)
    search.add_argument("text", help='words to look for, e.g. "Kerry Lavrov Syria"')
    search.add_argument("--limit", type=int, default=10, help="how many documents to show")
    search.set_defaults(handler=run_search)

    report = commands.add_parser(
        "report", help="write a self-contained HTML report with plots of the warehouse"
    )
    _add_common(report)
    report.add_argument(
        "--out", type=Path, default=Path("wirehouse-report.html"), help="HTML file to write"
    )
    report.set_defaults(handler=run_report)

    serve = commands.add_parser(
        "serve",
        help="serve the flow on a cron schedule (starts a local Prefect server if none is set)",
    )
    _add_common(serve)
    serve.add_argument("--source", type=Path, help="folder of raw articles (default: seeds)")
    serve.add_argument(
        "--cron", help='cron schedule, e.g. "*/15 * * * *" (default: `schedule` in wirehouse.toml)'
    )
    serve.add_argument("--name", default="wirehouse-scheduled", help="deployment name")
    serve.set_defaults(handler=run_serve)

    repair = commands.add_parser(
        "repair", help="re-run machine-translation repair on loaded documents (raw text kept)"
    )
    _add_common(repair)
    repair.add_argument(
        "--reapply",
        action="store_true",
        required=True,
        help="recompute repairs with the current glossaries and casing lexicon",
    )
    repair.add_argument("--since", help="only documents loaded by runs since this ISO date")
    repair.set_defaults(handler=run_repair)
    add_ops_commands(commands, _add_common)
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="warehouse file (default: warehouse/wirehouse.duckdb), or a DuckLake: "
        "ducklake:sqlite:PATH or ducklake:postgres:CONNINFO",
    )
    parser.add_argument(
        "--data-path", help="DuckLake only: folder (or s3:// prefix) of its Parquet files"
    )
    parser.add_argument(
        "--config", type=Path, help="settings file instead of wirehouse.toml (or WIREHOUSE_CONFIG)"
    )


def run_ingest(args: argparse.Namespace) -> int:
    show_progress(not args.quiet)
    settings = load_settings(
        source=args.source,
        db=args.db,
        task_runner=args.task_runner,
        dask_address=args.dask_address,
    )
    if not settings.source.is_dir():
        console.print(f"[red]source folder not found:[/red] {settings.source}")
        return 2
    # the server and the workers' forkserver boot while this process imports the flow
    server = launch_temporary_server()
    start_forkserver(settings.task_runner)
    from flows.ingest import ingest  # Prefect is imported only by commands that run flows
    from flows.runners import flow_with_runner

    flow = flow_with_runner(ingest, settings.task_runner, settings.dask_address)
    with server:
        summary = asyncio.run(
            flow(
                source=str(settings.source),
                db=str(settings.db),
                batch_size=args.batch_size,
                workers=args.workers,
                task_runner=settings.task_runner,
                dask_address=settings.dask_address,
                data_path=settings.data_path,
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
        console.print("\nThe events most outlets reported (warehouse/sql/example_events.sql):")
        _print_result(*loader.query(settings.db, loader.read_sql(EXAMPLE_QUERY)))
    return 0


def run_sql(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    db = loader.reader_path(settings.db)
    if args.at_snapshot is not None:
        if not isinstance(db, Lake):
            console.print("[red]--at-snapshot needs a DuckLake warehouse[/red] (--db ducklake:...)")
            return 2
        db = db.at_snapshot(args.at_snapshot)
    try:
        columns, rows = loader.query(db, args.query)
    except loader.QueryError as error:
        console.print(f"[red]query failed:[/red] {error}")
        return 1
    _print_result(columns, rows)
    return 0


def _no_warehouse(db: Path | Lake) -> bool:
    """Say so when there is nothing to read yet (exit code 2 for the read commands)."""
    if db.exists():
        return False
    console.print(f"[red]no warehouse at {db}[/red]: run `wirehouse ingest` first")
    return True


def run_status(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    if not settings.db.exists():
        console.print(f"[yellow]no warehouse at {settings.db} yet[/yellow]")
        return 0
    db = loader.reader_path(settings.db)  # the published snapshot: never waits for a run
    _print_result(*loader.query(db, loader.read_sql("status_runs"), {"limit": args.runs}))
    _print_result(*loader.query(db, loader.read_sql("status_counts")))
    return 0


def run_search(args: argparse.Namespace) -> int:
    from warehouse.search import SearchIndexMissingError, search_documents

    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    try:
        columns, rows = search_documents(loader.reader_path(settings.db), args.text, args.limit)
    except (SearchIndexMissingError, loader.QueryError) as error:
        console.print(f"[red]search failed:[/red] {error}")
        return 1
    _print_hits([dict(zip(columns, row, strict=True)) for row in rows])
    return 0


def run_report(args: argparse.Namespace) -> int:
    from flows.html_report import write_report  # matplotlib is imported only for reports

    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    out = write_report(loader.reader_path(settings.db), args.out)
    console.print(f"report written to {out}")
    return 0


def run_repair(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    try:
        since = datetime.fromisoformat(args.since).isoformat() if args.since else None
    except ValueError:
        console.print(f"[red]--since is not an ISO date:[/red] {args.since}")
        return 2
    server = launch_temporary_server()
    from flows.reapply import reapply_repairs

    with server:
        summary = reapply_repairs(db=str(settings.db), since=since)
    console.print(summary)
    return 0 if "status" not in summary or summary["status"].startswith("skipped") else 2


def run_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve_on_schedule

    settings = load_settings(source=args.source, db=args.db, schedule=args.cron)
    if not settings.schedule:
        console.print("[red]no schedule:[/red] pass --cron or set `schedule` in wirehouse.toml")
        return 2
    serve_on_schedule(settings, cron=settings.schedule, name=args.name)
    return 0


def _print_hits(hits: list[dict]) -> None:
    """Search results as readable blocks: title and score, where and when, the snippet."""
    for rank, hit in enumerate(hits, 1):
        title = escape(hit["title"] or "(no title)")
        console.print(f"{rank}. [bold]{title}[/bold] (score {hit['score']})", highlight=False)
        where = f"{hit['outlet']}, {hit['published_date'] or 'undated'}, {hit['doc_id']}"
        console.print(f"   {where}\n   {hit['snippet'] or ''}", markup=False, highlight=False)
    console.print(f"{len(hits)} document(s)")


def _print_result(columns: list[str], rows: list[tuple]) -> None:
    table = Table(*columns)
    for row in rows:
        table.add_row(*("" if value is None else str(value) for value in row))
    console.print(table)
    console.print(f"{len(rows)} row(s)")


if __name__ == "__main__":
    sys.exit(main())
