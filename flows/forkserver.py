"""The forkserver the process pool's workers are forked from, startable before the flow.

It imports the transforms once (seconds of CPU); workers forked from it start in well under
a second and never inherit the flow's threads. Started as a command starts, it imports them
on one core while the command imports Prefect on the other.
"""

from __future__ import annotations

import multiprocessing
from multiprocessing.context import BaseContext
from multiprocessing.forkserver import ensure_running

PRELOAD = [
    "transforms.clean",
    "transforms.warc",
    "transforms.language",
    "transforms.repair",
    "transforms.dedup",
]


def forkserver_context() -> BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    return context


def start_forkserver(task_runner: str) -> None:
    """Start the forkserver now (it loads the transforms in the background) when the CPU
    stages will run in the local pool; a Dask run never forks one. Idempotent."""
    if task_runner != "process":
        return
    forkserver_context()
    ensure_running()
