"""Where the CPU-bound stages run: a local process pool, or a Dask cluster through prefect-dask.

The flow and its stage tasks stay in the flow's process either way: discover reads the
source folder, stage writes Parquet and load is the warehouse's single writer. What moves is
the per-chunk work of clean, language, repair and fingerprint: with the Dask runner the flow
runs under `prefect_dask.DaskTaskRunner` and the chunks go to the cluster's workers through
its client's executor instead of the local pool. Workers read the source files themselves,
so the source folder must be on storage they share with the flow.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import Executor
from contextlib import contextmanager
from typing import Literal

from flows.settings import Settings
from flows.workers import process_pool

logger = logging.getLogger(__name__)

TaskRunnerName = Literal["process", "dask"]


def flow_with_runner(flow, task_runner: TaskRunnerName, dask_address: str | None = None):
    """The flow as is (local process pool), or under a DaskTaskRunner for `dask_address`.

    Without an address prefect-dask starts a temporary LocalCluster for the run.
    """
    if task_runner != "dask":
        return flow
    from prefect_dask import DaskTaskRunner

    return flow.with_options(task_runner=DaskTaskRunner(address=dask_address))


@contextmanager
def cpu_executor(settings: Settings) -> Iterator[tuple[Executor, Settings]]:
    """An executor for the CPU stages, and the settings with `workers` set to its parallelism."""
    if settings.task_runner != "dask":
        with process_pool(settings.workers) as pool:
            yield pool, settings
        return
    with _dask_client(settings.dask_address) as client:
        threads = sum(client.nthreads().values()) or 1
        logger.info("CPU stages run on Dask at %s (%s threads)", client.scheduler.address, threads)
        yield client.get_executor(pure=False), settings.model_copy(update={"workers": threads})


@contextmanager
def _dask_client(address: str | None):
    """The client of the flow's DaskTaskRunner; a client of our own when the flow runs without."""
    from prefect.context import FlowRunContext
    from prefect_dask import DaskTaskRunner

    context = FlowRunContext.get()
    runner = context.task_runner if context else None
    if isinstance(runner, DaskTaskRunner):
        yield runner.client  # the runner closes it with the flow run
        return
    if address is None:
        raise ValueError("the dask task runner needs --dask-address outside a DaskTaskRunner flow")
    import distributed

    with distributed.Client(address) as client:
        yield client
