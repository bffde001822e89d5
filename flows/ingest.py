"""The ingest flow: a folder of raw articles in, curated DuckDB tables out.

Discover, then the pipeline's steps over each batch of new files (flows/pipeline.py), then
one load.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from prefect import flow, get_run_logger
from prefect.context import SyncClientContext
from prefect.runtime import flow_run

from flows import cancel
from flows.cancel import cancellable
from flows.names import escape_name
from flows.pipeline import READ_FILES, pipeline, plan_batches, staged_batches
from flows.progress import stage_progress
from flows.report import publish_run_artifacts, read_run_tables
from flows.run_state import recorded_run
from flows.runners import cpu_executor
from flows.settings import Settings, load_settings
from flows.tasks import (
    RunContext,
    discover,
    load,
    read_casing_lexicon,
    read_site_templates,
    retry_policy,
)
from warehouse.loader import writer_lock
from warehouse.staging import refuse_source_in_staging, staging_dir


@flow(name="wirehouse-ingest", log_prints=False)
@cancellable
async def ingest(
    source: str | None = None,
    db: str | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    task_runner: str | None = None,
    dask_address: str | None = None,
    data_path: str | None = None,
    rehash: bool = False,
) -> dict:
    """Discover -> clean -> detect language -> repair -> fingerprint -> stage -> load.

    `rehash` hashes every file again instead of trusting unchanged size, times and inode.
    SIGINT or SIGTERM cancel the run (flows/cancel.py): the flow ends Cancelled."""
    settings = load_settings(
        source=source,
        db=db,
        data_path=data_path,
        batch_size=batch_size,
        workers=workers,
        task_runner=task_runner,
        dask_address=dask_address,
    )
    refuse_source_in_staging(settings.db, settings.source)
    run_id = new_run_id()
    wait = settings.lock_wait_seconds
    with writer_lock(settings.db, wait, cancel.wait) as acquired:
        if not acquired:
            cancel.check()
            get_run_logger().warning("another run holds %s; this run skips", settings.db)
            return {"run_id": run_id, "status": SKIPPED}
        cancel.progress.start(run_id)
        # one API client for every task run, threads included: without it each task run
        # opens its own (an SSL context apiece, a tenth of this process's CPU at 10k files)
        with (
            recorded_run(
                settings.db, run_id, "ingest", str(settings.source), retry_policy(settings)
            ),
            SyncClientContext.get_or_create(),
        ):
            summary = run_stages(settings, run_id, rehash)
        tables = read_run_tables(settings.db, run_id)
    cancel.check(committed=True)
    await publish_run_artifacts(summary, tables)
    return summary


SKIPPED = "skipped: another run holds the warehouse"
INGEST = pipeline(READ_FILES)  # clean the source folder's files, then every run's steps


def run_stages(settings: Settings, run_id: str, rehash: bool = False) -> dict:
    started = datetime.now()
    staging = staging_dir(settings.db, run_id)
    found = discover(settings, run_id, staging, rehash)
    # a run with nothing new (a scheduled no-op) skips what only processing needs
    lexicon = read_casing_lexicon(settings) if found.to_clean else []
    templates = read_site_templates(settings) if found.to_clean else {}
    seconds: dict[str, float] = {"discover": found.seconds}
    rejected = len(found.rejections)
    # on Dask, `workers` becomes the cluster's thread count, which sizes the chunks
    with cpu_executor(settings) as (pool, settings), stage_progress(len(found.to_clean)):
        run = RunContext(settings, pool, staging, lexicon, templates, found)
        batches = plan_batches(found.to_clean, settings.batch_size)
        for batch in staged_batches(batches, run, INGEST):
            rejected += len(batch.rejections)
            batch.add_seconds_to(seconds)
    counts = {
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "source": escape_name(str(settings.source)),
        "started_at": started,
        "finished_at": datetime.now(),
        "files_seen": found.seen,
        "files_new": len(found.new),
        "files_copies": found.copies,
        "files_rejected": rejected,
        "stage_seconds": seconds,
    }
    return load(settings, run_id, staging, counts, found.refreshed_documents)


def new_run_id() -> str:
    """Sortable by time, unique across machines."""
    return f"{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
