"""`wirehouse watch`: run the ingest flow when files land in the source folder.

watchfiles gathers changes while a run is going, so a file that lands mid-run triggers the
next run. A run starts once nothing has changed for --debounce-ms (a quiet period, not a
window from the first change), so a burst of files (a crawler's output, a copy) is one run.
Hidden and temporary names are ignored: downloads and editors write those, then rename. A
sidecar (`<file>.meta.json`) changing is a change of its file.
Ctrl-C sets a stop event the watcher polls as well as raising KeyboardInterrupt (which cuts a
run short), so watching stops even where some library code swallows the interrupt.
"""

from __future__ import annotations

import asyncio
import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from watchfiles import Change, watch

from flows.cancel import RunCancelled
from flows.settings import Settings
from flows.sources import is_skipped_name
from transforms.decode import detect_format
from transforms.source_meta import is_sidecar
from warehouse.backends import handoff

TICK_MS = 1000  # how often the watcher wakes without changes (and notices Ctrl-C)
# A run starts after --debounce-ms without any change; files that never stop landing (a
# crawler writing all day) still start one at least this often.
MAX_WAIT_MS = 60_000


def is_input_change(root: Path, change: Change, path: str) -> bool:
    """An added or modified file in a format wirehouse reads (or a sidecar), not hidden, not
    temporary."""
    if change == Change.deleted:
        return False
    try:
        relative = Path(path).relative_to(root)
    except ValueError:
        return False
    if any(is_skipped_name(part) for part in relative.parts):
        return False
    return detect_format(path) is not None or is_sidecar(path)


def watch_source(
    settings: Settings,
    debounce_ms: int,
    max_runs: int | None = None,
    say: Callable[[str], None] = print,
) -> int:
    """Run once when watching starts (files may have landed meanwhile), then after each
    batch of changes; return the number of runs when stopped (Ctrl-C or `max_runs`)."""
    root = settings.source.resolve()
    runs = 0
    changes_seen = partial(is_input_change, root)
    with stop_on_ctrl_c() as stop:
        try:
            for changes in watch(
                root,
                watch_filter=changes_seen,
                step=debounce_ms,  # quiet time before the changes are handed over
                debounce=max(MAX_WAIT_MS, 10 * debounce_ms),
                stop_event=stop,
                rust_timeout=TICK_MS,
                yield_on_timeout=True,
                raise_interrupt=False,
            ):
                if runs and not changes:
                    continue
                if runs == 0:
                    say(f"watching {root} (Ctrl-C stops)")
                else:
                    say(f"{len(changes)} file(s) changed under {root}")
                summary = run_ingest(settings)
                runs += 1
                say(describe_run(runs, summary))
                if stop.is_set() or (max_runs is not None and runs >= max_runs):
                    break
        except (KeyboardInterrupt, RunCancelled):
            stop.set()  # a run cut short rolls back: the warehouse is as before it
        if stop.is_set():
            say("interrupted")
    return runs


@contextmanager
def stop_on_ctrl_c() -> Iterator[threading.Event]:
    """An event set by Ctrl-C (SIGINT), which also raises KeyboardInterrupt as usual."""
    stop = threading.Event()

    def interrupt(signum: int, frame: object) -> None:
        stop.set()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, interrupt)
    try:
        yield stop
    finally:
        signal.signal(signal.SIGINT, previous)


def run_ingest(settings: Settings) -> dict:
    from flows.ingest import ingest

    return asyncio.run(
        ingest(source=str(settings.source), db=handoff(settings.db), data_path=settings.data_path)
    )


def describe_run(number: int, summary: dict) -> str:
    if "status" in summary:
        return f"run {number}: {summary['status']}"
    return (
        f"run {number} ({summary['run_id']}): {summary['files_new']} new files, "
        f"{summary['documents_loaded']} documents loaded, {summary['files_rejected']} rejected"
    )
