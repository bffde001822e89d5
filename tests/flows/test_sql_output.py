"""`wirehouse sql` output formats, on results built in memory (no warehouse, no subprocess)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flows.sql_output import (
    STREAMED_FORMATS,
    OutputError,
    Result,
    choose_format,
    read_script,
    stream_result,
    write_results,
)

pytestmark = pytest.mark.fast

ROWS = Result(
    ["doc_id", "title", "published", "score", "tags", "note"],
    [
        ("a1", 'Kerry, Lavrov "talks"\nin Moscow', date(2016, 3, 24), Decimal("1.50"), ["x"], None),
        ("b2", "", None, 2.0, [], "plain"),
    ],
)


class Stream(io.StringIO):
    """stdout as a pipe or a terminal."""

    def __init__(self, terminal: bool = False) -> None:
        super().__init__()
        self.terminal = terminal

    def isatty(self) -> bool:
        return self.terminal


def written(fmt: str, results: list[Result] | None = None) -> str:
    stream = Stream()
    write_results(results or [ROWS], fmt, stdout=stream)
    return stream.getvalue()


def test_csv_reads_back_with_nulls_empty_and_empty_strings_quoted():
    text = written("csv")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ROWS.columns
    assert rows[1] == ["a1", 'Kerry, Lavrov "talks"\nin Moscow', "2016-03-24", "1.50", '["x"]', ""]
    assert rows[2][1:3] == ["", ""]
    assert text.splitlines()[-1].startswith('b2,"",,'), "an empty string is quoted, NULL is not"


def test_tsv_uses_tabs():
    rows = list(csv.reader(io.StringIO(written("tsv")), delimiter="\t"))
    assert rows[0] == ROWS.columns and rows[2][0] == "b2"


def test_json_is_one_array_of_objects_with_null():
    rows = json.loads(written("json"))
    assert rows[0]["published"] == "2016-03-24" and rows[0]["score"] == 1.5
    assert rows[0]["note"] is None and rows[1]["tags"] == []


def test_jsonl_is_one_object_per_line():
    lines = written("jsonl").splitlines()
    assert [json.loads(line)["doc_id"] for line in lines] == ["a1", "b2"]


def test_table_shows_null_as_null_and_is_not_cut_at_80_columns():
    wide = Result(["text", "n"], [("w" * 300, None)])
    text = written("table", [wide])
    assert "w" * 300 in text and "NULL" in text and "1 row(s)" in text


def test_markdown_escapes_pipes_and_shows_null():
    text = written("markdown", [Result(["a", "b"], [("x|y", None)])])
    assert "| x\\|y | NULL |" in text


def test_several_results_show_in_table_and_markdown_each_under_its_statement():
    results = [
        Result(["a"], [(1,)], statement="SELECT 1 AS a"),
        Result(["b"], [(2,)], statement="SELECT 2 AS b"),
    ]
    text = written("table", results)
    assert "statement 1: SELECT 1 AS a" in text and "statement 2: SELECT 2 AS b" in text
    assert "statement 2: SELECT 2 AS b" in written("markdown", results)


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "parquet"])
def test_one_result_formats_refuse_several(fmt: str):
    with pytest.raises(OutputError, match="2 statements return rows"):
        written(fmt, [ROWS, ROWS])


def test_parquet_keeps_arrow_types(tmp_path: Path):
    table = pa.table({"day": pa.array([date(2016, 3, 24)], pa.date32()), "n": [None]})
    out = tmp_path / "r.parquet"
    write_results([Result.from_arrow(table)], "parquet", out)
    assert pq.read_table(out).schema.field("day").type == pa.date32()


def test_parquet_is_not_written_to_a_terminal():
    with pytest.raises(OutputError, match="binary"):
        write_results([ROWS], "parquet", stdout=Stream(terminal=True))


def test_a_map_column_becomes_an_object():
    table = pa.table({"m": pa.array([[("k", 1)]], pa.map_(pa.string(), pa.int32()))})
    assert Result.from_arrow(table).rows == [({"k": 1},)]


@pytest.mark.parametrize(
    ("asked", "out", "terminal", "wanted"),
    [
        (None, None, True, "table"),
        (None, None, False, "csv"),
        (None, Path("r.parquet"), True, "parquet"),
        (None, Path("r.jsonl"), True, "jsonl"),
        (None, Path("r.unknown"), True, "csv"),
        ("json", Path("r.csv"), False, "json"),
    ],
    ids=["terminal", "pipe", "out-parquet", "out-jsonl", "out-other", "asked-wins"],
)
def test_the_format_follows_the_flag_the_out_suffix_then_the_output(
    asked: str | None, out: Path | None, terminal: bool, wanted: str
):
    assert choose_format(asked, out, Stream(terminal)) == wanted


def test_the_script_comes_from_the_argument_a_file_or_stdin(tmp_path: Path):
    script = tmp_path / "q.sql"
    script.write_text("SELECT 1;\n", encoding="utf-8")
    assert read_script("SELECT 2", None) == "SELECT 2"
    assert read_script(None, script) == "SELECT 1;\n"
    assert read_script("-", None, io.StringIO("SELECT 3")) == "SELECT 3"
    assert read_script(None, Path("-"), io.StringIO("SELECT 4")) == "SELECT 4"
    with pytest.raises(OutputError, match="no SQL"):
        read_script(None, None)
    with pytest.raises(OutputError, match="cannot read the SQL file"):
        read_script(None, tmp_path / "missing.sql")


def test_timestamps_and_decimals_in_json():
    result = Result(["t", "d"], [(datetime(2016, 3, 24, 10, 5), Decimal("NaN"))])
    assert json.loads(written("json", [result])) == [{"t": "2016-03-24T10:05:00", "d": None}]


def _arrow_rows() -> pa.Table:
    return pa.table(
        {
            "doc_id": ["a1", "b2", "c3"],
            "title": ['Kerry, Lavrov "talks"\nin Moscow', "", None],
            "published": pa.array([date(2016, 3, 24), None, date(2020, 1, 1)], pa.date32()),
            "score": [1.5, float("nan"), None],
            "tags": [["x"], [], None],
        }
    )


@pytest.mark.parametrize("fmt", sorted(STREAMED_FORMATS - {"parquet"}))
@pytest.mark.parametrize("batch_rows", [1, 2, 1000])
def test_a_streamed_result_is_the_text_of_the_whole_result(fmt: str, batch_rows: int):
    """Batch by batch, the same text as the whole result written at once, wherever the
    batches break; an empty result too."""
    table = _arrow_rows()
    for rows in (table, table.slice(0, 0)):
        whole = Stream()
        write_results([Result.from_arrow(rows)], fmt, stdout=whole)
        streamed = Stream()
        count = stream_result(rows.schema, rows.to_batches(batch_rows), fmt, stdout=streamed)
        assert count == rows.num_rows
        assert streamed.getvalue() == whole.getvalue()


def test_a_streamed_parquet_file_keeps_types_and_a_failed_stream_leaves_no_file(tmp_path: Path):
    table = _arrow_rows()
    out = tmp_path / "r.parquet"
    assert stream_result(table.schema, table.to_batches(1), "parquet", out) == 3
    back = pq.read_table(out)
    assert back.schema.field("published").type == pa.date32() and back.num_rows == 3
    for column in ("doc_id", "title", "published", "tags"):
        assert back.column(column).to_pylist() == table.column(column).to_pylist()

    def failing():
        yield from table.to_batches(1)[:2]
        raise RuntimeError("the query stopped half way")

    broken = tmp_path / "broken.csv"
    with pytest.raises(RuntimeError):
        stream_result(table.schema, failing(), "csv", broken)
    assert not broken.exists() and not list(tmp_path.glob("*.partial"))
