"""Each staged table's row shape is defined once: its columns in staging.STAGED_COLUMNS, their
types in the SQL schema, the Arrow schemas derived from both, the row builders checked
against them."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from flows.settings import Stages
from transforms.dedup import fingerprint_document
from transforms.events import event_features
from transforms.records import Document, Repair
from warehouse import loader
from warehouse.repairs import REPLACED_COLUMNS
from warehouse.staging import (
    DOCUMENT_ROW_TABLES,
    LOADED_INTO,
    STAGED_COLUMNS,
    STAGING_ONLY,
    arrow_schema,
    document_rows,
)

pytestmark = pytest.mark.fast


def warehouse_columns() -> dict[str, dict[str, str]]:
    con = duckdb.connect()
    loader.apply_schema(con)
    rows = con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns"
    ).fetchall()
    tables: dict[str, dict[str, str]] = {}
    for table, column, kind in rows:
        tables.setdefault(table, {})[column] = kind
    return tables


def test_every_staged_column_is_a_warehouse_column_of_the_same_type():
    tables = warehouse_columns()
    for table, columns in STAGED_COLUMNS.items():
        stored = tables[LOADED_INTO.get(table, table)]
        schema = arrow_schema(table)
        assert schema.names == list(columns)
        for column in columns:
            if (table, column) in STAGING_ONLY:
                assert column not in stored, f"{table}.{column} is stored after all"
                continue
            assert column in stored, f"staged {table}.{column} has no warehouse column"


def test_arrow_types_follow_the_sql_schema():
    assert arrow_schema("documents").field("published_date").type == pa.date32()
    assert arrow_schema("documents").field("mt_evidence").type == pa.map_(pa.string(), pa.int32())
    assert arrow_schema("minhash_signatures").field("signature").type == pa.list_(pa.int64())
    assert arrow_schema("warc_records").field("warc_date").type == pa.timestamp("us")
    assert arrow_schema("source_meta").field("removed").type == pa.bool_()


def test_a_documents_rows_have_exactly_the_staged_columns():
    doc = Document(
        "d1",
        "d1.txt",
        "s1",
        "text",
        "",
        "Talks",
        [
            "Foreign ministers met in Vienna on Tuesday, officials said.",
            '"We will meet again next week to talk it over," the minister said.',
        ],
        site="example.org",
        line_hashes=["h1"],
        repairs=[Repair(0, 0, 7, "Foreign", "Foreign", "case")],
        name_mentions=[(0, "Vienna", "vienna")],
    )
    stages = Stages()
    doc = fingerprint_document(doc, stages.dedup)
    features = event_features(doc, stages.events).to_row()
    rows = document_rows(doc, features, stages.quotes)
    assert set(rows) == set(DOCUMENT_ROW_TABLES)
    for table, table_rows in rows.items():
        assert table_rows, f"no {table} row"
        for row in table_rows:
            assert tuple(row) == STAGED_COLUMNS[table], table
        pa.Table.from_pylist(table_rows, schema=arrow_schema(table))  # types fit


def test_a_reapply_replaces_only_staged_columns():
    for table, columns in REPLACED_COLUMNS.items():
        assert set(columns) <= set(STAGED_COLUMNS[table])
