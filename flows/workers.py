"""What runs inside the process pool: one call per chunk of a batch, never per file.

Workers are forked from a forkserver that has already imported the transforms
(flows/forkserver.py). The chunk functions live here, not beside the tasks that call them:
a worker unpickling a reference to one imports its module, and this one does not import
Prefect (seconds of CPU per worker).
"""

from __future__ import annotations

import hashlib
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TypeVar

from flows import cancel
from flows.archives import RECORD_FORMAT, read_record, record_from_row
from flows.forkserver import forkserver_context
from flows.lifeline import watch_owner
from flows.sources import OutsideSourceError, read_bytes, source_path
from transforms.clean import CleanConfig, clean_document
from transforms.dedup import DedupConfig, fingerprint_document
from transforms.events import EventConfig, event_features
from transforms.glossary import Glossary
from transforms.language import detect_language
from transforms.records import Document, Rejection
from transforms.repair import RepairConfig, repair_document
from transforms.source_meta import SourceMeta
from transforms.truecase import CasingCounts, CasingLexicon, count_casing
from transforms.warc import clean_record
from warehouse.staging import SourceFile

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

# Audit events of name lookups and of URL opening; socket.connect is checked by family.
NETWORK_EVENTS = frozenset(
    {"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyaddr", "urllib.Request"}
)
CHUNKS_PER_WORKER = 4  # enough chunks that one slow file does not idle the other worker
# Where a pool worker reports each item it finishes, (stage, 1): the progress bars' queue,
# or None (no bars, or not a pool worker).
_progress = None


class FileTimeoutError(Exception):
    """One file took longer than its time budget."""


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A pool whose workers report each finished file to the progress bars, and are killed
    the moment the run is cancelled: a cancel never waits for a chunk (or a file's whole time
    budget) to finish."""
    from flows.progress import item_progress  # the flow's side: bars, never in a worker

    context = forkserver_context()
    with (
        item_progress(context) as progress,
        ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=prepare_worker,
            initargs=(os.getpid(), progress),
        ) as pool,
        cancel.stop_on_cancel(partial(_kill_workers, pool)),
    ):
        yield pool


def done(stage: str) -> None:
    """One more item of `stage` finished, for the progress bars (when shown)."""
    if _progress is not None:
        _progress.put((stage, 1))


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    """SIGKILL the pool's workers (from a signal handler: no lock is taken); the pool then
    fails every pending chunk with BrokenProcessPool."""
    for process in list((pool._processes or {}).values()):
        process.kill()


def prepare_worker(run_pid: int, progress: object | None = None) -> None:
    """Make a pool worker die with the run that started it and refuse any network connection.

    A run killed with SIGKILL cannot shut its pool down, and its workers (children of the
    forkserver, which lives as long as they do) would wait for work forever: each watches
    the run's pidfd and exits when it ends. Ctrl-C in a terminal reaches the whole process
    group: workers ignore it and leave the cancel to the run. Parsing HTML must never fetch
    anything: an audit hook refuses internet sockets and name lookups in the worker,
    whatever a page asks for.
    """
    watch_owner(run_pid, lambda: os._exit(1))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.addaudithook(_refuse_network)
    global _progress
    _progress = progress


def _refuse_network(event: str, args: tuple) -> None:
    if event in NETWORK_EVENTS or (
        event == "socket.connect" and args[0].family in (socket.AF_INET, socket.AF_INET6)
    ):
        raise PermissionError(f"network access refused in a wirehouse worker ({event})")


def iter_chunks(
    pool: Executor,
    function: Callable[[list[T]], R],
    items: Sequence[T],
    workers: int,
) -> Iterator[tuple[list[T], R]]:
    """Apply `function` to contiguous chunks of `items` in the pool; each chunk with its
    result, in input order, as soon as it and those before it are done."""
    if not items:
        return
    count = min(len(items), workers * CHUNKS_PER_WORKER)
    size = -(-len(items) // count)
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    with cancel.as_cancel():  # a pool killed by a cancel fails its chunks: that is the cancel
        yield from zip(chunks, pool.map(function, chunks), strict=True)


def map_chunks(
    pool: Executor,
    function: Callable[[list[T]], list[R]],
    items: Sequence[T],
    workers: int,
) -> list[R]:
    """Apply `function` to contiguous chunks of `items` in the pool; results keep input order."""
    chunks = iter_chunks(pool, function, items, workers)
    return [result for _, results in chunks for result in results]


def clean_chunk(
    files: list[SourceFile],
    root: str,
    config: CleanConfig,
    timeout: float,
    metas: Mapping[str, SourceMeta] | None = None,
) -> list[Document | Rejection]:
    """Read and clean each file under a time budget, with its sidecar's values (`metas`, by
    path); a failure is that file's rejection."""
    metas = metas or {}
    results = []
    for source in files:
        results.append(_clean_one(Path(root), source, config, timeout, metas.get(source.path)))
        done("clean")
    return results


def _clean_one(
    root: Path,
    source: SourceFile,
    config: CleanConfig,
    timeout: float,
    meta: SourceMeta | None = None,
) -> Document | Rejection:
    limit = config.decode.max_bytes
    if source.size > limit:
        return Rejection(
            source.path, "decode_too_large", f"{source.size:,} bytes exceeds the {limit:,} limit"
        )
    record = None
    try:
        if source.format == RECORD_FORMAT:
            record = read_record(root, source.path)
            if isinstance(record, Rejection):
                return record
            data = record.payload
        else:
            data = read_bytes(source_path(root, source.path), root, config.decode.max_bytes)
    except FileNotFoundError:
        return Rejection(
            source.path,
            "read_missing",
            "file moved or vanished between discovery and reading; the next run takes it",
        )
    except OutsideSourceError as error:
        return Rejection(source.path, "read_outside_source", f"refused: {error.strerror}")
    except OSError as error:
        return Rejection(source.path, "read_failed", f"cannot read: {error.strerror or error}")
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != source.sha256:
        return Rejection(
            source.path,
            "read_changed",
            "file changed between discovery and reading; the next run takes it",
        )
    if record is not None:
        return _clean_within(
            source.path, timeout, lambda: clean_record(record, source.path, sha256, config)
        )
    fmt = source.format or "text"
    return _clean_within(
        source.path, timeout, lambda: clean_document(source.path, sha256, data, fmt, config, meta)
    )


def _clean_within(
    path: str, timeout: float, clean: Callable[[], Document | Rejection]
) -> Document | Rejection:
    """`clean()` under the file's time budget; any failure is that file's rejection."""
    try:
        with _time_limit(timeout):
            return clean()
    except FileTimeoutError:
        return Rejection(path, "clean_timeout", f"cleaning took longer than {timeout:g}s")
    except RecursionError:
        return Rejection(path, "clean_too_deep", "document structure nested too deeply")
    except Exception as error:  # one bad file must not sink its batch
        logger.exception("cleaning %s failed", path)
        return Rejection(path, "clean_error", f"{type(error).__name__}: {error}")


@dataclass(frozen=True, slots=True)
class StoredDocument:
    """A loaded document's input as the warehouse kept it, for a backfill to clean again."""

    doc_id: str
    sha256: str
    path: str
    format: str
    raw_text: str
    record: dict | None  # warc_records columns for a page of a web archive
    meta: SourceMeta | None = None  # what its sidecar said (source_meta)


def reclean_chunk(
    stored: list[StoredDocument], config: CleanConfig, timeout: float
) -> list[Document | Rejection]:
    results = []
    for item in stored:
        results.append(_reclean_one(item, config, timeout))
        done("clean")
    return results


def _reclean_one(item: StoredDocument, config: CleanConfig, timeout: float) -> Document | Rejection:
    """The stored text is already decoded: encoded back as UTF-8 it decodes to itself."""
    data = item.raw_text.encode("utf-8")
    if item.record is not None:
        return _clean_within(
            item.path,
            timeout,
            lambda: clean_record(
                record_from_row(item.record, data), item.path, item.sha256, config
            ),
        )
    return _clean_within(
        item.path,
        timeout,
        lambda: clean_document(item.path, item.sha256, data, item.format, config, item.meta),
    )


def language_chunk(documents: list[Document]) -> tuple[list[Document], CasingCounts]:
    """Language of each document, and the casing the repair stage will learn from them."""
    detected = []
    for doc in documents:
        detected.append(detect_language(doc))
        done("language")
    return detected, casing_counts(documents)


def casing_counts(documents: list[Document]) -> CasingCounts:
    return count_casing(p for doc in documents for p in doc.paragraphs)


def repair_chunk(
    documents: list[Document], glossary: Glossary, lexicon: CasingLexicon
) -> list[Document]:
    config = RepairConfig()
    repaired = []
    for doc in documents:
        repaired.append(repair_document(doc, glossary, lexicon, config))
        done("repair")
    return repaired


def fingerprint_chunk(documents: list[Document]) -> list[tuple[Document, dict]]:
    """Each document fingerprinted, with its event features as a staging row."""
    dedup, events = DedupConfig(), EventConfig()
    results = []
    for doc in documents:
        fingerprinted = fingerprint_document(doc, dedup)
        results.append((fingerprinted, event_features(fingerprinted, events).to_row()))
        done("fingerprint")
    return results


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeoutError in this (worker main) thread after `seconds`.

    Signals reach only a main thread: in a Dask worker's thread the budget is not enforced.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise FileTimeoutError

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def bind(function: Callable[..., list[R]], **kwargs: object) -> Callable[[list], list[R]]:
    """A picklable chunk function with its fixed arguments."""
    return partial(function, **kwargs)
