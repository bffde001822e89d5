"""B-cubed P/R/F1 of `assign_events` on ecbplus-dev (../shared/data); skips without it.

Crude reading of the raw dumps: an optional URL line, a short first line taken as the title,
a date line among the next lines; paragraphs split on blank lines. Run:
    .venv/bin/python benchmarks/events_quick.py [--one-by-one]
"""

from __future__ import annotations

import csv
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from transforms.events import EventConfig, assign_events, event_features
from transforms.records import Document, PartialDate

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"
MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
PATTERNS = [
    (re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", re.I), ("m", "d", "y")),
    (re.compile(r"(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})", re.I), ("d", "m", "y")),
    (re.compile(r"(\d{4})-(\d{2})-(\d{2})"), ("y", "mn", "d")),
    (re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{2,4})\b"), ("mn", "d", "y")),
]


def parse_date(line: str) -> PartialDate:
    for pattern, order in PATTERNS:
        match = pattern.search(line)
        if not match:
            continue
        parts = dict(zip(order, match.groups(), strict=True))
        month = MONTHS[parts["m"].lower()] if "m" in parts else int(parts["mn"])
        year = int(parts["y"])
        year = year + 2000 if year < 100 else year
        if 1 <= month <= 12 and 1990 < year < 2030:
            return PartialDate(year, month, int(parts["d"]))
    return PartialDate()


def read_document(path: Path) -> Document:
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    if paragraphs and paragraphs[0].startswith("http"):
        paragraphs = paragraphs[1:]
    title = None
    if paragraphs and len(paragraphs[0].split()) < 16 and not paragraphs[0].endswith("."):
        title, paragraphs = paragraphs[0], paragraphs[1:]
    when = PartialDate()
    for index, paragraph in enumerate(paragraphs[:2]):
        if len(paragraph.split()) <= 12:
            when = parse_date(paragraph)
            if when.year:
                paragraphs = paragraphs[:index] + paragraphs[index + 1 :]
                break
    mentioned = [
        parsed
        for paragraph in paragraphs
        for sentence in re.split(r"(?<=[.!?])\s+", paragraph)
        if (parsed := parse_date(sentence)).year
    ]
    return Document(
        path.name,
        str(path),
        "",
        "text",
        "",
        title,
        paragraphs,
        date=when,
        mentioned_dates=mentioned,
    )


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    by_pred, by_gold = defaultdict(set), defaultdict(set)
    for item, cluster in predicted.items():
        by_pred[cluster].add(item)
    for item, cluster in gold.items():
        by_gold[cluster].add(item)
    precision = recall = 0.0
    for item in gold:
        p, g = by_pred[predicted[item]], by_gold[gold[item]]
        both = len(p & g)
        precision += both / len(p)
        recall += both / len(g)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def main(argv: list[str]) -> int:
    if not (DATA / "labels.csv").exists():
        print(f"skipped: {DATA} not found")
        return 0
    gold = {r["file"]: r["event"] for r in csv.DictReader((DATA / "labels.csv").open())}
    config = EventConfig()
    docs = [read_document(DATA / name) for name in sorted(gold)]
    print(f"{len(docs)} documents, {sum(1 for d in docs if d.date.year)} dated")
    start = time.perf_counter()
    features = [event_features(doc, config) for doc in docs]
    if "--one-by-one" in argv:
        assigned: list[tuple] = []
        for feature in sorted(features, key=lambda f: f.order_key):
            result = assign_events([feature], assigned, config)
            assigned = [(f, result.event_of.get(f.doc_id, e)) for f, e in assigned]
            merged = dict(result.merges)
            assigned = [(f, merged.get(e, e)) for f, e in assigned]
            assigned.append((feature, result.event_of[feature.doc_id]))
        predicted = {f.doc_id: e for f, e in assigned}
    else:
        predicted = assign_events(features, [], config).event_of
    elapsed = time.perf_counter() - start
    precision, recall, f1 = bcubed(predicted, gold)
    print(
        f"B-cubed P={precision:.3f} R={recall:.3f} F1={f1:.3f} "
        f"events={len(set(predicted.values()))} (gold {len(set(gold.values()))}) "
        f"{elapsed:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
