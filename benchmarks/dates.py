"""Publication dates only from publication evidence: what the clean stage dates, and how right.

Two measurements, each through the real cleaning functions (`transforms.clean.clean_document`):

- BBC News (../shared/data/bbc-news, 2,225 articles published 2004-2005, none with a date
  line): how many documents get a publication date, how many of those fall outside
  2004-2005, and how many carry `date_source = 'text'` (a day found only in the running
  text). `--flow` also ingests them through the real flow and counts the same in the
  warehouse, where the event stage may date a report from its event (`date_source = 'event'`).
- WCXB (../shared/data/wcxb-dev-articles, 711 article pages of 2025 with a gold
  `publish_date`): publication-day accuracy of the HTML path (trafilatura/htmldate, with and
  without htmldate's extensive search, which guesses from the page's text) and of text and
  markdown dumps rendered from the same pages (inscriptis, html2text), per split: a page
  `NNNN` is held out when sha256("NNNN")[0] is odd (the project's fixed split). Each cell
  is right / wrong / undated over the pages with a gold date, and the pages without one
  that got a date anyway.

Run: .venv/bin/python benchmarks/dates.py [--cache DIR] [--pages N] [--flow]
(`--cache` keeps the rendered dumps outside the repo between runs.)
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import sys
import tempfile
from collections import Counter
from dataclasses import replace
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BBC = DATA / "bbc-news"
WCXB = DATA / "wcxb-dev-articles"
FORMS = ("html", "text", "markdown")
BBC_YEARS = (2004, 2005)


def held_out(file_id: str) -> bool:
    """The fixed WCXB split: held out when the first byte of sha256(file id) is odd."""
    return hashlib.sha256(file_id.encode()).digest()[0] % 2 == 1


def clean(path: str, data: bytes, fmt: str, config=None):
    from transforms.clean import CleanConfig, clean_document

    digest = hashlib.sha256(data).hexdigest()
    return clean_document(path, digest, data, fmt, config or CleanConfig())


def day_of(doc) -> str | None:
    """The publication day a document claims, ISO, or None (no date or not day-precise)."""
    from transforms.records import Document

    if not isinstance(doc, Document) or doc.date.precision != "day":
        return None
    day = doc.date.to_date()
    return day.isoformat() if day else None


def bbc_files() -> list[Path]:
    return sorted(BBC.glob("*/*.txt"))


def measure_bbc() -> None:
    from transforms.records import Document

    counts: Counter[str] = Counter()
    sources: Counter[str] = Counter()
    outside: list[str] = []
    for path in bbc_files():
        doc = clean(str(path), path.read_bytes(), "text")
        if not isinstance(doc, Document):
            counts["rejected"] += 1
            continue
        counts["documents"] += 1
        if doc.date_source == "text":
            counts["date_source text"] += 1
        if doc.date.precision != "unknown":
            counts["dated"] += 1
            sources[f"{doc.date_source}/{doc.date.precision}"] += 1
        elif doc.date.month:
            counts["no year"] += 1
        if doc.date.year and doc.date.year not in BBC_YEARS:
            outside.append(f"{path.parent.name}/{path.name} {doc.date} ({doc.date_source})")
    print("## BBC News: publication dates after the clean stage")
    print(f"documents {counts['documents']}, rejected {counts['rejected']}")
    print(f"with a publication date (any precision): {counts['dated']} {dict(sources)}")
    print(
        f"a month and day without a year (its date line's, no year the text can give): "
        f"{counts['no year']}"
    )
    print(f"outside {BBC_YEARS[0]}-{BBC_YEARS[1]}: {len(outside)}")
    for line in outside[:10]:
        print(f"  {line}")
    print(f"date_source = 'text': {counts['date_source text']}")


def measure_bbc_flow() -> None:
    """The same through the real flow: the event stage may date a report from its event."""
    import duckdb

    import flows  # noqa: F401  (offline Prefect defaults)
    from flows.ingest import ingest
    from flows.prefect_server import launch_temporary_server

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "wirehouse.duckdb"
        with launch_temporary_server():
            asyncio.run(ingest(source=str(BBC), db=str(db)))
        with duckdb.connect(str(db), read_only=True) as con:
            total, dated, outside, text, event = con.execute(
                "SELECT count(*), count(published_date), "
                "count(*) FILTER (WHERE year(published_date) NOT IN (2004, 2005)), "
                "count(*) FILTER (WHERE date_source = 'text'), "
                "count(*) FILTER (WHERE date_source = 'event') FROM documents"
            ).fetchone()
            dated_events = con.execute(
                "SELECT count(*) FROM events WHERE event_date IS NOT NULL"
            ).fetchone()[0]
    print("\n## BBC News through the flow (documents table)")
    print(
        f"documents {total}, with published_date {dated}, outside 2004-2005 {outside}, "
        f"date_source 'text' {text}, 'event' {event}; events with a date {dated_events}"
    )


def wcxb_pages(limit: int | None, cache: Path | None) -> list[tuple[str, dict, str | None]]:
    """(file id, the page and its dumps, gold publish_date) per page."""
    pages = []
    for truth in sorted((WCXB / "ground-truth").glob("*.json"))[:limit]:
        file_id = truth.stem
        gold = json.loads(truth.read_text(encoding="utf-8"))["ground_truth"].get("publish_date")
        pages.append((file_id, render(file_id, cache), gold[:10] if gold else None))
    return pages


def render(file_id: str, cache: Path | None) -> dict[str, str]:
    cached = cache / f"{file_id}.json" if cache else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    import html2text
    from inscriptis import get_text

    raw = gzip.decompress((WCXB / "html" / f"{file_id}.html.gz").read_bytes())
    page = raw.decode("utf-8", errors="replace")
    converter = html2text.HTML2Text()
    converter.body_width = 78  # html2text's default wrapping, as saved markdown dumps have
    forms = {"html": page, "text": get_text(page), "markdown": converter.handle(page)}
    if cached:
        cached.write_text(json.dumps(forms), encoding="utf-8")
    return forms


def measure_wcxb(limit: int | None, cache: Path | None, only: list[str] | None = None) -> None:
    from transforms.clean import CleanConfig
    from transforms.extract import ExtractConfig

    systems = {"html": ("html", None)}
    if "extensive_date_search" in ExtractConfig.__dataclass_fields__:  # older code: always on
        default = CleanConfig()
        extract = replace(default.extract, extensive_date_search=True)
        systems["html, extensive search"] = ("html", replace(default, extract=extract))
    systems |= {"text": ("text", None), "markdown": ("markdown", None)}
    systems = {k: v for k, v in systems.items() if not only or k in only}
    # (system, split) -> right, wrong, undated, gold pages, dated without gold, pages without
    cells: dict[tuple[str, str], list[int]] = {}
    for file_id, forms, gold in wcxb_pages(limit, cache):
        split = "held-out" if held_out(file_id) else "dev"
        for name, (form, config) in systems.items():
            found = day_of(clean(f"{file_id}.{form}", forms[form].encode("utf-8"), form, config))
            for key in ((name, split), (name, "all")):
                cell = cells.setdefault(key, [0, 0, 0, 0, 0, 0])
                if gold:
                    cell[3] += 1
                    cell[0 if found == gold else 2 if found is None else 1] += 1
                else:
                    cell[5] += 1
                    cell[4] += found is not None
    print("\n## WCXB: publication day (right / wrong / undated over pages with a gold date)")
    print("| system | split | accuracy | right | wrong | undated | dated without gold |")
    print("|---|---|---|---|---|---|---|")
    for split in ("held-out", "dev", "all"):
        for name in systems:
            right, wrong, undated, total, extra, without = cells.get((name, split), [0] * 6)
            print(
                f"| {name} | {split} | {right / max(1, total):.3f} | {right}/{total} | {wrong} "
                f"| {undated} | {extra}/{without} |"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep rendered WCXB dumps in this folder")
    parser.add_argument("--pages", type=int, help="only the first N WCXB pages")
    parser.add_argument("--flow", action="store_true", help="also ingest BBC through the flow")
    parser.add_argument("--skip", choices=("bbc", "wcxb"), action="append", default=[])
    parser.add_argument("--only", help="WCXB systems to run, e.g. text,markdown")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skip: {DATA} is absent (shared data sets exist in CI, not in a user's clone)")
        return 0
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    if "bbc" not in args.skip:
        measure_bbc()
        if args.flow:
            measure_bbc_flow()
    if "wcxb" not in args.skip:
        measure_wcxb(args.pages, args.cache, args.only.split(",") if args.only else None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
