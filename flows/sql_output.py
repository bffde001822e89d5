"""What `wirehouse sql` prints or writes: results in the format a reader or a program wants.

Takes the column names and rows of each result (or an Arrow table), whoever ran the query:
a table on a terminal, CSV when the output is a pipe or a file, or the format asked for.
NULL is written as NULL where the format has no null of its own (table, markdown), as an
unquoted empty field in CSV and TSV (an empty string is a quoted one, `""`), and as `null`
in JSON. Several results are shown one after another in the formats people read (table,
markdown); the formats programs read hold one result, and a script with more is refused.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import math
import os
import sys
import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO

import pyarrow as pa
import pyarrow.parquet as pq
from rich.console import Console
from rich.table import Table

from flows.names import printable

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown", "parquet")
ONE_RESULT_FORMATS = frozenset({"csv", "tsv", "json", "jsonl", "parquet"})
# Formats a whole result streams into, a batch at a time (no --max-rows: any size).
STREAMED_FORMATS = ONE_RESULT_FORMATS
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".md": "markdown",
    ".parquet": "parquet",
    ".txt": "table",
}
NULL = "NULL"
WIDEST_TABLE = 4096  # characters: a table written to a file or a pipe is never cut at 80


class OutputError(ValueError):
    """The results cannot be written as asked (several results in a one-result format, binary
    output on a terminal)."""


@dataclass(frozen=True)
class Result:
    """One statement's result: column names and rows, the Arrow table when the reader has one
    (Parquet keeps its types), the rows a reader's limit left out, and the statement."""

    columns: list[str]
    rows: list[tuple]
    arrow: pa.Table | None = None
    cut: int = 0
    statement: str = ""

    @classmethod
    def from_arrow(cls, table: pa.Table, statement: str = "", cut: int = 0) -> Result:
        columns = table.column_names
        fields = table.schema
        values = [_column_values(table.column(i), fields.field(i)) for i in range(len(columns))]
        return cls(columns, list(zip(*values, strict=True)), table, cut, statement)


def _column_values(column: pa.ChunkedArray, field: pa.Field) -> list:
    """Python values of a column; a MAP becomes a dict (Arrow gives key-value pairs)."""
    values = column.to_pylist()
    if pa.types.is_map(field.type):
        return [None if v is None else dict(v) for v in values]
    return values


def choose_format(asked: str | None, out: Path | None, stdout: IO) -> str:
    """The format asked for; else the one `--out`'s suffix names; else a table on a terminal
    and CSV for a pipe or a file."""
    if asked:
        return asked
    if out is not None:
        return SUFFIX_FORMATS.get(out.suffix.lower(), "csv")
    return "table" if stdout.isatty() else "csv"


def write_results(
    results: Sequence[Result], fmt: str, out: Path | None = None, stdout: IO | None = None
) -> None:
    """Write `results` as `fmt` to the file `out`, else to `stdout`."""
    stdout = stdout or sys.stdout
    if fmt not in FORMATS:
        raise OutputError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")
    check_result_count(fmt, len(results))
    if fmt == "parquet":
        _write_parquet(results, out, stdout)
        return
    if out is not None:
        with open(out, "w", encoding="utf-8", newline="") as handle:
            _write_text(results, fmt, handle, terminal=False)
    else:
        _write_text(results, fmt, stdout, terminal=stdout.isatty())


def stream_result(
    schema: pa.Schema,
    batches: Iterable[pa.RecordBatch],
    fmt: str,
    out: Path | None = None,
    stdout: IO | None = None,
) -> int:
    """Write one whole result as the reader streams it, holding a batch at a time; returns
    the rows written. A file is written beside `out` and renamed when whole, so a query that
    fails half way leaves no part of one (a pipe has what came before the error)."""
    stdout = stdout or sys.stdout
    if fmt not in STREAMED_FORMATS:
        raise OutputError(f"--format {fmt} is not written as a stream")
    binary = fmt == "parquet"
    if out is None:
        if binary and stdout.isatty():
            raise OutputError("Parquet is binary: pass --out FILE.parquet or redirect the output")
        target = getattr(stdout, "buffer", stdout) if binary else stdout
        rows = _stream(schema, batches, fmt, target)
        target.flush()
        return rows
    partial = out.with_name(out.name + ".partial")
    try:
        if binary:
            with open(partial, "wb") as handle:
                rows = _stream(schema, batches, fmt, handle)
        else:
            with open(partial, "w", encoding="utf-8", newline="") as handle:
                rows = _stream(schema, batches, fmt, handle)
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return rows


def _stream(schema: pa.Schema, batches: Iterable[pa.RecordBatch], fmt: str, handle: IO) -> int:
    """The rows of `batches` as `fmt`, written as they come; the same text as
    `write_results` gives for the whole result."""
    rows = 0
    if fmt == "parquet":
        with pq.ParquetWriter(handle, schema) as writer:
            for batch in batches:
                writer.write_batch(batch)
                rows += batch.num_rows
        return rows
    columns = schema.names
    delimiter = "\t" if fmt == "tsv" else ","
    if fmt in ("csv", "tsv"):
        handle.write(delimiter.join(_field(c, delimiter) for c in columns) + "\n")
    for batch in batches:
        for row in Result.from_arrow(pa.Table.from_batches([batch], schema)).rows:
            if fmt in ("csv", "tsv"):
                handle.write(delimiter.join(_field(value, delimiter) for value in row) + "\n")
            elif fmt == "jsonl":
                handle.write(json.dumps(_json_row(columns, row), ensure_ascii=False) + "\n")
            else:  # json: json.dump(rows, indent=1) one row at a time
                text = json.dumps(
                    _json_row(columns, row), ensure_ascii=False, indent=1, allow_nan=False
                )
                handle.write(("[\n" if not rows else ",\n") + textwrap.indent(text, " "))
            rows += 1
    if fmt == "json":
        handle.write("\n]\n" if rows else "[]\n")
    return rows


def check_result_count(fmt: str, count: int) -> None:
    """Refuse several results in a format that holds one (before anything runs)."""
    if fmt in ONE_RESULT_FORMATS and count > 1:
        raise OutputError(
            f"{count} statements return rows, and --format {fmt} holds one result: "
            "run them one at a time, or use --format table or markdown to see every result"
        )


def _write_text(results: Sequence[Result], fmt: str, stream: IO, terminal: bool) -> None:
    if fmt == "table":
        write_tables(results, stream, terminal)
    elif fmt == "markdown":
        stream.write(markdown_text(results))
    elif fmt in ("csv", "tsv"):
        for result in results:
            stream.write(delimited_text(result, "," if fmt == "csv" else "\t"))
    elif fmt == "json":
        rows = [_json_row(result.columns, row) for result in results for row in result.rows]
        json.dump(rows, stream, ensure_ascii=False, indent=1, allow_nan=False)
        stream.write("\n")
    else:  # jsonl
        for result in results:
            for row in result.rows:
                stream.write(json.dumps(_json_row(result.columns, row), ensure_ascii=False))
                stream.write("\n")


def _write_parquet(results: Sequence[Result], out: Path | None, stdout: IO) -> None:
    if not results:
        raise OutputError("the script returns no rows to write as Parquet")
    if out is None and stdout.isatty():
        raise OutputError("Parquet is binary: pass --out FILE.parquet or redirect the output")
    table = arrow_table(results[0])
    if out is not None:
        pq.write_table(table, out)
        return
    buffer = pa.BufferOutputStream()
    pq.write_table(table, buffer)
    target = getattr(stdout, "buffer", stdout)
    target.write(buffer.getvalue().to_pybytes())
    target.flush()


def arrow_table(result: Result) -> pa.Table:
    """The result's Arrow table, or one built from its rows (types inferred from the values)."""
    if result.arrow is not None:
        return result.arrow
    arrays = {}
    for i, name in enumerate(result.columns):
        values = [row[i] for row in result.rows]
        try:
            arrays[name] = pa.array(values)
        except (pa.ArrowInvalid, pa.ArrowTypeError):  # mixed types: keep them as text
            arrays[name] = pa.array([None if v is None else _text(v, "") for v in values])
    return pa.table(arrays)


def write_tables(results: Sequence[Result], stream: IO, terminal: bool) -> None:
    """Boxed tables: on a terminal as wide as it is; elsewhere as wide as the rows need."""
    for number, result in enumerate(results, 1):
        title = _title(result, number) if len(results) > 1 else None
        table = Table(*map(printable, result.columns), title=title, title_justify="left")
        # control characters shown escaped: no stored text (a file name) drives the terminal
        cells = [[printable(_text(value, NULL)) for value in row] for row in result.rows]
        for row in cells:
            table.add_row(*row, style=None)
        width = None if terminal else _needed_width(result.columns, cells)
        console = Console(
            file=stream,
            width=width,
            force_terminal=terminal,
            color_system="auto" if terminal else None,
            highlight=False,
            markup=False,
            emoji=False,
            soft_wrap=not terminal,
        )
        console.print(table)
        console.print(_row_count(result))


def _needed_width(columns: Sequence[str], cells: Iterable[Sequence[str]]) -> int:
    widths = [len(c) for c in columns]
    for row in cells:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], max((len(line) for line in cell.splitlines()), default=0))
    return min(max(80, sum(widths) + 3 * len(widths) + 1), WIDEST_TABLE)


def _row_count(result: Result) -> str:
    count = f"{len(result.rows):,} row(s)"
    if result.cut:
        count += f" shown, {result.cut:,} more not shown"
    return count


def _title(result: Result, number: int) -> str:
    statement = " ".join(result.statement.split())
    statement = statement if len(statement) <= 100 else statement[:99] + "…"
    return f"statement {number}: {statement}"


def markdown_text(results: Sequence[Result]) -> str:
    """GitHub tables; several results each under a heading naming its statement."""
    parts = []
    for number, result in enumerate(results, 1):
        lines = [f"#### {_title(result, number)}", ""] if len(results) > 1 else []
        lines.append("| " + " | ".join(_markdown_cell(c) for c in result.columns) + " |")
        lines.append("|" + "---|" * len(result.columns))
        for row in result.rows:
            lines.append("| " + " | ".join(_markdown_cell(_text(v, NULL)) for v in row) + " |")
        if result.cut:
            lines += ["", f"_{_row_count(result)}_"]
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


def _markdown_cell(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("|", "\\|")
    return text.replace("\r\n", "\n").replace("\n", "<br>")


def delimited_text(result: Result, delimiter: str) -> str:
    """RFC 4180 CSV (or TSV with a tab): a header line, CRLF-free; NULL is an empty field,
    an empty string a quoted one."""
    lines = [delimiter.join(_field(c, delimiter) for c in result.columns)]
    for row in result.rows:
        lines.append(delimiter.join(_field(value, delimiter) for value in row))
    return "\n".join(lines) + "\n"


def _field(value: object, delimiter: str) -> str:
    if value is None:
        return ""
    text = _text(value, "")
    if text == "" or any(c in text for c in (delimiter, '"', "\n", "\r")):
        return '"' + text.replace('"', '""') + '"'
    return text


def _text(value: object, null: str) -> str:
    """A value as one cell of text; nested values (lists, structs, maps) as JSON."""
    if value is None:
        return null
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple | dict):
        return json.dumps(_json_value(value), ensure_ascii=False)
    if isinstance(value, bytes):
        return "\\x" + value.hex()
    return str(value)


def _json_row(columns: Sequence[str], row: Sequence[object]) -> dict:
    return {column: _json_value(value) for column, value in zip(columns, row, strict=True)}


def _json_value(value: object) -> object:
    """A value JSON can hold: dates as ISO text, decimals as numbers, NaN and infinities as
    null (JSON has neither), bytes as base64."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, Decimal):
        return float(value) if value.is_finite() else None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): _json_value(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_value(v) for v in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    return str(value)


def read_script(query: str | None, file: Path | None, stdin: IO | None = None) -> str:
    """The SQL to run: the argument, the file of `-f`, or standard input for `-`."""
    if file is not None and query is not None:
        raise OutputError("give the SQL as an argument or with -f FILE, not both")
    if file is not None:
        if str(file) == "-":
            return (stdin or sys.stdin).read()
        try:
            return file.read_text(encoding="utf-8")
        except OSError as error:
            raise OutputError(f"cannot read the SQL file {file}: {error.strerror}") from error
        except UnicodeDecodeError as error:
            raise OutputError(f"the SQL file {file} is not UTF-8 text: {error}") from error
    if query == "-":
        return (stdin or sys.stdin).read()
    if query is None:
        raise OutputError('no SQL: give it as an argument ("SELECT ..."), -f FILE, or - for stdin')
    return query


def csv_rows(text: str, delimiter: str = ",") -> list[list[str]]:
    """Parse what `delimited_text` wrote (for tests and callers that read it back)."""
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))
