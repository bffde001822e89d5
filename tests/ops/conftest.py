"""One warehouse for the analyst-facing tests: the seeds (each seed without a URL named by a
sidecar), then a second run that adds a byte copy, a shortened reprint in an outlet folder
(shared paragraphs, a near duplicate, a grown event) and two files that must be rejected,
all through the real flow."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import SEEDS, run_ingest

REPRINTED = "004_a92970c734cf40b7.txt"
REPRINT = "reprints/004_reprint.txt"  # its outlet is its folder, "reprints"
# What a crawler would have written beside the seeds that name no URL themselves.
SIDECARS = {
    "001_d7bbb8bd739a387c.txt": {"site": "state.gov"},
    "002_6a792777fe64eb82.txt": {
        "url": "https://tass.com/politics/845210",
        "published": "2015-12-15",
    },
    "003_22fe07c83436d0f1.txt": {"site": "middleeastmonitor.com"},
    REPRINTED: {"site": "rferl.org"},
}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Loaded:
    source: Path
    db: Path
    first: dict
    second: dict


def add_second_drop(source: Path) -> None:
    """Files of the second run: each exercises one analyst question on real sample text."""
    (source / "copies").mkdir()
    shutil.copyfile(source / "000_f45606c9e453b2b3.txt", source / "copies" / "000 again.txt")
    original = (source / REPRINTED).read_text(encoding="utf-8")
    blocks = [block for block in original.split("\n\n") if block.strip()]
    (source / "reprints").mkdir()
    (source / "reprints" / "004_reprint.txt").write_text(
        "\n\n".join(blocks[: len(blocks) * 3 // 4]) + "\n", encoding="utf-8"
    )
    (source / "empty.txt").write_text("  \n", encoding="utf-8")
    (source / "photo.txt").write_bytes(PNG_MAGIC + bytes(range(256)) * 4)


@pytest.fixture(scope="session")
def loaded(prefect_server, tmp_path_factory) -> Loaded:
    root = tmp_path_factory.mktemp("ops")
    source = root / "seeds"
    shutil.copytree(SEEDS, source)
    for name, meta in SIDECARS.items():
        (source / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    db = root / "warehouse" / "wirehouse.duckdb"
    first = run_ingest(source, db)
    add_second_drop(source)
    second = run_ingest(source, db)
    return Loaded(source, db, first, second)
