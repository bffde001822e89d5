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
from flows.cli_errors import cron_problem, ingest_problem, say_error, warehouse_problem
from flows.cli_explain import add_explain_command
from flows.cli_ops import add_ops_commands, server_died
from flows.forkserver import start_forkserver
from flows.names import printable
from flows.prefect_server import launch_temporary_server
from flows.progress import configure_prefect_console, show_progress
from flows.report import summary_rows
from flows.settings import SettingsError, load_settings, resolve_settings, to_toml
from flows.sql_output import (
    FORMATS,
    STREAMED_FORMATS,
    OutputError,
    Result,
    check_result_count,
    choose_format,
    read_script,
    stream_result,
    write_results,
    write_tables,
)
from warehouse import loader, reader
from warehouse.backends import Lake, handoff
from warehouse.staging import StagingError, refuse_source_in_staging

console = Console()
EXAMPLE_QUERY = "example_events"
TERMINAL_ROWS = 1000  # rows `wirehouse sql` prints at most; the rest are counted


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.config is not None:
        if not args.config.is_file():
            say_error(f"config file not found: {args.config} (--config names a wirehouse.toml)")
            return 2
        os.environ["WIREHOUSE_CONFIG"] = str(args.config)  # read by every load_settings
    if getattr(args, "data_path", None) is not None:
        os.environ["WIREHOUSE_DATA_PATH"] = args.data_path  # as --config: every load_settings
    try:
        return args.handler(args)
    except SettingsError as error:
        say_error(str(error))
        return 2
    except cancel.RunCancelled as cancelled:
        say_error(f"run {cancelled}")
        return cancelled.exit_code
    except loader.WarehouseBusyError as error:
        say_error(f"warehouse busy: {error}")
        return 3
    except (loader.WarehouseWriteError, OSError) as error:
        say_error(f"run failed, the warehouse is unchanged: {error}")
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

    sql = commands.add_parser(
        "sql",
        help="run read-only SQL against the warehouse; print or write every result",
        description="Run SQL on the warehouse's snapshot (read-only). Prints a table on a "
        "terminal and CSV to a pipe or a file, unless --format says otherwise.",
    )
    _add_common(sql)
    sql.add_argument(
        "query", nargs="?", help='SQL text, e.g. "SELECT title FROM documents"; - reads stdin'
    )
    sql.add_argument("-f", "--file", type=Path, help="read the SQL from this file (- for stdin)")
    sql.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: table on a terminal, CSV otherwise, or --out's suffix)",
    )
    sql.add_argument("--out", type=Path, help="write the result to this file instead of stdout")
    sql.add_argument(
        "--timeout",
        type=float,
        default=reader.DEFAULT_TIMEOUT,
        help="seconds a statement may run before it is stopped (default: 60)",
    )
    sql.add_argument(
        "--max-rows",
        type=int,
        default=None,
        help=f"rows of each result kept at most, in any format; the rest are counted, not "
        f"held (default: {TERMINAL_ROWS} for a table on a terminal, every row otherwise)",
    )
    sql.add_argument(
        "--at-snapshot",
        type=int,
        help="DuckLake only: read this earlier snapshot of the lake (time travel)",
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

    similar = commands.add_parser(
        "similar",
        help="documents near one: MinHash estimate, shared paragraphs, same event, copy chain",
    )
    _add_common(similar)
    similar.add_argument("document", help="a doc_id (or the path of the document's file)")
    similar.add_argument("--limit", type=int, default=20, help="how many documents to show")
    similar.add_argument("--format", choices=FORMATS, help="output format, as for `sql`")
    similar.set_defaults(handler=run_similar)

    report = commands.add_parser(
        "report", help="write a self-contained HTML report with plots of the warehouse"
    )
    _add_common(report)
    report.add_argument(
        "--out", type=Path, default=Path("wirehouse-report.html"), help="HTML file to write"
    )
    report.add_argument(
        "--events",
        type=int,
        default=20,
        help="events drawn and listed, most outlets first (default: 20)",
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
    config = commands.add_parser(
        "config", help="print the effective settings as TOML, each with where it came from"
    )
    config.add_argument(
        "--config", type=Path, help="settings file instead of wirehouse.toml (or WIREHOUSE_CONFIG)"
    )
    config.set_defaults(handler=run_config)
    add_ops_commands(commands, _add_common)
    add_explain_command(commands, _add_common)
    return parser


def _add_common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        help="warehouse file (default: warehouse/wirehouse.duckdb), or a DuckLake: "
        "ducklake:sqlite:PATH or ducklake:postgres:CONNINFO",
    )
    parser.add_argument(
        "--data-path",
        help="DuckLake only: folder (or s3:// prefix) of its Parquet files ([warehouse] data_path)",
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
    if problem := ingest_problem(settings.db, settings.source):
        say_error(problem)
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

    configure_prefect_console(args.quiet, server)

    flow = flow_with_runner(ingest, settings.task_runner, settings.dask_address)
    with server:
        summary = asyncio.run(
            flow(
                source=str(settings.source),
                db=handoff(settings.db),
                batch_size=args.batch_size,
                workers=args.workers,
                task_runner=settings.task_runner,
                dask_address=settings.dask_address,
                rehash=args.rehash,
                data_path=settings.data_path,
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


def run_config(args: argparse.Namespace) -> int:
    sys.stdout.write(to_toml(resolve_settings()))
    return 0


def run_sql(args: argparse.Namespace) -> int:
    """Every statement's result, in the format asked for; errors on stderr, exit code 1."""
    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    db = settings.db
    if args.at_snapshot is not None:
        if not isinstance(db, Lake):
            say_error("--at-snapshot needs a DuckLake warehouse (--db ducklake:...)")
            return 2
        db = db.at_snapshot(args.at_snapshot)
    try:
        script = read_script(args.query, args.file)
        fmt = choose_format(args.format, args.out, sys.stdout)
        on_terminal = args.out is None and fmt == "table" and sys.stdout.isatty()
        if args.max_rows is not None:
            limit = max(args.max_rows, 0)
        else:
            limit = TERMINAL_ROWS if on_terminal else None
        with reader.Reader(db, args.timeout) as session:
            statements = session.statements(script)
            check_result_count(fmt, len(statements))
            if limit is None and fmt in STREAMED_FORMATS and len(statements) == 1:
                with session.stream(statements[0]) as (schema, batches):
                    stream_result(schema, batches, fmt, args.out)
                return 0
            results = []
            for statement in statements:
                found = session.fetch(statement, None, limit)
                results.append(Result.from_arrow(found.table, statement, found.cut))
        write_results(results, fmt, args.out)
        if fmt != "table":  # a table says what it left out in its footer; a file cannot
            for result in results:
                if result.cut:
                    say_error(f"wirehouse sql: {result.cut:,} more row(s) not written (--max-rows)")
    except loader.QueryError as error:
        say_error(f"query failed: {error}")
        return 1
    except OutputError as error:
        say_error(f"wirehouse sql: {error}")
        return 1
    except OSError as error:  # --out in a missing folder, a full disk
        say_error(f"wirehouse sql: cannot write {args.out}: {error.strerror or error}")
        return 1
    return 0


def _no_warehouse(db: Path | Lake) -> bool:
    """Say why there is nothing to read (exit code 2 for the read commands)."""
    problem = warehouse_problem(db)
    if problem:
        say_error(problem)
    return problem is not None


def run_status(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    try:
        columns, runs = _run_states(settings.db, args.runs)
        with reader.Reader(settings.db) as session:  # the snapshot: never waits for a run
            counts = session.fetch(loader.read_sql("status_counts"))
    except loader.QueryError as error:
        say_error(f"status failed: {error}")
        return 1
    _print_result(columns, runs)
    _print_result(counts.columns, counts.rows())
    return 0


def _run_states(db: Path | Lake, limit: int) -> tuple[list[str], list[tuple]]:
    """Recent runs from the warehouse itself when no run holds it (failed and running runs
    reach the snapshot only with the next load), else from the snapshot, said so. A run
    still marked running while no run holds the lock was killed."""
    sql, params = loader.read_sql("status_runs"), {"limit": limit, "now": datetime.now()}
    try:
        columns, rows = loader.query(db, sql, params, retry=loader.RetryPolicy(wait_seconds=0))
    except loader.WarehouseBusyError:
        console.print("a run is loading: runs as of the last snapshot", style="yellow")
        columns, rows = loader.query(loader.reader_path(db), sql, params)
    if loader.run_in_progress(db):
        return columns, rows
    state, error = columns.index("state"), columns.index("error")
    killed = "ended without recording an outcome (killed?)"
    return columns, [
        (*row[:state], "failed", *row[state + 1 : error], killed, *row[error + 1 :])
        if row[state] == "running"
        else row
        for row in rows
    ]


def run_search(args: argparse.Namespace) -> int:
    from warehouse.search import SearchIndexMissingError, search_documents

    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    try:
        columns, rows = search_documents(settings.db, args.text, args.limit)
    except (SearchIndexMissingError, loader.QueryError) as error:
        say_error(f"search failed: {error}")
        return 1
    _print_hits([dict(zip(columns, row, strict=True)) for row in rows])
    return 0


def run_similar(args: argparse.Namespace) -> int:
    """The document, then the documents near it, closest first."""
    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    db = loader.reader_path(settings.db)
    try:
        _, found = loader.query(db, loader.read_sql("find_document"), {"name": args.document})
        if not found:
            say_error(f"no document {args.document!r}: give a doc_id or a path from `documents`")
            return 1
        doc_id, outlet, published, title, path = found[0]
        params = {"doc_id": doc_id, "limit": args.limit}
        columns, rows = loader.query(db, loader.read_sql("similar_documents"), params)
        fmt = choose_format(args.format, None, sys.stdout)
        if fmt == "table":
            where = f"{outlet or 'no site'}, {published or 'undated'}, {path}"
            console.print(f"{doc_id}: {title or '(no title)'}\n   {where}", markup=False)
        write_results([Result(columns, rows)], fmt)
    except (loader.QueryError, OutputError) as error:
        say_error(f"similar failed: {error}")
        return 1
    return 0


def run_report(args: argparse.Namespace) -> int:
    from flows.html_report import write_report  # matplotlib is imported only for reports

    settings = load_settings(db=args.db)
    if _no_warehouse(settings.db):
        return 2
    if not args.out.parent.is_dir():
        say_error(f"no folder {args.out.parent} for the report: create it or pick another --out")
        return 2
    try:
        out = write_report(settings.db, args.out, args.events)
    except loader.QueryError as error:
        say_error(f"report failed: {error}")
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
        say_error(f"--since {args.since} is not an ISO date: give YYYY-MM-DD")
        return 2
    if _no_warehouse(settings.db):
        return 2
    server = launch_temporary_server(on_death=server_died)
    from flows.reapply import reapply_repairs

    configure_prefect_console(False, server)

    with server:
        summary = reapply_repairs(db=handoff(settings.db), since=since)
    console.print(summary)
    if "status" not in summary:
        return 0
    return 3 if summary["status"].startswith("skipped") else 2


def run_serve(args: argparse.Namespace) -> int:
    from flows.serve import serve_on_schedule

    settings = load_settings(source=args.source, db=args.db, schedule=args.cron)
    if not settings.schedule:
        say_error("no schedule: pass --cron or set `schedule` in wirehouse.toml")
        return 2
    problem = cron_problem(settings.schedule) or warehouse_problem(settings.db, writing=True)
    if problem:  # found before a server starts
        say_error(problem)
        return 2
    serve_on_schedule(settings, cron=settings.schedule, name=args.name)
    return 0


def _print_hits(hits: list[dict]) -> None:
    """Search results as readable blocks: title and score, where and when, the snippet."""
    for rank, hit in enumerate(hits, 1):
        title = escape(printable(hit["title"] or "(no title)"))
        console.print(f"{rank}. [bold]{title}[/bold] (score {hit['score']})", highlight=False)
        where = printable(
            f"{hit['outlet'] or 'no site'}, {hit['published_date'] or 'undated'}, {hit['doc_id']}"
        )
        snippet = printable(hit["snippet"] or "")
        console.print(f"   {where}\n   {snippet}", markup=False, highlight=False)
    console.print(f"{len(hits)} document(s)")


def _print_result(columns: list[str], rows: list[tuple]) -> None:
    """A table: as wide as the terminal, or as the rows need when piped (never cut); cells
    with control characters are shown escaped."""
    write_tables([Result(columns, rows)], sys.stdout, sys.stdout.isatty())


if __name__ == "__main__":
    sys.exit(main())
