"""The process pool's workers run every CPU stage without importing Prefect."""

from __future__ import annotations

import sys
from dataclasses import replace

import pytest

from flows.settings import Stages
from flows.workers import (
    fingerprint_chunk,
    language_chunk,
    process_pool,
    repair_chunk,
)
from transforms.glossary import default_glossary_paths, load_glossary
from transforms.records import Document
from transforms.truecase import CasingLexicon

PARAGRAPHS = [
    "Foreign ministers met in Vienna on Tuesday to discuss the ceasefire in Syria.",
    "The talks were the third round this year, officials said after the meeting.",
]


def imported(module: str) -> bool:
    return module in sys.modules


def test_a_worker_runs_the_stages_without_importing_prefect():
    """A worker imports the module of each chunk function it unpickles: kept free of Prefect,
    a pool does not pay seconds of CPU per worker to import it."""
    doc = Document("d1", "d1.txt", "s1", "text", "", "Talks", PARAGRAPHS)
    glossary = load_glossary(default_glossary_paths())
    stages = Stages()
    with process_pool(1) as pool:
        (detected,), _ = pool.submit(language_chunk, [doc], stages.language).result()
        (repaired,) = pool.submit(
            repair_chunk, [detected], glossary, CasingLexicon(), stages.repair
        ).result()
        (rows,) = pool.submit(
            fingerprint_chunk, [repaired], stages.dedup, stages.events, stages.quotes
        ).result()
        prefect_in_worker = pool.submit(imported, "prefect").result()
        transforms_in_worker = pool.submit(imported, "transforms.repair").result()
    assert detected.language == "en"
    (document,) = rows["documents"]
    assert document["content_hash"] and rows["event_features"][0]["doc_id"] == "d1"
    assert [p["ordinal"] for p in rows["paragraphs"]] == [0, 1]
    assert all(p["paragraph_hash"] for p in rows["paragraphs"])
    assert transforms_in_worker
    assert not prefect_in_worker


@pytest.mark.fast
def test_the_events_settings_shape_the_features_a_worker_stages():
    """`[events]` reaches the workers: the event features staged follow its `max_terms`."""
    doc = Document("d1", "d1.txt", "s1", "text", "", "Talks", PARAGRAPHS)
    stages = Stages()
    (default,) = fingerprint_chunk([doc], stages.dedup, stages.events, stages.quotes)
    narrow_events = replace(stages.events, max_terms=3)
    (narrow,) = fingerprint_chunk([doc], stages.dedup, narrow_events, stages.quotes)
    (default_row,), (narrow_row,) = default["event_features"], narrow["event_features"]
    assert len(narrow_row["terms"]) == 3 < len(default_row["terms"])
