"""Thin Prefect tasks: each is one stage over one batch, calling into transforms/ or warehouse/.

Only the tasks that touch the warehouse retry (a lock held by an analyst is transient);
the pure stages never retry, because bad input fails the same way twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import State

from flows.settings import Settings
from flows.sources import hash_file, list_source
from flows.workers import bind, clean_chunk, map_chunks
from transforms.clean import CleanConfig
from transforms.dedup import DedupConfig, fingerprint_document
from transforms.events import EventConfig, EventFeatures, assign_events, event_features
from transforms.glossary import Glossary, default_glossary_paths, load_glossary
from transforms.language import detect_language
from transforms.records import Document, Rejection
from transforms.repair import RepairConfig, repair_document
from transforms.truecase import CasingLexicon, casing_rows, learn_casing, load_seed_phrases
from warehouse import loader
from warehouse.staging import (
    SourceFile,
    clear_stale_staging,
    write_batch,
    write_discovery,
)

TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}


def is_transient(task: object, task_run: object, state: State) -> bool:
    """Retry only what may pass: the warehouse held by another process, or an I/O hiccup."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, loader.WarehouseBusyError | TimeoutError | ConnectionError)


WAREHOUSE_RETRIES = {
    "retries": 3,
    "retry_delay_seconds": [2, 10, 30],
    "retry_condition_fn": is_transient,
}


class Batch:
    """The files of one task run and what the stages made of them.

    A plain class on purpose: Prefect walks dataclasses and lists passed to tasks to find
    upstream futures, which would cost a visit per paragraph of every document.
    """

    __slots__ = ("casing", "documents", "files", "number", "rejections", "seconds")

    def __init__(self, number: int, files: list[SourceFile]) -> None:
        self.number = number
        self.files = files
        self.documents: list[Document] = []
        self.rejections: list[Rejection] = []
        self.casing: list[tuple[str, str, int]] = []
        self.seconds: dict[str, float] = {}

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        yield
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started


@dataclass(slots=True)
class Discovery:
    """What discover found: contents to process, copies of loaded ones, and refusals."""

    seen: int
    new: list[SourceFile]
    copies: int
    rejections: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0


@task(name="discover", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def discover(settings: Settings, run_id: str, staging: Path) -> Discovery:
    """List the source folder; hash only new or changed paths; keep contents not yet loaded."""
    started = time.perf_counter()
    clear_stale_staging(settings.db, keep=run_id)
    listing = list_source(settings.source)
    known = _known_files(settings.db)
    root = settings.source.resolve()
    changed: list[SourceFile] = []
    rejections: list[Rejection] = []
    for entry, refusal in listing.rejections:
        if known.get(entry.path, (None, -1, -1))[1:] != (entry.size, entry.mtime_ns):
            changed.append(entry)
            rejections.append(refusal)
    for entry in listing.files:
        sha, size, mtime = known.get(entry.path, (None, -1, -1))
        if (size, mtime) == (entry.size, entry.mtime_ns) and sha is not None:
            continue
        try:
            digest = hash_file(root / entry.path)
        except OSError as error:
            rejections.append(
                Rejection(entry.path, "read_failed", f"cannot read: {error.strerror}")
            )
            changed.append(entry)
            continue
        changed.append(SourceFile(entry.path, entry.size, entry.mtime_ns, digest, entry.format))
    loaded = _known_hashes(settings.db, [f.sha256 for f in changed if f.sha256])
    new: dict[str, SourceFile] = {}
    for entry in changed:
        if entry.sha256 and entry.sha256 not in loaded and entry.sha256 not in new:
            new[entry.sha256] = entry
    write_discovery(staging, changed, rejections)
    copies = sum(1 for f in changed if f.sha256 and new.get(f.sha256) is not f)
    get_run_logger().info(
        "discover: %s files, %s new or changed paths, %s new contents, %s refused",
        len(listing.files) + len(listing.rejections),
        len(changed),
        len(new),
        len(rejections),
    )
    return Discovery(
        seen=len(listing.files) + len(listing.rejections),
        new=list(new.values()),
        copies=copies,
        rejections=rejections,
        seconds=time.perf_counter() - started,
    )


def _known_files(db: Path) -> dict[str, tuple[str | None, int, int]]:
    if not db.exists():
        return {}
    con = loader.connect(db)
    try:
        loader.apply_schema(con)
        return loader.known_files(con)
    finally:
        con.close()


def _known_hashes(db: Path, hashes: list[str]) -> set[str]:
    if not db.exists() or not hashes:
        return set()
    con = loader.connect(db)
    try:
        return loader.known_hashes(con, hashes)
    finally:
        con.close()


@task(name="read-casing-lexicon", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def read_casing_lexicon(settings: Settings) -> list[tuple[str, str, int]]:
    """Casing evidence learned from earlier runs, for the repair stage."""
    if not settings.db.exists():
        return []
    con = loader.connect(settings.db)
    try:
        loader.apply_schema(con)
        return loader.casing_rows(con)
    finally:
        con.close()


@task(name="clean", **TASK_OPTIONS)
def clean(batch: Batch, settings: Settings, pool) -> Batch:
    """Read, decode and clean the batch's files in the process pool."""
    with batch.timed("clean"):
        function = bind(
            clean_chunk,
            root=str(settings.source.resolve()),
            config=CleanConfig(),
            timeout=settings.file_timeout_seconds,
        )
        for result in map_chunks(pool, function, batch.files, settings.workers):
            if isinstance(result, Rejection):
                batch.rejections.append(result)
            else:
                batch.documents.append(result)
    return batch


@task(name="detect-language", **TASK_OPTIONS)
def detect_languages(batch: Batch, settings: Settings, pool) -> Batch:
    with batch.timed("language"):
        batch.documents = map_chunks(pool, _language_chunk, batch.documents, settings.workers)
    return batch


def _language_chunk(documents: list[Document]) -> list[Document]:
    return [detect_language(doc) for doc in documents]


@task(name="repair", **TASK_OPTIONS)
def repair(batch: Batch, settings: Settings, lexicon_rows: list, pool) -> Batch:
    """Score machine translation and repair flagged documents, trusting casing learned from
    earlier runs and this batch; keep the casing of clean documents for later runs."""
    with batch.timed("repair"):
        learned = _learned_casing(batch.documents)
        function = bind(
            _repair_chunk,
            glossary=load_glossary([*default_glossary_paths(), *settings.glossaries]),
            lexicon=CasingLexicon.from_rows([*lexicon_rows, *learned], load_seed_phrases()),
        )
        batch.documents = map_chunks(pool, function, batch.documents, settings.workers)
        if any(doc.machine_translated for doc in batch.documents):
            # only what native documents write may teach later runs; MT documents are rare
            learned = _learned_casing([d for d in batch.documents if not d.machine_translated])
        batch.casing = learned
    return batch


def _learned_casing(documents: list[Document]) -> list[tuple[str, str, int]]:
    return casing_rows(learn_casing(p for doc in documents for p in doc.paragraphs))


def _repair_chunk(
    documents: list[Document], glossary: Glossary, lexicon: CasingLexicon
) -> list[Document]:
    config = RepairConfig()
    return [repair_document(doc, glossary, lexicon, config) for doc in documents]


@task(name="fingerprint", **TASK_OPTIONS)
def fingerprint(batch: Batch, settings: Settings, pool) -> Batch:
    """Content hash, MinHash signature and LSH band keys of each document."""
    with batch.timed("fingerprint"):
        batch.documents = map_chunks(pool, _fingerprint_chunk, batch.documents, settings.workers)
    return batch


def _fingerprint_chunk(documents: list[Document]) -> list[Document]:
    config = DedupConfig()
    return [fingerprint_document(doc, config) for doc in documents]


@task(name="stage", **TASK_OPTIONS)
def stage(batch: Batch, staging: Path) -> Batch:
    """Write the batch to Parquet and let go of it: memory stays flat over a long run."""
    with batch.timed("stage"):
        config = EventConfig()
        event_rows = [event_features(doc, config).to_row() for doc in batch.documents]
        write_batch(
            staging,
            batch.number,
            batch.files,
            batch.documents,
            batch.rejections,
            event_rows,
            batch.casing,
        )
    return batch


@task(name="load", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def load(settings: Settings, run_id: str, staging: Path, counts: dict) -> dict:
    """One transaction: staged rows in, duplicates marked, events assigned, run recorded."""
    started = time.perf_counter()
    with loader.load_run(settings.db, run_id, staging) as run:
        run.insert_staged()
        run.mark_duplicates(settings.near_duplicate_threshold)
        config = EventConfig()
        new = [EventFeatures.from_row(row) for row in run.new_event_features()]
        existing = [
            (EventFeatures.from_row(row), row["event_id"]) for row in run.event_candidates()
        ]
        assignment = assign_events(new, existing, config)
        run.apply_events(assignment.event_of, assignment.merges)
        counts["stage_seconds"]["load"] = time.perf_counter() - started
        run.record_run(dict(counts))
        summary = run.run_counts()
    clear_stale_staging(settings.db)
    return summary
