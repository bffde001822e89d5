"""Each run's kind and state in the warehouse (`run_states`): running from its start, then
completed, failed or cancelled, so `wirehouse status` shows the runs that loaded nothing too.

A run is cancelled when it is interrupted (Ctrl-C, a signal turned into an exception, Prefect
cancelling it); any other exception fails it. The outcome is recorded in a short transaction
of its own after the run's own transaction rolled back; a completed run records it inside its
load, so the snapshot it publishes shows it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warehouse import loader

logger = logging.getLogger(__name__)

# Exceptions that stop a run on purpose, by class name, whichever module raises them: the
# command line's RunCancelled, Prefect's TerminationSignal (SIGTERM) and CancelledRun.
CANCELLING = frozenset({"RunCancelled", "TerminationSignal", "CancelledRun", "Cancelled"})
ERROR_CHARS = 500


def is_cancellation(error: BaseException) -> bool:
    if isinstance(error, KeyboardInterrupt | asyncio.CancelledError | SystemExit):
        return True
    return any(cls.__name__ in CANCELLING for cls in type(error).__mro__)


_completed: set[str] = set()  # runs whose own transaction recorded them completed


def completed_in_load(run_id: str) -> None:
    """The run's load committed its completed state: nothing is left to record."""
    _completed.add(run_id)


@contextmanager
def recorded_run(db: Path, run_id: str, kind: str, source: str | None) -> Iterator[None]:
    """Record the run as running now, and how it ended when the block exits."""
    loader.begin_run(db, run_id, kind, source)
    try:
        yield
    except BaseException as error:
        state = "cancelled" if is_cancellation(error) else "failed"
        _record_end(db, run_id, state, f"{type(error).__name__}: {error}"[:ERROR_CHARS])
        raise
    finally:
        recorded = run_id in _completed
        _completed.discard(run_id)
    if not recorded:
        _record_end(db, run_id, "completed")


def _record_end(db: Path, run_id: str, state: str, error: str | None = None) -> None:
    """Best effort: a warehouse that cannot be written cannot record that either."""
    try:
        loader.end_run(db, run_id, state, error)
    except (loader.WarehouseWriteError, loader.WarehouseBusyError, OSError) as failure:
        logger.error("run %s ended %s but could not record it: %s", run_id, state, failure)
