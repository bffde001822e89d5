"""What runs inside the process pool: one call per chunk of a batch, never per file.

Workers are forked from a forkserver that has already imported the transforms, so a pool
starts in well under a second and never inherits Prefect's threads.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TypeVar

from flows.sources import read_bytes
from transforms.clean import CleanConfig, clean_document
from transforms.records import Document, Rejection
from warehouse.staging import SourceFile

logger = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

PRELOAD = ["transforms.clean", "transforms.language", "transforms.repair", "transforms.dedup"]
CHUNKS_PER_WORKER = 4  # enough chunks that one slow file does not idle the other worker


class FileTimeoutError(Exception):
    """One file took longer than its time budget."""


@contextmanager
def process_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield pool


def map_chunks(
    pool: ProcessPoolExecutor,
    function: Callable[[list[T]], list[R]],
    items: Sequence[T],
    workers: int,
) -> list[R]:
    """Apply `function` to contiguous chunks of `items` in the pool; results keep input order."""
    if not items:
        return []
    count = min(len(items), workers * CHUNKS_PER_WORKER)
    size = -(-len(items) // count)
    chunks = [list(items[i : i + size]) for i in range(0, len(items), size)]
    return [result for chunk_result in pool.map(function, chunks) for result in chunk_result]


def clean_chunk(
    files: list[SourceFile], root: str, config: CleanConfig, timeout: float
) -> list[Document | Rejection]:
    """Read and clean each file under a time budget; a failure is that file's rejection."""
    return [_clean_one(Path(root), source, config, timeout) for source in files]


def _clean_one(
    root: Path, source: SourceFile, config: CleanConfig, timeout: float
) -> Document | Rejection:
    limit = config.decode.max_bytes
    if source.size > limit:
        return Rejection(
            source.path, "decode_too_large", f"{source.size:,} bytes exceeds the {limit:,} limit"
        )
    try:
        data = read_bytes(root / source.path, config.decode.max_bytes)
    except FileNotFoundError:
        return Rejection(
            source.path, "read_missing", "file disappeared between discovery and reading"
        )
    except OSError as error:
        return Rejection(source.path, "read_failed", f"cannot read: {error.strerror or error}")
    sha256 = hashlib.sha256(data).hexdigest()
    if sha256 != source.sha256:
        return Rejection(
            source.path,
            "read_changed",
            "file changed between discovery and reading; next run takes it",
        )
    try:
        with _time_limit(timeout):
            return clean_document(source.path, sha256, data, source.format or "text", config)
    except FileTimeoutError:
        return Rejection(source.path, "clean_timeout", f"cleaning took longer than {timeout:g}s")
    except RecursionError:
        return Rejection(source.path, "clean_too_deep", "document structure nested too deeply")
    except Exception as error:  # one bad file must not sink its batch
        logger.exception("cleaning %s failed", source.path)
        return Rejection(source.path, "clean_error", f"{type(error).__name__}: {error}")


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Raise FileTimeoutError in this (worker main) thread after `seconds`."""

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
