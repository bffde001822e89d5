"""Terminal progress of a run: one bar per stage, with its rate and time left (rich), and
where Prefect's console log lines go.

The command line turns bars on for an interactive terminal without --quiet; a flow run by a
scheduler, a pipe or a test shows nothing, so logs stay clean. Pool workers report each file
they finish through a queue (`item_progress`), so the bars move per file, not per batch;
without one (Dask) stages report each finished batch through `advance_stage`. While bars are
shown, Prefect's console log lines print above them through the bars' console, not into them.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import BaseContext

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

STAGES = ("clean", "language", "repair", "fingerprint", "stage")

_lock = threading.Lock()
_wanted = False
_bars: tuple[Progress, dict[str, int]] | None = None
_per_item = False  # pool workers report each item: stages add only what skipped them
QUIET_LEVEL = logging.WARNING  # what Prefect's console still prints with --quiet


class RateColumn(ProgressColumn):
    """Items per second over rich's recent window."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "-/s", style="progress.data.speed")


def show_progress(wanted: bool) -> None:
    """Ask for bars (the CLI, unless --quiet); they still appear only on a terminal."""
    global _wanted
    _wanted = wanted


@contextmanager
def stage_progress(total: int, console: Console | None = None) -> Iterator[None]:
    """Bars for the stages of `total` items while the block runs, when wanted and on a TTY."""
    global _bars
    console = console or Console()
    if not (_wanted and total and console.is_terminal):
        yield
        return
    progress = Progress(
        TextColumn("{task.description:<12}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeRemainingColumn(),
        console=console,
    )
    with progress, prefect_console_to(progress.console):
        ids = {stage: progress.add_task(stage, total=total) for stage in STAGES}
        with _lock:
            _bars = (progress, ids)
        try:
            yield
        finally:
            with _lock:
                _bars = None


def advance_stage(stage: str, items: int) -> None:
    """A stage finished `items` more (never past its total); safe from any thread."""
    with _lock:
        if _bars is None or stage not in _bars[1]:
            return
        progress, ids = _bars
        task = progress.tasks[ids[stage]]
        progress.update(ids[stage], completed=min(task.completed + items, task.total or 0))


def batch_items_to_count(stage: str, documents: int, skipped: int) -> int:
    """What a finished batch adds to its stage's bar: everything, unless pool workers counted
    the documents one by one already (then only what skipped the stage: rejections)."""
    return skipped if _per_item and stage in WORKER_STAGES else documents + skipped


WORKER_STAGES = frozenset({"clean", "language", "repair", "fingerprint"})


@contextmanager
def item_progress(context: BaseContext) -> Iterator[object | None]:
    """A queue for pool workers to report each finished item (stage, count), drained into
    the bars by a thread here; None when no bars will show."""
    global _per_item
    if not (_wanted and Console().is_terminal):
        yield None
        return
    queue = context.SimpleQueue()

    def drain() -> None:
        while (item := queue.get()) is not None:
            advance_stage(*item)

    thread = threading.Thread(target=drain, name="progress", daemon=True)
    thread.start()
    _per_item = True
    try:
        yield queue
    finally:
        _per_item = False
        queue.put(None)
        thread.join(timeout=5)


def prefect_console_handlers() -> list[logging.Handler]:
    """Prefect's console handlers (there once Prefect is imported), by class name: this
    module does not import Prefect."""
    loggers = [logging.getLogger(), *logging.root.manager.loggerDict.values()]
    found: list[logging.Handler] = []
    for logger in loggers:
        for handler in getattr(logger, "handlers", []):
            if type(handler).__name__ == "PrefectConsoleHandler" and handler not in found:
                found.append(handler)
    return found


@contextmanager
def prefect_console_to(console: Console) -> Iterator[None]:
    """Prefect's console log lines print through `console` (the bars' own, so they go above
    the bars instead of into them) while the block runs."""
    handlers = [h for h in prefect_console_handlers() if hasattr(h, "console")]
    before = [h.console for h in handlers]
    for handler in handlers:
        handler.console = console
    try:
        yield
    finally:
        for handler, previous in zip(handlers, before, strict=True):
            handler.console = previous


def quiet_prefect_console() -> None:
    """--quiet: Prefect's console prints warnings and errors only (its API still gets all)."""
    for handler in prefect_console_handlers():
        handler.setLevel(QUIET_LEVEL)


class _NoViewLinks(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("View at ")


def hide_view_links() -> None:
    """No "View at http://127.0.0.1:<port>/..." lines: the temporary server that link points
    to stops with the command."""
    for handler in prefect_console_handlers():
        handler.addFilter(_NoViewLinks())


def configure_prefect_console(quiet: bool, server: object) -> None:
    """Before a command runs its flow (Prefect imported): warnings only with --quiet, and no
    "View at" links when the server is the command's temporary one."""
    if quiet:
        quiet_prefect_console()
    if type(server).__name__ == "TemporaryServer":
        hide_view_links()
