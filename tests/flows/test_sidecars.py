"""Sidecars at discovery: which are read, what is staged, what changed since the last run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.sidecars import meta_from_row, meta_row, scan_sidecars
from transforms.records import PartialDate
from transforms.source_meta import SourceMeta
from warehouse.staging import SourceFile

pytestmark = pytest.mark.fast


def sidecar(values: object) -> bytes:
    return json.dumps(values).encode()


def test_a_stored_sidecar_reads_back_as_it_was():
    meta = SourceMeta("https://tass.com/1", "TASS", "T", "A", PartialDate(2015, 12))
    row = meta_row("x.txt", "ff", meta)
    assert row["removed"] is False and meta_from_row(row) == meta
    assert meta_row("x.txt", None, None)["removed"] is True
    assert meta_from_row({"path": None}) is None


def test_a_sidecar_that_vanishes_before_it_is_read_is_sidecar_unreadable(tmp_path: Path):
    gone = SourceFile("a.txt.meta.json", 10, 1, None, None)
    scan = scan_sidecars(tmp_path, [gone], {}, {"a.txt"})
    assert [r.code for r in scan.rejections] == ["sidecar_unreadable"]
    assert scan.changed_for == {"a.txt"} and scan.metas == {}


def test_only_changed_sidecars_and_those_of_files_cleaned_now_are_read(tmp_path: Path):
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.txt.meta.json").write_bytes(sidecar({"site": name}))
    listed = [
        SourceFile(f"{n}.txt.meta.json", p.stat().st_size, p.stat().st_mtime_ns, None, None)
        for n in ("a", "b", "c")
        for p in [tmp_path / f"{n}.txt.meta.json"]
    ]
    known = {f.path: ("old", f.stamp) for f in listed[1:]}  # b, c unchanged
    known["gone.txt.meta.json"] = ("old", (1, 1, 0, 0))
    scan = scan_sidecars(tmp_path, listed, known, {"b.txt"})
    assert set(scan.metas) == {"a.txt", "b.txt"}  # a changed, b's file is cleaned now
    assert scan.changed_for == {"a.txt", "gone.txt"}
    assert {(row["path"], row["removed"]) for row in scan.rows} == {
        ("a.txt", False),
        ("gone.txt", True),
    }
