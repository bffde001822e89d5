"""`wirehouse explain PATH_OR_DOC_ID`: a document's raw lines, each marked kept or dropped
with the reason. Argument parsing and printing only; the lines come from transforms.explain."""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from flows.settings import load_settings
from transforms.explain import (
    DUMP_FORMATS,
    KEPT,
    ExplainedLine,
    explain_dump,
    explain_html,
    realign_dump,
)
from transforms.records import DroppedLine
from warehouse import loader

console = Console()
# Reasons that say what a dropped line was used for rather than why it was thrown away.
METADATA_USES = frozenset({"title", "byline", "date_line", "url"})


def add_explain_command(commands, add_common: Callable[[argparse.ArgumentParser], None]) -> None:
    explain = commands.add_parser(
        "explain",
        help="print a document's raw lines, each marked kept or dropped with the reason",
    )
    add_common(explain)
    explain.add_argument(
        "document",
        metavar="PATH_OR_DOC_ID",
        help="a doc_id, a path as loaded (relative to the source folder), or a file on disk",
    )
    explain.add_argument("--source", type=Path, help="source folder paths are relative to")
    explain.set_defaults(handler=run_explain)


def run_explain(args: argparse.Namespace) -> int:
    settings = load_settings(db=args.db, source=args.source)
    if not settings.db.exists():
        console.print(f"[red]no warehouse at {settings.db}[/red]: run `wirehouse ingest` first")
        return 2
    db = loader.reader_path(settings.db)  # the published snapshot: never waits for a run
    params = {"key": args.document, **_file_identity(Path(args.document), settings.source)}
    columns, rows = loader.query(db, loader.read_sql("explain_document"), params)
    if not rows:
        console.print(
            f"[red]unknown document:[/red] {escape(args.document)} is no doc_id, loaded path "
            'or loaded file of this warehouse (`wirehouse sql "SELECT doc_id, path FROM '
            'documents"` lists them)'
        )
        return 2
    doc = dict(zip(columns, rows[0], strict=True))
    lines, note = _explained_lines(db, doc)
    _print_header(doc, lines, note)
    if console.is_terminal:
        _print_table(lines)
    else:
        for line in lines:  # piped: one plain line each, never wrapped or cut
            print(
                f"{line.line_no:5d}  {line.reason:<16} {line.text}  [{line.detail}]"
                if line.detail
                else f"{line.line_no:5d}  {line.reason:<16} {line.text}"
            )
    return 0


def _file_identity(path: Path, source: Path) -> dict[str, str | None]:
    """The hash of a file named on the command line, and its path relative to the source
    folder: a copy of a loaded file, or a path typed from elsewhere, still finds it."""
    identity: dict[str, str | None] = {"sha256": None, "relative": None}
    if not path.is_file():
        return identity
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    identity["sha256"] = digest.hexdigest()
    if path.resolve().is_relative_to(source.resolve()):
        identity["relative"] = str(path.resolve().relative_to(source.resolve()))
    return identity


def _explained_lines(db: Path, doc: dict) -> tuple[list[ExplainedLine], str]:
    """The document's lines and a note on what they rest on."""
    if doc["format"] not in DUMP_FORMATS:
        note = (
            "HTML: the page's text lines; the record is what trafilatura returned (after the "
            "chrome rules): 'kept' lines are in the body, 'not_in_body' ones are not"
        )
        return explain_html(doc["raw_text"], doc["raw_body"] or "", doc["title"]), note
    try:
        _, rows = loader.query(db, loader.read_sql("explain_drops"), {"doc_id": doc["doc_id"]})
    except loader.QueryError:  # a snapshot older than the cleaning_drops table
        rows = []
    drops = [DroppedLine(*row) for row in rows]
    if drops:
        return explain_dump(doc["raw_text"], drops), "reasons from cleaning_drops"
    lines = realign_dump(doc["raw_text"], doc["format"], doc["raw_body"] or "")
    if all(line.kept for line in lines):
        return lines, "the body holds every line"
    note = (
        "no drop rows recorded (loaded before cleaning_drops existed): lines the body does not "
        "hold are 'not_in_body'; `wirehouse backfill` records their reasons"
    )
    return lines, note


def _print_header(doc: dict, lines: list[ExplainedLine], note: str) -> None:
    kept = sum(line.kept for line in lines)
    date = doc["published_date"] or "unknown"
    how = [doc["date_precision"]]
    if doc["date_source"]:
        how.append(f"from {doc['date_source']}")
    if doc["date_inferred"]:
        how.append(f"year inferred ({doc['year_source'] or 'text'})")
    rows = [
        ("document", f"{doc['doc_id']}  {doc['path']}  ({doc['format']})"),
        ("title", doc["title"] or "(none)"),
        ("author", doc["author"] or "(none)"),
        ("date", f"{date} ({', '.join(how)})"),
        ("lines", f"{kept} of {len(lines)} non-blank lines kept, {len(lines) - kept} not; {note}"),
    ]
    if console.is_terminal:
        for label, value in rows:
            console.print(f"[bold]{label:>8}[/bold]  {escape(str(value))}", highlight=False)
        console.print()
    else:
        for label, value in rows:
            print(f"{label:>8}  {value}")
        print()


def _print_table(lines: list[ExplainedLine]) -> None:
    """On a terminal: text wrapped in its column, kept lines plain, metadata lines cyan,
    dropped ones dimmed with their reason in yellow."""
    table = Table(box=None, pad_edge=False, show_header=True, header_style="bold")
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("kept / why not", no_wrap=True)
    table.add_column("text", overflow="fold")
    table.add_column("what decided", overflow="fold", style="dim")
    for line in lines:
        text = escape(line.text)
        if line.reason == KEPT:
            cells = ("[green]kept[/green]", text)
        elif line.reason in METADATA_USES:
            cells = (f"[cyan]{line.reason}[/cyan]", f"[cyan]{text}[/cyan]")
        else:
            cells = (f"[yellow]{line.reason}[/yellow]", f"[dim]{text}[/dim]")
        table.add_row(str(line.line_no), *cells, escape(line.detail))
    console.print(table)
