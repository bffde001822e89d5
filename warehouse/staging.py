"""Stage each processed batch as Parquet files, so memory stays flat and the load is one
short transaction that reads them back set-based.

A run's staging folder is `<warehouse file>.staging/<run_id>/` (`wh.duckdb.staging/...`):
named from the warehouse file, so two warehouses in one folder never share one, and made and
removed only by a run of that warehouse under its writer lock. One Parquet file per table
per batch. A crash before the load commits leaves only this folder behind, which the next
run deletes. A source folder that is the staging folder or inside it is refused before
anything is touched.
"""

from __future__ import annotations

import contextlib
import functools
import shutil
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from transforms.dedup import paragraph_fingerprints
from transforms.event_dates import precision_of
from transforms.quotes import QuoteConfig, extract_quotes
from transforms.records import Document, Rejection
from warehouse.backends import Lake, local_path

# Rejection codes of files that moved or changed between discovery and reading: their bytes
# are not recorded as held, so the next run that finds them reads them.
RETRY_CODES = frozenset({"read_missing", "read_changed"})
STAGING_SUFFIX = ".staging"

# Each staged table's columns, in the order staged: the shape of its rows. Their types are the
# warehouse table's (warehouse/schema/*.sql, read by `arrow_schema`), so a column is typed in
# one place; a staged table loads into the table of its name unless `LOADED_INTO` says
# otherwise, and `STAGING_ONLY` holds the columns the load reads but never stores.
STAGED_COLUMNS: dict[str, tuple[str, ...]] = {
    "raw_files": ("sha256", "path", "size", "format", "raw_text"),
    "source_files": ("path", "sha256", "size", "mtime_ns", "ctime_ns", "inode"),
    "documents": (
        "doc_id",
        "sha256",
        "path",
        "format",
        "url",
        "site",
        "site_source",
        "title",
        "author",
        "published_date",
        "date_precision",
        "date_inferred",
        "date_source",
        "year_source",
        "event_date",
        "event_date_source",
        "event_date_precision",
        "language",
        "language_confidence",
        "language_method",
        "body",
        "raw_body",
        "word_count",
        "machine_translated",
        "mt_score",
        "mt_evidence",
        "repair_skips",
        "content_hash",
    ),
    "paragraphs": (
        "doc_id",
        "ordinal",
        "text",
        "raw_text",
        "language",
        "paragraph_hash",
        "mt_score",
        "repeat_of",
    ),
    "repairs": ("doc_id", "ordinal", "seq", "start", "end", "before", "after", "rule"),
    "minhash_bands": ("doc_id", "band_key"),
    "minhash_signatures": ("doc_id", "signature"),
    "event_features": (
        "doc_id",
        "year",
        "month",
        "day",
        "names",
        "terms",
        "order_key",
        "latest_year",
        "weekday",
        "event_first",
        "event_last",
        "event_month",
        "event_day",
        "places",
        "quotes",
        "numbers",
        "headline_terms",
        "recalled_first",
        "recalled_last",
    ),
    "rejects": ("path", "sha256", "code", "reason"),
    "casing": ("phrase_key", "cased_form", "n"),
    "warc_records": (
        "sha256",
        "path",
        "archive",
        "record_offset",
        "record_id",
        "target_uri",
        "warc_date",
        "http_charset",
    ),
    "name_mentions": ("doc_id", "ordinal", "surface", "variant_key"),
    "quote_occurrences": ("quote_id", "doc_id", "ordinal", "text", "speaker"),
    "site_lines": ("doc_id", "site", "line_hash"),
    "source_meta": (
        "path",
        "sha256",
        "url",
        "site",
        "title",
        "author",
        "published_date",
        "date_precision",
        "removed",
    ),
    "cleaning_drops": ("doc_id", "line_no", "text", "reason", "detail"),
}
STAGED_TABLES = tuple(STAGED_COLUMNS)
LOADED_INTO = {"casing": "casing_lexicon"}
# source_meta.removed: the sidecar went away, so the load deletes the document's row.
STAGING_ONLY = {("source_meta", "removed"): "BOOLEAN"}
# Staged tables keyed by document: what a backfill replaces when it reloads documents.
DOCUMENT_TABLES = tuple(t for t, columns in STAGED_COLUMNS.items() if "doc_id" in columns)


@functools.cache
def arrow_schema(table: str) -> pa.Schema:
    """The Arrow schema of a staged table: its columns with the warehouse table's types,
    as DuckDB hands them to Arrow (read once per process from an empty in-memory warehouse)."""
    return _arrow_schemas()[table]


@functools.cache
def _arrow_schemas() -> dict[str, pa.Schema]:
    import duckdb  # here, not at import: pool workers import this module for SourceFile

    from warehouse.loader import apply_schema

    con = duckdb.connect()
    try:
        apply_schema(con)
        schemas = {}
        for table, columns in STAGED_COLUMNS.items():
            selected = ", ".join(
                f'CAST(NULL AS {STAGING_ONLY[table, c]}) AS "{c}"'
                if (table, c) in STAGING_ONLY
                else f'"{c}"'
                for c in columns
            )
            source = LOADED_INTO.get(table, table)
            query = f"SELECT {selected} FROM {source} LIMIT 0"
            schemas[table] = con.execute(query).to_arrow_table().schema.remove_metadata()
        return schemas
    finally:
        con.close()


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file found under the source folder, as discover saw it."""

    path: str  # relative to the source folder, as stored (flows/names.py escapes odd names)
    size: int
    mtime_ns: int
    sha256: str | None  # None when the file could not be read
    format: str | None
    ctime_ns: int = 0  # inode change time: a rewrite moves it even if mtime is put back
    inode: int = 0

    @property
    def stamp(self) -> tuple[int, int, int, int]:
        """What must stay the same for the file's content to count as unchanged."""
        return (self.size, self.mtime_ns, self.ctime_ns, self.inode)


class StagingError(OSError):
    """The staging folder cannot be used as it is (a link, or the source folder)."""


def staging_root(db_path: Path | Lake) -> Path:
    """The warehouse's own staging folder: `wh.duckdb.staging` beside `wh.duckdb` (a lake's
    beside its local anchor, `backends.local_path`: `lake.sqlite.staging`)."""
    anchor = local_path(db_path)
    return anchor.with_name(anchor.name + STAGING_SUFFIX)


def staging_dir(db_path: Path | Lake, run_id: str) -> Path:
    return staging_root(db_path) / run_id


def refuse_source_in_staging(db_path: Path | Lake, source: Path) -> None:
    """Refuse a source folder that each run would empty: the staging folder or one inside."""
    root = staging_root(db_path).resolve()
    folder = source.resolve()
    if folder == root or folder.is_relative_to(root):
        raise StagingError(
            f"the source folder {source} is inside {root}, the staging folder that runs of "
            f"{local_path(db_path).name} empty: keep sources elsewhere"
        )


def clear_stale_staging(db_path: Path | Lake, keep: str | None = None) -> None:
    """Remove staging folders of runs that never committed (all but `keep`), and the staging
    folder itself when none is kept. Called under the writer lock."""
    root = staging_root(db_path)
    if root.is_symlink():
        raise StagingError(
            f"{root} is a symbolic link; runs make and empty that folder themselves: remove it"
        )
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.name != keep:
            shutil.rmtree(child, ignore_errors=True)
    if keep is None:
        with contextlib.suppress(OSError):
            root.rmdir()


# One document's staged rows, table by table, built in the pool (flows/workers.py).
DocumentRows = dict[str, list[dict]]
DOCUMENT_ROW_TABLES = (
    "documents",
    "paragraphs",
    "repairs",
    "minhash_bands",
    "minhash_signatures",
    "event_features",
    "site_lines",
    "name_mentions",
    "quote_occurrences",
)


def document_rows(doc: Document, event_row: dict, quotes: QuoteConfig) -> DocumentRows:
    """Every staged row of one fingerprinted document: the document, its paragraphs with
    their fingerprints, repairs, MinHash, event features, template lines, names and quotes."""
    return {
        "documents": [document_row(doc)],
        "paragraphs": paragraph_rows(doc),
        "repairs": repair_rows(doc),
        "minhash_bands": [{"doc_id": doc.doc_id, "band_key": k} for k in doc.band_keys],
        "minhash_signatures": [{"doc_id": doc.doc_id, "signature": doc.minhash}],
        "event_features": [event_row],
        "site_lines": [
            {"doc_id": doc.doc_id, "site": doc.site, "line_hash": h}
            for h in (doc.line_hashes if doc.site else ())
        ],
        "name_mentions": name_mention_rows(doc),
        "quote_occurrences": quote_rows(doc, quotes),
    }


def write_batch(
    folder: Path,
    batch_no: int,
    files: list[SourceFile],
    documents: list[DocumentRows],
    rejections: list[Rejection],
    casing_rows: list[tuple[str, str, int]],
) -> None:
    """Write one batch as one Parquet file per table (empty tables too, to keep schemas);
    `raw_files` and `cleaning_drops` are written by the clean stage, a chunk at a time."""
    folder.mkdir(parents=True, exist_ok=True)
    sha_by_path = {f.path: f.sha256 for f in files}
    tables = {table: [] for table in DOCUMENT_ROW_TABLES}
    for rows in documents:
        for table, table_rows in rows.items():
            tables[table] += table_rows
    tables["casing"] = [{"phrase_key": k, "cased_form": c, "n": n} for k, c, n in casing_rows]
    tables["rejects"] = _rejection_rows(rejections, sha_by_path)
    for table, table_rows in tables.items():
        _write(folder, table, f"{batch_no:06d}", table_rows)


def write_discovery(
    folder: Path,
    files: list[SourceFile],
    rejections: list[Rejection],
    warc_records: list[dict] | None = None,
    source_meta: list[dict] | None = None,
) -> None:
    """Record every new or changed path of the run (copies and refusals too), the refusals,
    where the new pages read from web archives came from, and what changed sidecars say."""
    folder.mkdir(parents=True, exist_ok=True)
    _write(folder, "warc_records", "discover", warc_records or [])
    _write(folder, "source_meta", "discover", source_meta or [])
    rows = [
        {
            "path": f.path,
            "sha256": f.sha256,
            "size": f.size,
            "mtime_ns": f.mtime_ns,
            "ctime_ns": f.ctime_ns,
            "inode": f.inode,
        }
        for f in files
    ]
    _write(folder, "source_files", "discover", rows)
    sha_by_path = {f.path: f.sha256 for f in files}
    _write(folder, "rejects", "discover", _rejection_rows(rejections, sha_by_path))


def _write(folder: Path, table: str, part: str, rows: list[dict]) -> None:
    """LZ4: staged files live until the load; on raw HTML it costs 0.62 ms a page against
    snappy's 1.02 (the default) at about the same size."""
    arrow = pa.Table.from_pylist(rows, schema=arrow_schema(table))
    pq.write_table(arrow, folder / f"{table}-{part}.parquet", compression="lz4")


def staged_files(folder: Path) -> dict[str, list[str]]:
    """Parquet files per staged table, in batch order."""
    return {
        table: sorted(str(p) for p in folder.glob(f"{table}-*.parquet")) for table in STAGED_TABLES
    }


def _rejection_rows(rejections: list[Rejection], sha_by_path: dict[str, str | None]) -> list[dict]:
    return [
        {"path": r.path, "sha256": sha_by_path.get(r.path), "code": r.code, "reason": r.detail}
        for r in rejections
    ]


def write_raw_files(
    folder: Path,
    part: str,
    files: list[SourceFile],
    results: list[Document | Rejection],
    stored: frozenset[str] = frozenset(),
) -> None:
    """The decoded text of each cleaned file of one chunk, as soon as the chunk is cleaned:
    a batch of HTML pages (150 KB each) never waits in memory for the stage task. Contents in
    `stored` (documents cleaned again) are in the warehouse already."""
    folder.mkdir(parents=True, exist_ok=True)
    files = [f for f in files if f.sha256 not in stored]
    texts = {r.sha256: r.raw_text for r in results if isinstance(r, Document)}
    rejections = [r for r in results if isinstance(r, Rejection)]
    _write(folder, "raw_files", part, _raw_file_rows(files, texts, rejections))


def write_cleaning_drops(folder: Path, part: str, results: list[Document | Rejection]) -> None:
    """The lines each cleaned dump of one chunk did not keep, staged as the chunk comes back:
    they never travel through the later stages with their document."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = [
        {
            "doc_id": r.doc_id,
            "line_no": d.line_no,
            "text": d.text,
            "reason": d.reason,
            "detail": d.detail,
        }
        for r in results
        if isinstance(r, Document)
        for d in r.dropped
    ]
    _write(folder, "cleaning_drops", part, rows)


def _raw_file_rows(
    files: Iterable[SourceFile], text_by_sha: Mapping[str, str], rejections: list[Rejection]
) -> list[dict]:
    """Every distinct content of the batch, rejected ones too (without text), except those
    that moved before they were read: the next run reads them."""
    rejected = {r.path for r in rejections if r.code not in RETRY_CODES}
    unread = {r.path for r in rejections if r.code in RETRY_CODES}
    rows: dict[str, dict] = {}
    for f in files:
        if f.sha256 is None or f.sha256 in rows or f.path in unread:
            continue
        if f.sha256 not in text_by_sha and f.path not in rejected:
            continue
        rows[f.sha256] = {
            "sha256": f.sha256,
            "path": f.path,
            "size": f.size,
            "format": f.format or "unknown",
            "raw_text": text_by_sha.get(f.sha256),
        }
    return list(rows.values())


def document_row(doc: Document) -> dict:
    body = doc.body
    return {
        "doc_id": doc.doc_id,
        "sha256": doc.sha256,
        "path": doc.path,
        "format": doc.format,
        "url": doc.url,
        "site": doc.site,
        "site_source": doc.site_source,
        "title": doc.title,
        "author": doc.author,
        "published_date": doc.date.to_date(),
        "date_precision": doc.date.precision,
        "date_inferred": doc.date_inferred,
        "date_source": doc.date_source,
        "year_source": doc.year_source,
        "event_date": doc.event_date,
        "event_date_source": doc.event_date_source,
        "event_date_precision": precision_of(doc.event_date_source),
        "language": doc.language,
        "language_confidence": doc.language_confidence,
        "language_method": doc.language_method,
        "body": body,
        "raw_body": "\n\n".join(doc.paragraphs),
        "word_count": len(body.split()),
        "machine_translated": doc.machine_translated,
        "mt_score": doc.mt_score,
        "mt_evidence": doc.mt_evidence,
        "repair_skips": doc.repair_skips,
        "content_hash": doc.content_hash,
    }


def paragraph_rows(doc: Document) -> list[dict]:
    languages = doc.paragraph_languages or [doc.language] * len(doc.paragraphs)
    scores = doc.paragraph_mt_scores or [None] * len(doc.paragraphs)
    fingerprints = paragraph_fingerprints(doc.paragraphs)
    return [
        {
            "doc_id": doc.doc_id,
            "ordinal": ordinal,
            "text": text,
            "raw_text": raw,
            "language": language,
            "paragraph_hash": paragraph_hash,
            "mt_score": score,
            "repeat_of": repeat_of,
        }
        for ordinal, (text, raw, language, score, (paragraph_hash, repeat_of)) in enumerate(
            zip(doc.body_paragraphs, doc.paragraphs, languages, scores, fingerprints, strict=True)
        )
    ]


def repair_rows(doc: Document) -> list[dict]:
    seq_by_paragraph: dict[int, int] = {}
    rows = []
    for repair in doc.repairs:
        seq = seq_by_paragraph.get(repair.ordinal, 0)
        seq_by_paragraph[repair.ordinal] = seq + 1
        rows.append(
            {
                "doc_id": doc.doc_id,
                "ordinal": repair.ordinal,
                "seq": seq,
                "start": repair.start,
                "end": repair.end,
                "before": repair.before,
                "after": repair.after,
                "rule": repair.rule,
            }
        )
    return rows


def name_mention_rows(doc: Document) -> list[dict]:
    return [
        {"doc_id": doc.doc_id, "ordinal": ordinal, "surface": surface, "variant_key": key}
        for ordinal, surface, key in doc.name_mentions
    ]


def quote_rows(doc: Document, config: QuoteConfig) -> list[dict]:
    return [
        {
            "quote_id": q.quote_id,
            "doc_id": doc.doc_id,
            "ordinal": q.ordinal,
            "text": q.text,
            "speaker": q.speaker,
        }
        for q in extract_quotes(doc.body_paragraphs, config)
    ]
