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

from flows import cancel
from flows.cli_ops import add_ops_commands, server_died
from flows.forkserver import start_forkserver
from flows.names import printable
from flows.prefect_server import launch_temporary_server
from flows.progress import show_progress
from flows.report import summary_rows
from flows.settings import load_settings
from warehouse import loader, reader
from warehouse.staging import StagingError, refuse_source_in_staging

console = Console()
EXAMPLE_QUERY = "example_events"
TERMINAL_ROWS = 1000  # rows `wirehouse sql` prints at most; the rest are counted


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.config is not None:
        if not args.config.is_file():
            console.print(f"[red]config file not found:[/red] {args.config}")
            return 2
        os.environ["WIREHOUSE_CONFIG"] = str(args.config)  # read by every load_settings
    try:
        return args.handler(args)
    except cancel.RunCancelled as cancelled:
        console.print(f"[yellow]run {escape(str(cancelled))}[/yellow]")
        return cancelled.exit_code
    except loader.WarehouseBusyError as error:
        console.print(f"[red]warehouse busy:[/red] {escape(str(error))}")
        return 3
    except (loader.WarehouseWriteError, OSError) as error:
        console.print(f"[red]run failed, the warehouse is unchanged:[/red] {escape(str(error))}")
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
    ingest.add_argument(
        "--rehash",
        action="store_true",
        help="hash every file again, not only those whose size, times or inode changed",
    )
    ingest.set_defaults(handler=run_ingest)

    sql = commands.add_parser("sql", help="run one read-only SQL query against the warehouse")
    _add_common(sql)
    sql.add_argument("query", help='SQL text, e.g. "SELECT title FROM documents"')
    sql.add_argument(
        "--timeout",
        type=float,
        default=reader.DEFAULT_TIMEOUT,
        help="seconds the query may run before it is stopped (default: 60)",
    )
    sql.add_argument(
        "--max-rows",
        type=int,
        default=TERMINAL_ROWS,
        help=f"rows printed at most; the rest are counted (default: {TERMINAL_ROWS})",
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
        "--db", type=Path, help="warehouse file (default: warehouse/wirehouse.duckdb)"
    )
    parser.add_argument(
        "--config", type=Path, help="settings file instead of wirehouse.toml (or WIREHOUSE_CONFIG)"
    )


def run_ingest(args: argparse.Namespace) -> int:
    with cancel.handling_signals():  # the first Ctrl-C or SIGTERM cancels, a second ends
        return _ingest(args)


def _ingest(args: argparse.Namespace) -> int:
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
    try:
        refuse_source_in_staging(settings.db, settings.source)
    except StagingError as error:
        console.print(f"[red]refused:[/red] {escape(str(error))}")
        return 2
    # the server and the workers' forkserver boot while this process imports the flow
    server = launch_temporary_server(on_death=server_died)
    start_forkserver(settings.task_runner)
    from flows.ingest import SKIPPED, ingest  # Prefect is imported only by commands running flows
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
                rehash=args.rehash,
            )
        )
    if summary.get("status") == SKIPPED:
        console.print(f"[yellow]{summary['status']}[/yellow]")
        return 3
    table = Table(title=f"run {summary['run_id']}", show_header=False)
    for label, value in summary_rows(summary):
        table.add_row(label, value)
    console.print(table)
    if not args.quiet:
        console.print("\nThe events most outlets reported (warehouse/sql/example_events.sql):")
        result = reader.query(settings.db, loader.read_sql(EXAMPLE_QUERY))
        _print_result(result.columns, result.rows())
    cancel.check(committed=True)  # a signal after the run's end still ends the command so
    return 0


def run_sql(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    try:
        result = reader.query(
            settings.db, args.query, timeout=args.timeout, max_rows=max(args.max_rows, 0)
        )
    except loader.QueryError as error:
        console.print(f"[red]query failed:[/red] {escape(str(error))}")
        return 1
    _print_result(result.columns, result.rows(), result.cut)
    if result.cut:
        bound = "" if result.cut_counted else "at least "
        console.print(f"{bound}{result.cut:,} more row(s) not shown (--max-rows)")
    return 0


def _no_warehouse(db: Path) -> bool:
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
    try:  # the published snapshot: never waits for a run
        with reader.Reader(settings.db) as session:
            runs = session.fetch(loader.read_sql("status_runs"), {"limit": args.runs})
            counts = session.fetch(loader.read_sql("status_counts"))
    except loader.QueryError as error:
        console.print(f"[red]status failed:[/red] {escape(str(error))}")
        return 1
    _print_result(runs.columns, runs.rows())
    _print_result(counts.columns, counts.rows())
    return 0


def run_search(args: argparse.Namespace) -> int:
    from warehouse.search import SearchIndexMissingError, search_documents

    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    try:
        columns, rows = search_documents(settings.db, args.text, args.limit)
    except (SearchIndexMissingError, loader.QueryError) as error:
        console.print(f"[red]search failed:[/red] {escape(str(error))}")
        return 1
    _print_hits([dict(zip(columns, row, strict=True)) for row in rows])
    return 0


def run_report(args: argparse.Namespace) -> int:
    from flows.html_report import write_report  # matplotlib is imported only for reports

    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    try:
        out = write_report(settings.db, args.out)
    except loader.QueryError as error:
        console.print(f"[red]report failed:[/red] {escape(str(error))}")
        return 1
    console.print(f"report written to {out}")
    return 0


def run_repair(args: argparse.Namespace) -> int:
    with cancel.handling_signals():
        return _repair(args)


def _repair(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    try:
        since = datetime.fromisoformat(args.since).isoformat() if args.since else None
    except ValueError:
        console.print(f"[red]--since is not an ISO date:[/red] {args.since}")
        return 2
    server = launch_temporary_server(on_death=server_died)
    from flows.reapply import reapply_repairs

    with server:
        summary = reapply_repairs(db=str(settings.db), since=since)
    console.print(summary)
    if "status" not in summary:
        return 0
    return 3 if summary["status"].startswith("skipped") else 2


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
        title = escape(printable(hit["title"] or "(no title)"))
        console.print(f"{rank}. [bold]{title}[/bold] (score {hit['score']})", highlight=False)
        where = printable(f"{hit['outlet']}, {hit['published_date'] or 'undated'}, {hit['doc_id']}")
        snippet = printable(hit["snippet"] or "")
        console.print(f"   {where}\n   {snippet}", markup=False, highlight=False)
    console.print(f"{len(hits)} document(s)")


def _print_result(columns: list[str], rows: list[tuple], cut: int = 0) -> None:
    """A result as a terminal table; cells with control characters are shown escaped."""
    table = Table(*(escape(printable(c)) for c in columns))
    for row in rows:
        table.add_row(*("" if value is None else escape(printable(value)) for value in row))
    console.print(table)
    console.print(f"{len(rows)} row(s)" + (" shown" if cut else ""))


if __name__ == "__main__":
    sys.exit(main())
