"""Run artifacts in the Prefect API, and `wirehouse report` rendered by headless Chromium."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
from pathlib import Path

import pytest

from flows.cli import main
from tests.ops.big_warehouse import HEADINGS as SHARED_HEADINGS
from tests.ops.big_warehouse import build
from tests.ops.conftest import Loaded
from warehouse import loader

CHROMIUM = Path("/usr/bin/chromium")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent (Debian's chromium package; CI installs it)",
)
HEADINGS = (
    "Documents by publication date",
    "Events timeline: the 3 events most outlets reported",
    "Outlet overlap: shared paragraphs and quotes",
    "Events and the outlets that reported them",
    "Paragraphs printed by more than one outlet",
    "Quotes and who carried them first",
    "Repairs per rule",
    "Duplicates",
    "Rejected files",
)
PLOT_BLUE = (31, 119, 180)  # matplotlib's first colour: the per-day bars, the first outlet's dots
RUN_TABLES = ("files", "documents", "repairs", "duplicates", "events")


def run_artifacts(flow_run_id: str) -> dict[str, object]:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> list:
        async with get_client() as client:
            return await client.read_artifacts(
                artifact_filter=ArtifactFilter(
                    flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id])
                )
            )

    return {artifact.key: artifact for artifact in asyncio.run(read())}


def test_second_run_publishes_its_tables(loaded: Loaded):
    artifacts = run_artifacts(loaded.second["flow_run_id"])
    assert {"ingest-summary", *(f"ingest-{t}" for t in RUN_TABLES)} <= set(artifacts)
    table = {t: json.loads(artifacts[f"ingest-{t}"].data) for t in RUN_TABLES}
    files = {row["outcome"]: row for row in table["files"]}
    assert files["seen"]["files"] == 9 and files["copies of loaded files"]["files"] == 1
    assert "photo.txt" in files["rejected: decode_binary"]["reason"]
    assert "empty.txt" in files["rejected: decode_empty"]["reason"]
    assert {row["kind"] for row in table["duplicates"]} == {"exact", "near"}
    assert [row["change"] for row in table["events"]] == ["grown"]
    assert table["events"][0]["reports_added"] == 1
    assert sum(row["documents"] for row in table["documents"]) == 1
    summary = artifacts["ingest-summary"].data
    assert "| documents loaded | 1 |" in summary and "decode_binary" in summary


def test_first_run_tables_count_its_repairs_and_new_events(loaded: Loaded):
    table = {
        t: json.loads(a.data)
        for t, a in (
            (t, run_artifacts(loaded.first["flow_run_id"])[f"ingest-{t}"]) for t in RUN_TABLES
        )
    }
    assert sum(row["repairs"] for row in table["repairs"]) == loaded.first["repairs_made"] > 0
    assert {row["change"] for row in table["events"]} == {"new"}
    assert sum(row["documents"] for row in table["documents"]) == 5


@pytest.fixture(scope="module")
def report(loaded: Loaded, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    assert main(["report", "--db", str(loaded.db), "--out", str(out)]) == 0
    return out


def test_report_is_one_self_contained_file_with_three_plots(report: Path):
    page = report.read_text(encoding="utf-8")
    assert page.count("<svg") == 3
    for heading in HEADINGS:
        assert f"<h2>{heading}</h2>" in page
    assert "<script" not in page and "<link" not in page and "<img" not in page
    assert not re.findall(r'(?:href|src)="(?!#|data:)', page), "the page must not fetch anything"
    clip_ids = re.findall(r'<clipPath id="([^"]+)"', page)
    assert len(clip_ids) == len(set(clip_ids)), "inline SVGs must not share clip-path ids"


def test_report_plots_draw_the_warehouse(report: Path, loaded: Loaded):
    page = report.read_text(encoding="utf-8")
    _, events = loader.query(loaded.db, "SELECT title FROM events WHERE length(title) < 48")
    assert events and all(title in page for (title,) in events)  # timeline row labels
    _, pairs = loader.query(loaded.db, "SELECT * FROM v_outlet_overlap")
    overlap = next(p for p in pairs if "reprints" in p)
    assert f">{overlap[2]} / {overlap[3]}<" in page  # the overlap matrix cell of the reprint


def screenshot(page: Path, png: Path) -> Path:
    """Render `page` in headless Chromium, as a reader's browser would, to `png`."""
    subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={png.parent / 'chromium-profile'}",
            f"--screenshot={png}",
            "--window-size=1280,2000",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=90,
    )
    return png


def ink(png: Path) -> tuple[float, int]:
    """Share of pixels that differ from the background, and pixels of the plots' blue."""
    from PIL import Image

    with Image.open(png) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 24)
    total = sum(count for count, _ in colours)
    background = max(count for count, _ in colours)
    blue = sum(count for count, colour in colours if colour == PLOT_BLUE)
    return 1 - background / total, blue


@needs_chromium
def test_report_renders_with_its_plots_in_chromium(report: Path, tmp_path: Path):
    share, blue = ink(screenshot(report, tmp_path / "report.png"))
    assert share > 0.08, f"only {share:.1%} of the page is drawn"
    assert blue > 300, "the plots did not render"


@needs_chromium
def test_the_screenshot_check_fails_on_a_broken_page(tmp_path: Path):
    broken = tmp_path / "broken.html"
    broken.write_text("<!DOCTYPE html><html><body><svg><g></g></svg></body></html>")
    share, blue = ink(screenshot(broken, tmp_path / "broken.png"))
    assert share < 0.01 and blue == 0


@pytest.fixture(scope="module")
def big(tmp_path_factory) -> tuple[Path, dict]:
    """The report of a warehouse of 1,200 events (tests/ops/big_warehouse.py)."""
    folder = tmp_path_factory.mktemp("big")
    expected = build(folder / "big.duckdb")
    out = folder / "report.html"
    assert main(["report", "--db", str(folder / "big.duckdb"), "--out", str(out)]) == 0
    return out, expected


def section_of(page: str, heading: str) -> str:
    return page.split(f"<h2>{heading}", 1)[1].split("</section>", 1)[0]


def test_at_1200_events_the_report_shows_the_20_most_reported(big: tuple[Path, dict]):
    out, expected = big
    assert expected["events"] >= 1_000
    page = out.read_text(encoding="utf-8")
    table = section_of(page, "Events and the outlets that reported them")
    assert table.count("<tr>") == 1 + 20  # the header and the top 20, not the first 50 by date
    assert all(title in table for title in expected["top_titles"])
    assert expected["last_title"] not in page  # a one-report event
    timeline = section_of(page, "Events timeline")
    assert "The 20 of 1,200 events most outlets reported" in " ".join(timeline.split())
    labels = re.findall(r"Event \d{4}:", timeline)  # the y axis: one label per event drawn
    assert len(set(labels)) == 20


def test_the_date_axis_spans_the_bulk_and_counts_the_outliers(big: tuple[Path, dict]):
    page = big[0].read_text(encoding="utf-8")
    note = " ".join(section_of(page, "Documents by publication date").split())
    assert "2 dated before 2024-03-01 (earliest 1920-01-01)" in note
    assert "1 after 2025-04-26 (latest 2031-01-01)" in note
    assert ">1920<" not in page and ">2031<" not in page, "no axis tick at a stray year"


def test_outlets_are_sites_and_shared_headings_are_no_copy(big: tuple[Path, dict]):
    out, expected = big
    page = out.read_text(encoding="utf-8")
    assert f"<b>{expected['outlets']}</b>outlets" in page
    assert f"<b>{expected['without_site']}</b>documents without a site" in page
    shared = section_of(page, "Paragraphs printed by more than one outlet")
    assert "was confirmed by officials" in shared
    assert not any(f"<td>{heading}</td>" in shared for heading in SHARED_HEADINGS)


@needs_chromium
def test_the_report_at_1200_events_renders_in_chromium(big: tuple[Path, dict], tmp_path: Path):
    share, blue = ink(screenshot(big[0], tmp_path / "big.png"))
    assert share > 0.08, f"only {share:.1%} of the page is drawn"
    assert blue > 2_000, "the plots did not render"
