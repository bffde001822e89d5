"""A warehouse of 1,200 events and some 1,400 reports from 40 outlets, written straight into the
real schema (no flow: under two seconds), to check that the report reads at that scale.

The shape is news-like: a few stories many outlets carry, most carried by one or two; dates
over fourteen months with three stray ones (1920, 1999, 2031) that must not stretch the axis;
documents without a site; shared paragraphs of wire copy and shared headings ("Conclusion",
"Frequently Asked Questions") that must not count as copy.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa

from warehouse import loader

EVENTS = 1_200
OUTLETS = [f"outlet{n:02d}.example.com" for n in range(40)]
STRAY_DATES = (date(1920, 1, 1), date(1999, 6, 30), date(2031, 1, 1))
HEADINGS = ("Conclusion", "Frequently Asked Questions", "Pros:")
FIRST_DAY = date(2024, 3, 1)
DAYS = 420
RUN = "20250101T000000-synthetic"
WORDS = (
    "minister talks ceasefire council vote court ruling storm flood election market shares "
    "bank rates strike union border summit treaty police arrest fire quake rescue vaccine"
).split()


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def build(db: Path, seed: int = 23) -> dict[str, object]:
    """Write the warehouse; return what the report should show (top titles, counts)."""
    rng = random.Random(seed)
    documents, paragraphs, events, links, shared = [], [], [], [], []
    ranking: list[tuple] = []  # what the report orders events by: outlets, reports, date
    stray = iter(STRAY_DATES)
    for e in range(EVENTS):
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        # a few big stories, most carried by one or two outlets (a Zipf-like tail)
        size = min(len(OUTLETS), max(1, int(30 / (1 + e) ** 0.8 + rng.random() * 1.5)))
        title = f"Event {e:04d}: " + " ".join(rng.sample(WORDS, 4)).capitalize()
        event_id = f"e{e:016d}"
        events.append((event_id, day, "day", title, size, RUN))
        outlets = rng.sample(OUTLETS, size)
        sited = 0
        for r, outlet in enumerate(outlets):
            doc_id = digest(f"{e}-{r}")[:16]
            published = day + timedelta(days=rng.randrange(3))
            if e % 400 == 7 and r == 0:
                published = next(stray, published)  # a wrong date, as cleaning finds them
            site = None if (e + r) % 23 == 0 else outlet
            sited += site is not None
            body = f"{title}. " + " ".join(rng.choices(WORDS, k=60))
            documents.append(document_row(doc_id, site, title, published, body))
            links.append((event_id, doc_id, RUN))
            paragraphs.append((doc_id, 0, body, body, "en", digest(body)[:16], RUN))
        ranking.append((-sited, -size, day, event_id, title))
        if size >= 3:
            copy = f"{title} was confirmed by officials on " + day.isoformat() + " in a statement."
            ids = [digest(f"{e}-{r}")[:16] for r in range(size)]
            shared.append((digest(copy)[:16], "shared", copy, size, size, ids, ids[0], RUN))
    for h, heading in enumerate(HEADINGS):
        ids = [documents[i]["doc_id"] for i in range(h, len(documents), 40)]
        shared.append((digest(heading)[:16], "shared", heading, 40, 39, ids, ids[0], RUN))
    con = duckdb.connect(str(db))
    try:
        loader.apply_schema(con)
        con.execute("BEGIN TRANSACTION")
        insert(con, "documents", pa.Table.from_pylist(documents))
        insert_rows(
            con,
            "events",
            ["event_id", "event_date", "date_precision", "title", "n_documents", "run_id"],
            events,
        )
        insert_rows(con, "event_documents", ["event_id", "doc_id", "run_id"], links)
        insert_rows(
            con,
            "paragraphs",
            ["doc_id", "ordinal", "text", "raw_text", "language", "paragraph_hash", "run_id"],
            paragraphs,
        )
        insert_rows(
            con,
            "paragraph_occurrences",
            [
                "paragraph_hash",
                "kind",
                "text",
                "n_documents",
                "n_sites",
                "doc_ids",
                "first_doc_id",
                "run_id",
            ],
            shared,
        )
        con.execute(
            "INSERT INTO runs VALUES (?, NULL, 'synthetic', ?, ?, ?, ?, 0, 0, ?, 0, ?, 0, MAP {})",
            [
                RUN,
                datetime(2025, 1, 1),
                datetime(2025, 1, 1, 0, 5),
                len(documents),
                len(documents),
                len(documents),
                len(events),
            ],
        )
        con.execute("COMMIT")
    finally:
        con.close()
    top = sorted(ranking)[:20]
    return {
        "documents": len(documents),
        "events": len(events),
        "outlets": len({d["site"] for d in documents if d["site"]}),
        "without_site": sum(1 for d in documents if d["site"] is None),
        "top_titles": [title for *_, title in top],
        "last_title": sorted(ranking)[-1][-1],
    }


def document_row(doc_id: str, site: str | None, title: str, published: date, body: str) -> dict:
    return {
        "doc_id": doc_id,
        "sha256": digest(doc_id),
        "path": f"synthetic/{doc_id}.txt",
        "format": "text",
        "url": f"https://{site}/{doc_id}" if site else None,
        "site": site,
        "site_source": "url" if site else None,
        "title": title,
        "published_date": published,
        "date_precision": "day",
        "date_inferred": False,
        "date_source": "date_line",
        "language": "en",
        "body": body,
        "raw_body": body,
        "word_count": len(body.split()),
        "machine_translated": False,
        "mt_score": 0.0,
        "content_hash": digest(body),
        "run_id": RUN,
    }


def insert(con, table: str, rows: pa.Table) -> None:
    con.register("rows", rows)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM rows")
    con.unregister("rows")


def insert_rows(con, table: str, columns: list[str], rows: list[tuple]) -> None:
    arrays = {name: [row[i] for row in rows] for i, name in enumerate(columns)}
    insert(con, table, pa.table(arrays))
