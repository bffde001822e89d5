"""`wirehouse backfill` and `wirehouse watch`: argument parsing and printing only."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from flows import cancel
from flows.cli_errors import ingest_problem, say_error, warehouse_problem
from flows.forkserver import start_forkserver
from flows.prefect_server import launch_temporary_server
from flows.progress import configure_prefect_console, show_progress
from flows.settings import load_settings
from warehouse.backends import handoff, parse_target

console = Console()


def add_ops_commands(commands, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    backfill = commands.add_parser(
        "backfill",
        help="re-process the documents of a period from the stored raw text (after a rule change)",
    )
    add_common(backfill)
    backfill.add_argument(
        "--since", required=True, type=_iso_date, help="first publication date, YYYY-MM-DD"
    )
    backfill.add_argument("--until", type=_iso_date, help="day after the last one (default: none)")
    backfill.add_argument("--batch-size", type=int, help="documents per task run")
    backfill.add_argument("--workers", type=int, help="processes for CPU stages")
    backfill.add_argument("--quiet", action="store_true", help="no progress bars")
    backfill.set_defaults(handler=run_backfill)

    watch = commands.add_parser(
        "watch", help="run the ingest flow whenever files land in the source folder"
    )
    add_common(watch)
    watch.add_argument("--source", type=Path, help="folder to watch (default: seeds)")
    watch.add_argument(
        "--debounce-ms",
        type=int,
        default=2000,
        help="start a run once nothing has changed for this long (default: 2000)",
    )
    watch.add_argument("--max-runs", type=int, help="stop after this many runs (default: never)")
    watch.add_argument("--quiet", action="store_true", help="no progress bars")
    watch.set_defaults(handler=run_watch)

    export = commands.add_parser(
        "export",
        help="copy the warehouse (--db) into an empty one, DuckDB file <-> DuckLake, row for row",
    )
    add_common(export)
    export.add_argument(
        "--to",
        required=True,
        help="destination: ducklake:sqlite:PATH, ducklake:postgres:..., or a DuckDB file",
    )
    export.add_argument("--to-data-path", help="the destination lake's folder of Parquet files")
    export.set_defaults(handler=run_export)


def run_backfill(args: argparse.Namespace) -> int:
    with cancel.handling_signals():
        return _backfill(args)


def _backfill(args: argparse.Namespace) -> int:
    show_progress(not args.quiet)
    settings = load_settings(db=args.db, batch_size=args.batch_size, workers=args.workers)
    if problem := warehouse_problem(settings.db):
        say_error(problem)
        return 2
    server = launch_temporary_server(on_death=server_died)
    start_forkserver(settings.task_runner)
    from flows.backfill import backfill

    configure_prefect_console(args.quiet, server)

    with server:
        summary = backfill(
            since=args.since.isoformat(),
            until=args.until.isoformat() if args.until else None,
            db=handoff(settings.db),
            batch_size=args.batch_size,
            workers=args.workers,
            data_path=settings.data_path,
        )
    if "status" in summary:
        console.print(f"[yellow]{summary['status']}[/yellow]")
        return 3 if summary["status"].startswith("skipped") else 2
    console.print(
        f"backfill {summary['run_id']}: {summary['documents_reprocessed']} documents "
        f"re-processed, {summary['files_rejected']} now rejected, "
        f"{summary['repairs_made']} repairs, {summary['duplicates_found']} duplicates"
    )
    return 0


def run_watch(args: argparse.Namespace) -> int:
    show_progress(not args.quiet)
    settings = load_settings(source=args.source, db=args.db)
    if problem := ingest_problem(settings.db, settings.source):
        say_error(problem)
        return 2
    server = launch_temporary_server(on_death=server_died)  # one for every run of the watch
    from flows.watch import watch_source

    configure_prefect_console(args.quiet, server)

    with server:
        runs = watch_source(settings, args.debounce_ms, args.max_runs, console.print)
    console.print(f"watch stopped after {runs} run(s)")
    return 0


def server_died(returncode: int) -> None:
    """Prefect's temporary server ended mid-run: stop now and say what the run left."""
    cancel.abandon_run(
        lambda text: console.print(f"[red]{escape(text)}[/red]"),
        f"Prefect's temporary server ended unexpectedly (exit code {returncode})",
    )


def run_export(args: argparse.Namespace) -> int:
    from warehouse.loader import writer_lock
    from warehouse.transfer import ExportError, export_warehouse

    settings = load_settings(db=args.db)
    target = parse_target(args.to, args.to_data_path)
    if problem := warehouse_problem(settings.db) or warehouse_problem(target, writing=True):
        say_error(problem)
        return 2
    run_id = f"export-{datetime.now():%Y%m%dT%H%M%S}"
    # no run may change the source mid-copy, nor write the destination meanwhile
    with writer_lock(settings.db) as source_free, writer_lock(target) as target_free:
        if not (source_free and target_free):
            say_error("a run holds the source or the destination of the export: try later")
            return 3
        try:
            counts = export_warehouse(settings.db, target, run_id)
        except ExportError as error:
            say_error(f"export refused: {error}")
            return 2
    seconds = counts.pop("seconds")
    rows = ", ".join(f"{table} {n:,}" for table, n in counts.items() if n)
    console.print(f"exported {settings.db} to {target} in {seconds} s: {rows}")
    return 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text}") from error
