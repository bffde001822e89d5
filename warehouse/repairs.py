"""Reapply the repair stage inside the warehouse: raw paragraphs out, repairs replaced in.

The raw text of every paragraph stays in `paragraphs.raw_text`, so the repair stage can be
re-run when a glossary or the casing lexicon changes. `reapply` replaces each document's
repairs, repaired text and machine-translation columns in one transaction: running it twice
gives the same rows, never duplicates. Duplicate and event state is left as loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pyarrow as pa

from transforms.records import Document
from warehouse import loader
from warehouse.backends import Lake
from warehouse.staging import (
    STAGED_COLUMNS,
    arrow_schema,
    document_row,
    name_mention_rows,
    paragraph_rows,
    repair_rows,
)

CHUNK_DOCUMENTS = 500  # documents read, repaired and written per step: memory stays flat

# The columns a reapply replaces; rows come from staging's builders, types from the schema.
REPLACED_COLUMNS = {
    "documents": (
        "doc_id",
        "body",
        "word_count",
        "machine_translated",
        "mt_score",
        "mt_evidence",
        "repair_skips",
    ),
    "paragraphs": ("doc_id", "ordinal", "text", "mt_score"),
    "repairs": STAGED_COLUMNS["repairs"],
    "name_mentions": STAGED_COLUMNS["name_mentions"],
}


def reapply(
    db_path: Path | Lake,
    repair: Callable[[Document], Document],
    run_id: str,
    since: datetime | None = None,
) -> dict[str, int]:
    """Re-run `repair` over the raw paragraphs of loaded documents; one transaction in all."""
    counts = {"documents": 0, "repairs_before": 0, "repairs_after": 0, "documents_changed": 0}
    with loader.write_errors(db_path):
        con = loader.connect(db_path)
        try:
            loader.apply_schema(con)
            con.execute("BEGIN TRANSACTION")
            try:
                for documents in _raw_documents(con, since):
                    before = _bodies_and_repairs(con)
                    repaired = [repair(doc) for doc in documents]
                    _replace(con, repaired, run_id)
                    counts["documents"] += len(repaired)
                    counts["repairs_before"] += sum(n for _, n in before.values())
                    counts["repairs_after"] += sum(len(d.repairs) for d in repaired)
                    counts["documents_changed"] += sum(
                        before.get(d.doc_id, (None, 0))[0] != d.body for d in repaired
                    )
                loader.mark_run(con, run_id, "completed")
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
            if not loader.is_lake(con):  # a lake's CHECKPOINT is maintenance, not a WAL fold
                con.execute("CHECKPOINT")
        finally:
            con.close()
    loader.publish_snapshot(db_path)
    return counts


def _raw_documents(con, since: datetime | None) -> Iterator[list[Document]]:
    """Documents rebuilt from their raw paragraphs, CHUNK_DOCUMENTS at a time."""
    ids = [
        row[0]
        for row in con.execute(
            loader.read_sql("repair_documents_since"), {"since": since}
        ).fetchall()
    ]
    for i in range(0, len(ids), CHUNK_DOCUMENTS):
        chunk = pa.table({"doc_id": pa.array(ids[i : i + CHUNK_DOCUMENTS], pa.string())})
        con.register("reapply_ids", chunk)
        paragraphs: dict[str, list[str]] = {}
        for doc_id, _, raw in con.execute(loader.read_sql("repair_raw_paragraphs")).fetchall():
            paragraphs.setdefault(doc_id, []).append(raw)
        yield [
            Document(doc_id, "", "", "", "", None, paragraphs.get(doc_id, []))
            for doc_id in chunk["doc_id"].to_pylist()
        ]


def _bodies_and_repairs(con) -> dict[str, tuple[str, int]]:
    """Body and repair count of the chunk's documents before the reapply."""
    rows = con.execute(loader.read_sql("repair_chunk_state")).fetchall()
    return {doc_id: (body, n) for doc_id, body, n in rows}


def _replace(con, documents: list[Document], run_id: str) -> None:
    rows = {
        "documents": [document_row(d) for d in documents],
        "paragraphs": [row for d in documents for row in paragraph_rows(d)],
        "repairs": [row for d in documents for row in repair_rows(d)],
        "name_mentions": [row for d in documents for row in name_mention_rows(d)],
    }
    tables = {
        f"reapply_{table}": pa.Table.from_pylist(rows[table], schema=arrow_schema(table)).select(
            list(columns)
        )
        for table, columns in REPLACED_COLUMNS.items()
    }
    for name, table in tables.items():
        con.register(name, table)
    loader.execute_script(con, "repair_replace", {"run_id": run_id})
    for name in tables:
        con.unregister(name)
