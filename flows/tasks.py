"""Thin Prefect tasks: each is one stage over one batch, calling into transforms/ or warehouse/.

Only the tasks that touch the warehouse retry (a lock held by an analyst is transient);
the pure stages never retry, because bad input fails the same way twice.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.states import State

from flows import cancel
from flows.archives import expand_archives, is_archive
from flows.progress import advance_stage, batch_items_to_count
from flows.run_state import completed_in_load
from flows.settings import Settings
from flows.sidecars import scan_sidecars
from flows.sources import hash_file, list_source, source_path
from flows.workers import (
    StoredDocument,
    bind,
    casing_counts,
    clean_chunk,
    fingerprint_chunk,
    iter_chunks,
    language_chunk,
    map_chunks,
    reclean_chunk,
    repair_chunk,
)
from transforms.clean import CleanConfig, doc_id_for
from transforms.events import BatchRows, EventConfig, EventFeatures, assign_events
from transforms.glossary import Glossary, default_glossary_paths, load_glossary
from transforms.records import Document, Rejection
from transforms.source_meta import SourceMeta
from transforms.truecase import (
    CasingCounts,
    CasingLexicon,
    casing_rows,
    changed_phrases,
    learned_forms,
    may_hold,
    news_lexicon,
)
from warehouse import loader
from warehouse.staging import (
    DocumentRows,
    SourceFile,
    clear_stale_staging,
    write_batch,
    write_cleaning_drops,
    write_discovery,
    write_raw_files,
)

TASK_OPTIONS = {"cache_policy": NO_CACHE, "persist_result": False}


def is_transient(task: object, task_run: object, state: State) -> bool:
    """Retry only an I/O hiccup. A warehouse held by another process is not retried here:
    opening it already waited `busy_wait_seconds`, and the run then stops saying who holds
    it (waits stacked on waits took minutes)."""
    error = state.result(raise_on_failure=False)
    return isinstance(error, TimeoutError | ConnectionError)


def retry_policy(settings: Settings) -> loader.RetryPolicy:
    """How the run opens the warehouse: waiting for a process holding it, bounded and cut
    short by a cancel; its writer within `[warehouse] writer_memory_limit`."""
    return loader.RetryPolicy(
        wait_seconds=settings.busy_wait_seconds,
        pause=cancel.wait,
        memory_limit=settings.stages.warehouse.writer_memory_limit,
    )


def connect(settings: Settings):
    """The warehouse for the run's reads; a wait that a cancel cut short is the cancel."""
    with cancel.as_cancel():
        return loader.connect(settings.db, retry=retry_policy(settings))


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

    __slots__ = (
        "casing",
        "casing_counts",
        "documents",
        "files",
        "number",
        "rejections",
        "rows",
        "seconds",
        "stored",
    )

    def __init__(
        self,
        number: int,
        files: list[SourceFile] | None = None,
        stored: list[StoredDocument] | None = None,
    ) -> None:
        self.number = number
        self.files = files or []  # what ingest reads: files of the source folder
        self.stored = stored or []  # what a backfill reads: documents the warehouse kept
        self.documents: list[Document] = []
        self.rejections: list[Rejection] = []
        self.casing: list[tuple[str, str, int]] = []
        self.casing_counts = CasingCounts()
        self.rows: list[DocumentRows] = []  # each document's staged rows
        self.seconds: dict[str, float] = {}

    def add_cleaned(self, result: Document | Rejection) -> None:
        """Keep one file's outcome without its raw text (a whole HTML page, staged or stored
        already) and its dropped lines (staged already): the later stages' round trips to the
        pool carry only the clean text."""
        if isinstance(result, Rejection):
            self.rejections.append(result)
        else:
            self.documents.append(replace(result, raw_text="", dropped=[]))

    def let_go(self) -> None:
        """Drop what staging has written: a finished batch keeps only its counts and times."""
        self.files, self.stored, self.documents, self.casing, self.rows = [], [], [], [], []
        self.casing_counts = CasingCounts()

    def add_seconds_to(self, total: dict[str, float]) -> None:
        """Sum this batch's per-stage seconds into a run's."""
        for name, value in self.seconds.items():
            total[name] = total.get(name, 0.0) + value

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        skipped = 0 if stage == "clean" else len(self.rejections)  # rejected before this stage
        yield
        self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started
        done = len(self.documents) + len(self.rejections) - skipped
        advance_stage(stage, batch_items_to_count(stage, done, skipped))


@dataclass(slots=True)
class Discovery:
    """What discover found: contents to process, copies of loaded ones, and refusals; loaded
    documents whose sidecar changed (cleaned again, replaced under their doc_id) and the
    sidecar values of the files to clean."""

    seen: int
    new: list[SourceFile]
    copies: int
    rejections: list[Rejection] = field(default_factory=list)
    seconds: float = 0.0
    refresh: list[SourceFile] = field(default_factory=list)
    metas: dict[str, SourceMeta] = field(default_factory=dict)

    @property
    def to_clean(self) -> list[SourceFile]:
        return self.new + self.refresh

    @property
    def refreshed_documents(self) -> list[str]:
        return [doc_id_for(f.sha256) for f in self.refresh if f.sha256]


class RunContext:
    """What every step of a run may read besides its batch: the settings (each stage's config
    in `settings.stages`), the pool, the staging folder and what earlier runs taught (casing,
    site templates). A plain class, like Batch, so Prefect does not walk the lexicon."""

    __slots__ = ("found", "learn_casing", "lexicon", "pool", "settings", "staging", "templates")

    def __init__(
        self,
        settings: Settings,
        pool: Executor,
        staging: Path,
        lexicon: list[tuple[str, str, int]],
        templates: dict[str, frozenset[str]],
        found: Discovery | None = None,
        learn_casing: bool = True,
    ) -> None:
        self.settings = settings
        self.pool = pool
        self.staging = staging
        self.lexicon = lexicon
        self.templates = templates
        self.found = found  # ingest's discovery: sidecar values, documents cleaned again
        # False in a backfill: the lexicon counted its documents when they were first loaded
        self.learn_casing = learn_casing

    def clean_config(self) -> CleanConfig:
        return replace(self.settings.stages.clean, site_templates=self.templates)


@task(name="discover", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def discover(settings: Settings, run_id: str, staging: Path, rehash: bool = False) -> Discovery:
    """List the source folder; hash only new or changed paths (all with `rehash`); keep
    contents not yet loaded.

    A path is unchanged when its size, mtime, ctime and inode are as recorded: an edit that
    keeps the size and puts the mtime back still moves the ctime."""
    started = time.perf_counter()
    clear_stale_staging(settings.db, keep=run_id)
    listing = list_source(settings.source)
    known = _known_files(settings)
    root = settings.source.resolve()
    changed: list[SourceFile] = []
    rejections: list[Rejection] = []
    changed_paths: set[str] = set()
    for entry, refusal in listing.rejections:
        if rehash or known.get(entry.path, (None, None))[1] != entry.stamp:
            changed.append(entry)
            rejections.append(refusal)
    for entry in listing.files:
        cancel.check()
        sha, stamp = known.get(entry.path, (None, None))
        if not rehash and stamp == entry.stamp and sha is not None:
            continue
        try:
            digest = hash_file(source_path(root, entry.path), root)
        except FileNotFoundError:
            rejections.append(Rejection(entry.path, "read_missing", MOVED))
            changed.append(entry)
            continue
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            rejections.append(Rejection(entry.path, "read_failed", f"cannot read: {reason}"))
            changed.append(entry)
            continue
        changed.append(replace(entry, sha256=digest))
    changed_paths.update(f.path for f in changed)
    archives = expand_archives(
        root, [f for f in changed if is_archive(f) and f.sha256], settings.stages.warc
    )
    rejections += archives.rejections
    contents = [f for f in changed if not is_archive(f)] + archives.records
    loaded = _known_hashes(settings, [f.sha256 for f in contents if f.sha256])
    new: dict[str, SourceFile] = {}
    for entry in contents:
        if entry.sha256 and entry.sha256 not in loaded and entry.sha256 not in new:
            new[entry.sha256] = entry
    record_rows = [archives.record_rows[sha] for sha in new if sha in archives.record_rows]
    sidecars = scan_sidecars(root, listing.sidecars, known, {f.path for f in new.values()})
    rejections += sidecars.rejections
    refresh = _refreshed(settings, listing.files, known, sidecars.changed_for - changed_paths)
    write_discovery(
        staging, changed + archives.records + sidecars.files, rejections, record_rows, sidecars.rows
    )
    # a copy is a new path to known bytes; a path re-hashed to the bytes it had is none
    copies = sum(
        1
        for f in contents
        if f.sha256 and new.get(f.sha256) is not f and known.get(f.path, (None,))[0] != f.sha256
    )
    get_run_logger().info(
        "discover: %s files, %s new or changed paths, %s new contents, %s refused, "
        "%s documents whose sidecar changed",
        len(listing.files) + len(listing.rejections),
        len(changed),
        len(new),
        len(rejections),
        len(refresh),
    )
    return Discovery(
        seen=len(listing.files) + len(listing.rejections),
        new=list(new.values()),
        copies=copies,
        rejections=rejections,
        seconds=time.perf_counter() - started,
        refresh=refresh,
        metas=sidecars.metas,
    )


def _refreshed(
    settings: Settings,
    files: list[SourceFile],
    known: dict[str, tuple[str | None, tuple]],
    described: set[str],
) -> list[SourceFile]:
    """Unchanged files whose sidecar changed and that are a loaded document's own path."""
    if not described or not settings.db.exists():
        return []
    listed = {f.path: f for f in files if f.path in described}
    con = connect(settings)
    try:
        documents = loader.document_paths(con, list(listed))
    finally:
        con.close()
    refresh = []
    for path, sha in documents.items():
        entry = listed[path]
        if known.get(path) == (sha, entry.stamp):
            refresh.append(replace(entry, sha256=sha))
    return refresh


MOVED = "file moved or vanished between discovery and reading; the next run takes it"


def _known_files(settings: Settings) -> dict[str, tuple[str | None, tuple]]:
    if not settings.db.exists():
        return {}
    con = connect(settings)
    try:
        loader.apply_schema(con)
        return loader.known_files(con)
    finally:
        con.close()


def _known_hashes(settings: Settings, hashes: list[str]) -> set[str]:
    if not settings.db.exists() or not hashes:
        return set()
    con = connect(settings)
    try:
        return loader.known_hashes(con, hashes)
    finally:
        con.close()


@task(name="read-casing-lexicon", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def read_casing_lexicon(settings: Settings) -> list[tuple[str, str, int]]:
    """Casing evidence learned from earlier runs, for the repair stage."""
    if not settings.db.exists():
        return []
    con = connect(settings)
    try:
        loader.apply_schema(con)
        return loader.casing_rows(con)
    finally:
        con.close()


@task(name="read-site-templates", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def read_site_templates(settings: Settings) -> dict[str, frozenset[str]]:
    """Template lines per site learned from earlier runs, for the clean stage."""
    if not settings.db.exists():
        return {}
    con = connect(settings)
    try:
        loader.apply_schema(con)
        return loader.site_templates(con, settings.stages.clean.template_min_documents)
    finally:
        con.close()


@task(name="clean", **TASK_OPTIONS)
def clean(batch: Batch, run: RunContext) -> Batch:
    """Read, decode and clean the batch's files in the process pool, with their sidecars'
    values; each chunk's raw text goes to staging as the chunk comes back (unless the
    warehouse holds it: a document cleaned again), and only the clean text stays."""
    settings, found = run.settings, run.found
    metas = found.metas if found else {}
    stored = frozenset(f.sha256 for f in found.refresh if f.sha256) if found else frozenset()
    with batch.timed("clean"):
        function = bind(
            clean_chunk,
            root=str(settings.source.resolve()),
            config=run.clean_config(),
            timeout=settings.file_timeout_seconds,
            metas={f.path: metas[f.path] for f in batch.files if f.path in metas},
            warc=settings.stages.warc,
        )
        chunks = iter_chunks(run.pool, function, batch.files, settings.workers)
        _take_cleaned(batch, run, chunks, stored)
    return batch


@task(name="reclean", **TASK_OPTIONS)
def reclean(batch: Batch, run: RunContext) -> Batch:
    """Clean the stored raw text again with the current rules, in the process pool; the
    lines each dump drops now are staged as each chunk comes back."""
    settings = run.settings
    with batch.timed("clean"):
        function = bind(
            reclean_chunk, config=run.clean_config(), timeout=settings.file_timeout_seconds
        )
        chunks = iter_chunks(run.pool, function, batch.stored, settings.workers)
        _take_cleaned(batch, run, chunks)
    return batch


def _take_cleaned(
    batch: Batch, run: RunContext, chunks: Iterator, stored: frozenset[str] | None = None
) -> None:
    """Stage each cleaned chunk's dropped lines and the raw text of its files, but not of
    contents the warehouse holds already (`stored`; None in a backfill, which cleans only
    what the warehouse holds); keep only the clean text."""
    for part, (items, results) in enumerate(chunks):
        name = f"{batch.number:06d}-{part:03d}"
        if stored is not None:
            write_raw_files(run.staging, name, items, results, stored)
        write_cleaning_drops(run.staging, name, results)
        for result in results:
            batch.add_cleaned(result)


@task(name="detect-language", **TASK_OPTIONS)
def detect_languages(batch: Batch, run: RunContext) -> Batch:
    """Language of each document; the chunks also count the casing repair will learn, while
    the paragraphs are in the pool rather than in this process."""
    with batch.timed("language"):
        function = bind(language_chunk, config=run.settings.stages.language)
        chunks = iter_chunks(run.pool, function, batch.documents, run.settings.workers)
        batch.documents = []
        for _, (documents, counts) in chunks:
            batch.documents += documents
            batch.casing_counts.add(counts)
    return batch


@task(name="repair", **TASK_OPTIONS)
def repair(batch: Batch, run: RunContext) -> Batch:
    """Score machine translation and repair flagged documents, trusting casing learned from
    earlier runs and this batch; keep the casing of clean documents for later runs (not in a
    backfill: the lexicon counted its documents when they were first loaded)."""
    settings, pool, lexicon_rows = run.settings, run.pool, run.lexicon
    with batch.timed("repair"):
        glossary = load_glossary([*default_glossary_paths(), *settings.glossaries])
        learned = casing_rows(learned_forms(batch.casing_counts))
        lexicon = news_lexicon([*lexicon_rows, *learned])
        documents = _repair_all(batch.documents, glossary, lexicon, settings, pool)
        flagged = [doc for doc in documents if doc.machine_translated]
        if flagged:
            # only what native documents write may teach: repair again without the casing of
            # the flagged ones, as `wirehouse repair --reapply` would (MT documents are rare)
            batch.casing_counts.subtract(casing_counts(flagged))
            learned = casing_rows(learned_forms(batch.casing_counts))
            native = news_lexicon([*lexicon_rows, *learned])
            documents = _repair_again(documents, glossary, lexicon, native, settings, pool)
        batch.documents = documents
        batch.casing = learned if run.learn_casing else []
    return batch


def _repair_all(
    documents: list[Document], glossary: Glossary, lexicon: CasingLexicon, settings: Settings, pool
) -> list[Document]:
    function = bind(repair_chunk, glossary=glossary, lexicon=lexicon, config=settings.stages.repair)
    return map_chunks(pool, function, documents, settings.workers)


def _repair_again(
    documents: list[Document],
    glossary: Glossary,
    before: CasingLexicon,
    after: CasingLexicon,
    settings: Settings,
    pool,
) -> list[Document]:
    """Repair with `after` the documents whose outcome it can change: those that hold every
    word of a phrase whose trusted casing differs from `before` (usually none or a few)."""
    phrases = changed_phrases(before, after)
    again = [i for i, doc in enumerate(documents) if may_hold(doc.paragraphs, phrases)]
    repaired = _repair_all([documents[i] for i in again], glossary, after, settings, pool)
    documents = list(documents)
    for i, doc in zip(again, repaired, strict=True):
        documents[i] = doc
    return documents


@task(name="fingerprint", **TASK_OPTIONS)
def fingerprint(batch: Batch, run: RunContext) -> Batch:
    """Content hash, MinHash signature and LSH band keys of each document, paragraph
    fingerprints, event features and quotes, as staged rows: computed in the pool, not in the
    flow's process."""
    stages = run.settings.stages
    with batch.timed("fingerprint"):
        function = bind(
            fingerprint_chunk, dedup=stages.dedup, events=stages.events, quotes=stages.quotes
        )
        batch.rows = map_chunks(run.pool, function, batch.documents, run.settings.workers)
        batch.documents = []
    return batch


@task(name="stage", **TASK_OPTIONS)
def stage(batch: Batch, run: RunContext) -> Batch:
    """Write the batch to Parquet and let go of it: memory stays flat over a long run."""
    with batch.timed("stage"):
        write_batch(
            run.staging, batch.number, batch.files, batch.rows, batch.rejections, batch.casing
        )
    batch.let_go()
    return batch


@task(name="load", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def load(
    settings: Settings,
    run_id: str,
    staging: Path,
    counts: dict,
    replaced_documents: list[str] | None = None,
) -> dict:
    """One transaction: staged rows in, duplicates marked, events assigned, run recorded.

    A backfill names the documents it re-processed: their old rows go first, in the same
    transaction, and events they left empty after. A cancel interrupts the transaction's
    statement and rolls it back; one that comes during the COMMIT lets it finish, and the
    run then ends cancelled with its load committed.
    """
    started = time.perf_counter()
    keys = ("files_new", "files_copies", "files_rejected")
    changed = any(counts[key] for key in keys) or bool(replaced_documents)
    seconds = counts["stage_seconds"]
    progress = cancel.progress
    with cancel.as_cancel(lambda: progress.committed):
        try:
            with (
                loader.load_run(
                    settings.db,
                    run_id,
                    staging,
                    publish=changed,
                    retry=retry_policy(settings),
                    committing=progress.committing,
                ) as run,
                cancel.stop_on_cancel(run.interrupt),
            ):
                cancel.check()  # asked before the transaction began: nothing to undo
                with _timed(seconds, "load_insert"):
                    if replaced_documents:
                        run.forget_documents(replaced_documents)
                    run.insert_staged()
                if changed:  # a run that brings nothing has no rows to match or place
                    with _timed(seconds, "load_duplicates"):
                        run.mark_duplicates(settings.stages.dedup.near_duplicate_threshold)
                        run.link_shared_text(settings.stages.dedup.boilerplate_min_documents)
                    with _timed(seconds, "load_events"):
                        place_events(run, settings.event_chunk_size, settings.stages.events)
                        if replaced_documents:
                            run.drop_empty_events()
                with _timed(seconds, "load_search"):
                    run.refresh_search_index()
                seconds["load"] = time.perf_counter() - started
                run.record_run(dict(counts))
                summary = run.run_counts()
                cancel.check()  # the last moment to roll back
            completed_in_load(run_id)
        finally:
            progress.published.set()  # published, or nothing to publish
    clear_stale_staging(settings.db)
    cancel.check(committed=True)
    return summary


def place_events(run: loader.RunLoad, chunk_size: int, config: EventConfig) -> None:
    """Assign the run's reports to events, a time-ordered chunk at a time, each against the
    already-linked reports that share its rarest names; copies follow their originals. The
    chunks share one `BatchRows`: a linked report is coded once, not in every chunk."""
    rows = BatchRows()
    for chunk in run.event_chunks(chunk_size, config.block_max_reports, config.copy_min_similarity):
        cancel.check()
        new = [EventFeatures.from_row(row) for row in run.new_event_features(chunk)]
        candidates = run.event_candidates(
            config.linked_candidates, config.date_window_days, config.date_same_days
        )
        existing = [(EventFeatures.from_row(row), row["event_id"]) for row in candidates]
        assignment = assign_events(new, existing, config, rows=rows)
        run.link_events(assignment.event_of, assignment.merges)
    run.link_event_copies(config.copy_min_similarity)
    run.refresh_events()


@contextmanager
def _timed(seconds: dict[str, float], step: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    seconds[step] = time.perf_counter() - started
