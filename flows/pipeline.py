"""The pipeline: one list of steps that every run of wirehouse takes, batch by batch.

A run reads its input with one step (ingest cleans the source folder's files, a backfill
cleans the raw text the warehouse kept) and then takes the same steps: language, repair,
fingerprint, stage. Each step is a Prefect task `(batch, run) -> batch` that declares which
parts of the batch it reads and which it adds; `pipeline` checks the order once, so a step
that reads what no earlier step adds fails before any file is read. Adding a stage is its
transform, its step here and its schema file.
"""

from __future__ import annotations

import contextvars
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from flows.tasks import (
    Batch,
    RunContext,
    clean,
    detect_languages,
    fingerprint,
    reclean,
    repair,
    stage,
)


@dataclass(frozen=True, slots=True)
class Step:
    """One stage over a batch: the task, and the batch's parts it reads and adds."""

    name: str
    task: Callable[[Batch, RunContext], Batch]
    reads: frozenset[str]
    adds: frozenset[str]


def step(name: str, task: Callable, reads: str, adds: str) -> Step:
    return Step(name, task, frozenset(reads.split()), frozenset(adds.split()))


# The steps that read a run's input: the batch starts with its files or stored documents.
READ_FILES = step("clean", clean, "files", "documents rejections")
READ_STORED = step("reclean", reclean, "stored", "documents rejections")
# What every run does with the documents it read, in order.
STEPS: tuple[Step, ...] = (
    step("language", detect_languages, "documents", "casing_counts"),
    step("repair", repair, "documents casing_counts", "casing"),
    step("fingerprint", fingerprint, "documents", "rows"),
    step("stage", stage, "files rows rejections casing", ""),
)
# What a batch holds before its first step.
GIVEN = frozenset({"files", "stored"})


class PipelineError(ValueError):
    """Steps in an order where one reads what no step before it adds."""


def pipeline(read: Step, steps: Sequence[Step] = STEPS) -> tuple[Step, ...]:
    """The read step, then `steps`; refused when a step reads what nothing before it adds."""
    available = set(GIVEN)
    for each in (read, *steps):
        missing = each.reads - available
        if missing:
            raise PipelineError(
                f"step {each.name!r} reads {', '.join(sorted(missing))}, "
                "which no step before it adds"
            )
        available |= each.adds
    return (read, *steps)


def run_steps(batch: Batch, run: RunContext, steps: Sequence[Step]) -> Batch:
    for each in steps:
        batch = each.task(batch, run)
    return batch


# Batches whose steps run at once: while this process repairs or stages one, the pool cleans
# the next, so neither waits for the other. Memory grows with each (one batch's documents).
BATCHES_IN_FLIGHT = 2


def staged_batches(
    batches: Sequence[Batch], run: RunContext, steps: Sequence[Step]
) -> Iterator[Batch]:
    """Each batch through the steps, BATCHES_IN_FLIGHT at once; finished batches in order.

    The batches run in threads of this process (each with the flow run's context, so its
    task runs belong to the flow run); their steps hand the chunks to the pool or cluster.
    """
    with ThreadPoolExecutor(BATCHES_IN_FLIGHT, thread_name_prefix="batch") as threads:
        in_flight: deque[Future[Batch]] = deque()
        for batch in batches:
            if len(in_flight) == BATCHES_IN_FLIGHT:
                yield in_flight.popleft().result()
            context = contextvars.copy_context()
            in_flight.append(threads.submit(context.run, run_steps, batch, run, steps))
        while in_flight:
            yield in_flight.popleft().result()


def plan_batches(items: Sequence, size: int, stored: bool = False) -> list[Batch]:
    """`items` cut into batches of `size`: source files, or stored documents to clean again."""
    return [
        Batch(number, stored=list(items[i : i + size]))
        if stored
        else Batch(number, files=list(items[i : i + size]))
        for number, i in enumerate(range(0, len(items), size))
    ]
