"""Stopping a run when asked: the first SIGINT or SIGTERM cancels it, a second one ends the process.

The signal handler only records the signal and calls the stoppers registered at that moment
(the process pool's workers are killed, the load's DuckDB query is interrupted), so whatever
the run was waiting for ends at once. The run's own code then raises `RunCancelled` at its
next check: the load rolls back what it had not committed, the warehouse lock is released on
the way out, and the flow (wrapped by `cancellable`) ends in Prefect's Cancelled state with
the exception as its data, so the caller sees `RunCancelled` again.

`RunCancelled` is the one exception of the cancel path: code that records a run's state
catches it (its `committed` says whether the run's load had committed first). This module
does not import Prefect: flows/workers.py, which the pool's processes import, uses it too.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class RunCancelled(Exception):
    """The run stopped because it was asked to; `committed` tells whether its load had
    committed before (then the warehouse holds the run, else it is as it was)."""

    def __init__(self, message: str, signum: int | None = None, committed: bool = False):
        super().__init__(message)
        self.signum = signum
        self.committed = committed

    @property
    def exit_code(self) -> int:
        """128 + the signal's number (130 for SIGINT, 143 for SIGTERM), as shells report it."""
        return 128 + self.signum if self.signum else 1


@dataclass
class _CancelState:
    requested: threading.Event = field(default_factory=threading.Event)
    signum: int | None = None
    stoppers: list[Callable[[], None]] = field(default_factory=list)


_state = _CancelState()


@dataclass
class RunProgress:
    """How far the process's run got: what a report of its end must tell truthfully."""

    run_id: str | None = None
    committed: bool = False
    published: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self, run_id: str) -> None:
        """A new run in this process (a watch runs many)."""
        with self.lock:
            self.run_id, self.committed = run_id, False
            self.published.clear()

    @contextmanager
    def committing(self) -> Iterator[None]:
        """Held around the load's COMMIT: whoever reads `committed` under `lock` never
        sees a commit half done, and no commit starts after they decided."""
        with self.lock:
            yield
            self.committed = True


progress = RunProgress()


PUBLISH_WAIT_SECONDS = 10.0


def abandon_run(say: Callable[[str], None], why: str) -> None:
    """End this process now, saying truthfully what its run left in the warehouse; for when
    the run cannot finish (its Prefect server died: every call to it would be retried for
    minutes). A COMMIT under way finishes first and none starts after the decision; what
    was not committed is dropped as by any crash, and the next run takes the files again.
    Exit code 0 when the run's load had committed (its data is in), else 1."""
    with progress.lock:
        if progress.committed:
            progress.published.wait(PUBLISH_WAIT_SECONDS)
            say(
                f"{why}: run {progress.run_id} had committed its load, the warehouse holds it "
                "(Prefect recorded neither its end nor its artifacts)"
            )
            code = 0
        else:
            run = f"run {progress.run_id}" if progress.run_id else "the run"
            say(f"{why}: {run} committed nothing, the warehouse is as it was")
            code = 1
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def requested() -> bool:
    return _state.requested.is_set()


def signal_name(signum: int | None) -> str:
    return signal.Signals(signum).name if signum else "request"


def check(committed: bool = False) -> None:
    """Raise RunCancelled if a cancel was asked for."""
    if _state.requested.is_set():
        raise cancelled_error(committed)


def cancelled_error(committed: bool = False) -> RunCancelled:
    how = signal_name(_state.signum)
    if committed:
        message = f"cancelled by {how} after the run's load had committed"
    else:
        message = f"cancelled by {how}: nothing was committed, the warehouse is as it was"
    return RunCancelled(message, _state.signum, committed)


def request(signum: int | None = None) -> None:
    """Ask the run to stop: record why, then call every registered stopper."""
    if _state.requested.is_set():
        return
    _state.signum = signum
    _state.requested.set()
    for stop in list(_state.stoppers):
        with contextlib.suppress(Exception):  # a stopper of something already gone
            stop()


def wait(seconds: float) -> bool:
    """Sleep up to `seconds`; True (at once) when a cancel is asked for meanwhile."""
    return _state.requested.wait(seconds)


@contextmanager
def stop_on_cancel(stop: Callable[[], None]) -> Iterator[None]:
    """Call `stop` if a cancel is asked for while the block runs (or already was)."""
    _state.stoppers.append(stop)
    try:
        if _state.requested.is_set():
            stop()
        yield
    finally:
        _state.stoppers.remove(stop)


@contextmanager
def as_cancel(committed: Callable[[], bool] = lambda: False) -> Iterator[None]:
    """An error raised while a cancel is under way (a killed pool, an interrupted query) is
    the cancel's doing: raise it as RunCancelled."""
    try:
        yield
    except RunCancelled:
        raise
    except Exception as error:
        if _state.requested.is_set():
            raise cancelled_error(committed()) from error
        raise


def _on_signal(signum: int, frame: object) -> None:
    if _state.requested.is_set():
        os.write(2, f"\nsecond {signal_name(signum)}: stopping now\n".encode())
        os._exit(128 + signum)
    os.write(2, f"\n{signal_name(signum)}: cancelling the run (again to stop at once)\n".encode())
    request(signum)


def install_handlers() -> dict[int, object]:
    """Route SIGINT and SIGTERM to the cancel (main thread only); returns the handlers
    replaced, or {} where signals cannot be handled (another thread)."""
    previous: dict[int, object] = {}
    try:
        for signum in SIGNALS:
            previous[signum] = signal.signal(signum, _on_signal)
    except ValueError:
        return {}
    _quiet_cancelled_tracebacks()
    return previous


@contextmanager
def handling_signals() -> Iterator[None]:
    """Our handlers for the block, over any installed meanwhile (Prefect's flow engine
    installs a SIGTERM handler that raises wherever the run is)."""
    previous = install_handlers()
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def cancellable(function: Callable) -> Callable:
    """Wrap a flow function: signals cancel it, and RunCancelled ends it in Prefect's
    Cancelled state (its data is the exception, so calling the flow raises it again)."""

    def cancelled_state(error: RunCancelled):
        from prefect.states import Cancelled

        return Cancelled(message=str(error), data=error)

    if inspect.iscoroutinefunction(function):

        @functools.wraps(function)
        async def run_async(*args: object, **kwargs: object) -> object:
            with handling_signals():
                try:
                    check()
                    return await function(*args, **kwargs)
                except RunCancelled as error:
                    return cancelled_state(error)

        return run_async

    @functools.wraps(function)
    def run(*args: object, **kwargs: object) -> object:
        with handling_signals():
            try:
                check()
                return function(*args, **kwargs)
            except RunCancelled as error:
                return cancelled_state(error)

    return run


class _NoTracebackWhileCancelling(logging.Filter):
    """Errors logged while a run is being cancelled are the cancel's echo: one line each."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and (
            _state.requested.is_set() or isinstance(record.exc_info[1], RunCancelled)
        ):
            record.exc_info = None
            record.exc_text = None
        return True


_FILTER = _NoTracebackWhileCancelling()


def _quiet_cancelled_tracebacks() -> None:
    """Attach the filter to the handlers that write to the terminal (Prefect's console)."""
    for handler in logging.getLogger().handlers:
        stream = getattr(handler, "stream", None)
        console = stream in (sys.stderr, sys.stdout) or "Console" in type(handler).__name__
        if console and _FILTER not in handler.filters:
            handler.addFilter(_FILTER)
