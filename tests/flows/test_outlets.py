"""Outlets from the source's own metadata, through the real flow: the seeds laid out in two
outlet folders, with a sidecar for 002; a sidecar changing or going without its file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from flows.cli import main
from tests.conftest import SEEDS, empty_config, run_ingest

FOLDERS = {
    "rferl.org": [
        "000_f45606c9e453b2b3.txt",
        "001_d7bbb8bd739a387c.txt",
        "004_a92970c734cf40b7.txt",
    ],
    "middleeastmonitor.com": ["002_6a792777fe64eb82.txt", "003_22fe07c83436d0f1.txt"],
}
TASS = "middleeastmonitor.com/002_6a792777fe64eb82.txt"
TASS_SIDECAR = {"url": "https://tass.com/politics/845210", "published": "2015-12-15"}


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def documents(db: Path) -> dict[str, tuple]:
    found = rows(
        db,
        "SELECT path, site, site_source, url, published_date::VARCHAR, date_source, doc_id, "
        "run_id FROM documents",
    )
    return {path: tuple(values) for path, *values in found}


@pytest.fixture
def outlets(prefect_server, tmp_path: Path) -> tuple[Path, Path, dict]:
    source = tmp_path / "seeds"
    for folder, names in FOLDERS.items():
        (source / folder).mkdir(parents=True)
        for name in names:
            shutil.copyfile(SEEDS / name, source / folder / name)
    (source / f"{TASS}.meta.json").write_text(json.dumps(TASS_SIDECAR), encoding="utf-8")
    db = tmp_path / "warehouse" / "wirehouse.duckdb"
    return source, db, run_ingest(source, db)


def test_sites_are_the_folders_the_url_or_the_sidecar_never_a_file_name(outlets):
    _, db, summary = outlets
    assert summary["documents_loaded"] == 5 and summary["files_rejected"] == 0
    found = documents(db)
    sites = {path: values[:2] for path, values in found.items()}
    assert sites == {
        "rferl.org/000_f45606c9e453b2b3.txt": ("themoscowtimes.com", "url"),  # its own URL
        "rferl.org/001_d7bbb8bd739a387c.txt": ("rferl.org", "folder"),
        "rferl.org/004_a92970c734cf40b7.txt": ("rferl.org", "folder"),
        TASS: ("tass.com", "sidecar"),
        "middleeastmonitor.com/003_22fe07c83436d0f1.txt": ("middleeastmonitor.com", "folder"),
    }
    assert found[TASS][2:4] == ("https://tass.com/politics/845210", "2015-12-15")
    assert found[TASS][4] == "sidecar"
    names = {Path(path).name for path in found} | set(found)
    assert not {site for site, _ in sites.values()} & names, "a file name became an outlet"
    # the sidecar is neither a document nor a reject; its values are kept for backfills
    assert rows(db, "SELECT count(*) FROM rejects") == [(0,)]
    assert rows(db, "SELECT path, url, published_date::VARCHAR FROM source_meta") == [
        (TASS, TASS_SIDECAR["url"], "2015-12-15")
    ]


def test_a_changed_sidecar_reaches_its_document_and_a_removed_one_leaves_it(outlets):
    source, db, _ = outlets
    before = documents(db)[TASS]
    sidecar = source / f"{TASS}.meta.json"
    sidecar.write_text(json.dumps({"site": "TASS", "published": "2015-12-14"}), encoding="utf-8")
    second = run_ingest(source, db)
    after = documents(db)[TASS]
    assert second["files_new"] == 0 and second["documents_loaded"] == 1
    assert after[:2] == ("TASS", "sidecar") and after[3:5] == ("2015-12-14", "sidecar")
    assert after[5] == before[5] and after[6] == second["run_id"]  # same doc_id, reloaded
    assert rows(db, "SELECT count(*) FROM raw_files") == [(5,)]
    assert rows(db, "SELECT count(*) FROM documents") == [(5,)]
    sidecar.unlink()
    third = run_ingest(source, db)
    assert third["documents_loaded"] == 1
    assert documents(db)[TASS][:2] == ("middleeastmonitor.com", "folder")
    assert rows(db, "SELECT count(*) FROM source_meta") == [(0,)]
    assert run_ingest(source, db)["documents_loaded"] == 0  # nothing changed since


def test_a_malformed_sidecar_is_rejected_and_its_file_still_loads(prefect_server, tmp_path: Path):
    source = tmp_path / "seeds"
    (source / "wires").mkdir(parents=True)
    shutil.copyfile(SEEDS / "003_22fe07c83436d0f1.txt", source / "wires" / "003.txt")
    (source / "wires" / "003.txt.meta.json").write_text('{"url": ', encoding="utf-8")
    db = tmp_path / "wh.duckdb"
    run_ingest(source, db)
    assert rows(db, "SELECT site, site_source FROM documents") == [("wires", "folder")]
    assert rows(db, "SELECT path, code FROM rejects") == [
        ("wires/003.txt.meta.json", "sidecar_invalid")
    ]


def test_a_backfill_keeps_the_sidecars_values(outlets, monkeypatch, tmp_path):
    _, db, _ = outlets
    monkeypatch.setenv("WIREHOUSE_CONFIG", empty_config(tmp_path))
    assert main(["backfill", "--db", str(db), "--since", "2015-01-01", "--quiet"]) == 0
    found = documents(db)[TASS]
    assert found[:2] == ("tass.com", "sidecar") and found[3:5] == ("2015-12-15", "sidecar")
