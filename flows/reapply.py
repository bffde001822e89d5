"""Re-run the repair stage over loaded documents after a glossary or the lexicon changed.

Reads each document's raw paragraphs from the warehouse, scores and repairs them with the
current glossaries (shipped + `settings.glossaries`) and casing lexicon, and replaces that
document's repairs, paragraph text, body and machine-translation columns in one transaction.
Idempotent: a second run with the same rules changes nothing and duplicates nothing.
Cleaning is not re-run (that is `wirehouse backfill`).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import partial

from prefect import flow, get_run_logger, task

from flows import cancel
from flows.cancel import cancellable
from flows.run_state import completed_in_load, recorded_run
from flows.settings import Settings, load_settings
from flows.tasks import TASK_OPTIONS, WAREHOUSE_RETRIES
from transforms.glossary import default_glossary_paths, load_glossary
from transforms.repair import RepairConfig, repair_document
from transforms.truecase import CasingLexicon, news_lexicon
from warehouse import loader, repairs
from warehouse.loader import writer_lock


def read_lexicon(settings: Settings) -> CasingLexicon:
    """Casing learned from the loaded native documents, merged with the shipped news casing
    and seed list."""
    con = loader.connect(settings.db)
    try:
        loader.apply_schema(con)
        rows = loader.casing_rows(con)
    finally:
        con.close()
    return news_lexicon(rows)


@task(name="reapply-repairs", **TASK_OPTIONS, **WAREHOUSE_RETRIES)
def reapply_task(settings: Settings, run_id: str, since: datetime | None) -> dict[str, int]:
    """Current glossaries and lexicon over every selected document, one transaction."""
    lexicon = read_lexicon(settings)
    glossary = load_glossary([*default_glossary_paths(), *settings.glossaries])
    repair = partial(repair_document, glossary=glossary, lexicon=lexicon, config=RepairConfig())
    return repairs.reapply(settings.db, repair, run_id, since)


@flow(name="wirehouse-reapply-repairs", log_prints=False)
@cancellable
def reapply_repairs(db: str | None = None, since: str | None = None) -> dict:
    """Recompute repairs of documents loaded since `since` (ISO date; default all)."""
    settings = load_settings(db=db)
    run_id = f"reapply-{datetime.now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
    if not settings.db.exists():
        return {"run_id": run_id, "status": f"no warehouse at {settings.db}"}
    cutoff = datetime.fromisoformat(since) if since else None
    with writer_lock(settings.db, settings.lock_wait_seconds, cancel.wait) as acquired:
        if not acquired:
            cancel.check()
            get_run_logger().warning("another run holds %s; reapply skips", settings.db)
            return {"run_id": run_id, "status": "skipped: another run holds the warehouse"}
        with recorded_run(settings.db, run_id, "reapply", f"repairs since {since or 'the start'}"):
            counts = reapply_task(settings, run_id, cutoff)
            completed_in_load(run_id)  # recorded in the reapply's transaction
    get_run_logger().info("reapply %s: %s", run_id, counts)
    return {"run_id": run_id, **counts}
