"""One pipeline definition: ingest and backfill take the same steps after the one that reads
their input, a step that reads what nothing before it adds is refused, and each stage's
section of wirehouse.toml reaches the stage in a real run."""

from __future__ import annotations

import duckdb
import pytest

from flows.backfill import BACKFILL
from flows.ingest import INGEST
from flows.pipeline import READ_FILES, STEPS, PipelineError, pipeline, step
from tests.conftest import run_ingest


@pytest.mark.fast
def test_ingest_and_backfill_share_every_step_but_the_one_that_reads():
    assert INGEST[0] is READ_FILES and BACKFILL[0].name == "reclean"
    assert INGEST[1:] == BACKFILL[1:] == STEPS
    assert [s.name for s in STEPS] == ["language", "repair", "fingerprint", "stage"]


@pytest.mark.fast
def test_a_step_that_reads_what_no_earlier_step_adds_is_refused():
    language, repair, fingerprint, stage = STEPS
    with pytest.raises(PipelineError, match="'stage' reads casing, rows"):
        pipeline(READ_FILES, [language, stage, repair, fingerprint])
    extra = step("summarise", lambda batch, run: batch, "summaries", "")
    with pytest.raises(PipelineError, match="summaries"):
        pipeline(READ_FILES, [*STEPS, extra])
    assert pipeline(READ_FILES, STEPS) == INGEST


def counts(db) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        return {
            table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "quote_occurrences", "cleaning_drops")
        }


def test_each_stage_section_reaches_its_stage(prefect_server, seed_dir, tmp_path, monkeypatch):
    """Quotes of 1,000+ words only and a dump line model that keeps every line it may: the same
    seeds give no quotes and no dropped dump lines, where the defaults give some of each."""
    default = tmp_path / "default.toml"
    default.write_text("", encoding="utf-8")
    monkeypatch.setenv("WIREHOUSE_CONFIG", str(default))
    run_ingest(seed_dir, tmp_path / "default.duckdb")
    before = counts(tmp_path / "default.duckdb")
    assert before["documents"] == 5
    assert before["quote_occurrences"] > 0 and before["cleaning_drops"] > 0

    tuned = tmp_path / "tuned.toml"
    tuned.write_text(
        "[quotes]\nmin_words = 1000\n\n[clean.dumps]\nbody_min_probability = 0.0\n"
        "dedup_min_chars = 100000\ntitle_min_probability = 1.1\nheadline_max_words = 0\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("WIREHOUSE_CONFIG", str(tuned))
    run_ingest(seed_dir, tmp_path / "tuned.duckdb")
    after = counts(tmp_path / "tuned.duckdb")
    assert after["documents"] == 5
    assert after["quote_occurrences"] == 0
    assert after["cleaning_drops"] < before["cleaning_drops"]
