"""The process pool's workers run every CPU stage without importing Prefect."""

from __future__ import annotations

import sys

import pytest

from flows.workers import (
    fingerprint_chunk,
    language_chunk,
    process_pool,
    repair_chunk,
)
from transforms.event_features import EventConfig
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
    with process_pool(1) as pool:
        (detected,), _ = pool.submit(language_chunk, [doc]).result()
        (repaired,) = pool.submit(repair_chunk, [detected], glossary, CasingLexicon()).result()
        ((fingerprinted, row),) = pool.submit(fingerprint_chunk, [repaired]).result()
        prefect_in_worker = pool.submit(imported, "prefect").result()
        transforms_in_worker = pool.submit(imported, "transforms.repair").result()
    assert detected.language == "en"
    assert fingerprinted.content_hash and row["doc_id"] == "d1"
    assert transforms_in_worker
    assert not prefect_in_worker


@pytest.mark.fast
def test_the_events_settings_shape_the_features_a_worker_stages():
    """`[events]` reaches the workers: the event features staged follow its `max_terms`."""
    doc = Document("d1", "d1.txt", "s1", "text", "", "Talks", PARAGRAPHS)
    ((_, default),) = fingerprint_chunk([doc])
    ((_, narrow),) = fingerprint_chunk([doc], EventConfig(max_terms=3))
    assert len(narrow["terms"]) == 3 < len(default["terms"])
