"""Terminal progress of a run: one bar per stage, with its rate and time left (rich).

The command line turns it on for an interactive terminal without --quiet; a flow run by a
scheduler, a pipe or a test shows nothing, so logs stay clean. Stages report each finished
batch through `advance_stage`, which does nothing when no bars are shown.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

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
    with progress:
        ids = {stage: progress.add_task(stage, total=total) for stage in STAGES}
        with _lock:
            _bars = (progress, ids)
        try:
            yield
        finally:
            with _lock:
                _bars = None


def advance_stage(stage: str, items: int) -> None:
    """A stage finished `items` more; safe from any thread."""
    with _lock:
        if _bars is None or stage not in _bars[1]:
            return
        progress, ids = _bars
        progress.advance(ids[stage], items)
