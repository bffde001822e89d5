"""Re-process the documents of a period after a rule or glossary changed.

Everything is rebuilt from the raw text the warehouse kept (raw_files, and warc_records for
pages of web archives), not from the source folder: the same steps as ingest run again
(flows/pipeline.py: clean, language, repair, fingerprint and event features, stage), and the
load replaces the documents' rows in one transaction under the same doc_ids, then marks
duplicates and assigns events for them as for new documents.
"""

from __future__ import annotations

from datetime import date, datetime

from prefect import flow, get_run_logger, task
from prefect.context import SyncClientContext
from prefect.runtime import flow_run

from flows import cancel
from flows.archives import RECORD_FORMAT
from flows.cancel import cancellable
from flows.ingest import new_run_id
from flows.pipeline import READ_STORED, pipeline, plan_batches, staged_batches
from flows.progress import stage_progress
from flows.run_state import recorded_run
from flows.runners import cpu_executor
from flows.settings import Settings, load_settings
from flows.sidecars import meta_from_row
from flows.tasks import (
    TASK_OPTIONS,
    WAREHOUSE_RETRIES,
    RunContext,
    load,
    read_casing_lexicon,
    read_site_templates,
    retry_policy,
)
from flows.workers import StoredDocument
from warehouse import loader
from warehouse.loader import writer_lock
from warehouse.staging import staging_dir, write_discovery

# The raw text the warehouse kept, cleaned again, then every run's steps.
BACKFILL = pipeline(READ_STORED)


@flow(name="wirehouse-backfill", log_prints=False)
@cancellable
def backfill(
    since: str,
    until: str | None = None,
    db: str | None = None,
    batch_size: int | None = None,
    workers: int | None = None,
    data_path: str | None = None,
) -> dict:
    """Re-process documents published on or after `since` (and before `until`), ISO dates."""
    settings = load_settings(db=db, data_path=data_path, batch_size=batch_size, workers=workers)
    period = (date.fromisoformat(since), date.fromisoformat(until) if until else None)
    run_id = new_run_id()
    if not settings.db.exists():
        return {"run_id": run_id, "status": f"no warehouse at {settings.db}"}
    with writer_lock(settings.db, settings.lock_wait_seconds, cancel.wait) as acquired:
        if not acquired:
            cancel.check()
            get_run_logger().warning("another run holds %s; backfill skips", settings.db)
            return {"run_id": run_id, "status": "skipped: another run holds the warehouse"}
        cancel.progress.start(run_id)
        source = f"backfill from {since}" + (f" to {until}" if until else "")
        with (
            recorded_run(settings.db, run_id, "backfill", source, retry_policy(settings)),
            SyncClientContext.get_or_create(),  # one API client for all task runs
        ):
            return run_backfill(settings, run_id, *period)


def run_backfill(settings: Settings, run_id: str, since: date, until: date | None) -> dict:
    started = datetime.now()
    staging = staging_dir(settings.db, run_id)
    stored = read_stored(settings, since, until)
    get_run_logger().info("backfill %s: %s documents from %s", run_id, len(stored), since)
    lexicon = read_casing_lexicon(settings)
    templates = read_site_templates(settings)
    write_discovery(staging, [], [])  # nothing discovered: the staged discovery tables are empty
    seconds: dict[str, float] = {}
    rejected = 0
    with cpu_executor(settings) as (pool, settings), stage_progress(len(stored)):
        run = RunContext(settings, pool, staging, lexicon, templates, learn_casing=False)
        batches = plan_batches(stored, settings.batch_size, stored=True)
        for batch in staged_batches(batches, run, BACKFILL):
            rejected += len(batch.rejections)
            batch.add_seconds_to(seconds)
    counts = {
        "flow_run_id": str(flow_run.id) if flow_run.id else None,
        "source": f"backfill from {since}" + (f" to {until}" if until else ""),
        "started_at": started,
        "finished_at": datetime.now(),
        "files_seen": len(stored),
        "files_new": 0,
        "files_copies": 0,
        "files_rejected": rejected,
        "stage_seconds": seconds,
    }
    summary = load(settings, run_id, staging, counts, [doc.doc_id for doc in stored])
    return {**summary, "documents_reprocessed": len(stored)}


@task(name="read-stored-documents", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def read_stored(settings: Settings, since: date, until: date | None) -> list[StoredDocument]:
    columns, rows = loader.query(
        settings.db, loader.read_sql("backfill_documents"), {"since": since, "until": until}
    )
    stored = []
    for row in rows:
        values = dict(zip(columns, row, strict=True))
        record = {
            key: values[key] for key in ("record_offset", "record_id", "target_uri", "warc_date")
        }
        meta = {
            key.removeprefix("meta_"): v for key, v in values.items() if key.startswith("meta_")
        }
        stored.append(
            StoredDocument(
                doc_id=values["doc_id"],
                sha256=values["sha256"],
                path=values["path"],
                format=values["format"],
                raw_text=values["raw_text"],
                record=record if values["format"] == RECORD_FORMAT else None,
                meta=meta_from_row(meta),
            )
        )
    return stored
