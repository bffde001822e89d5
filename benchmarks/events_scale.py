"""Event assignment cost per report at 10k and 100k reports, events only (no flow, no DuckDB).

What it covers: the reports of `benchmarks/corpus.py` (Reuters and BBC articles as text and
markdown dumps, with its copies, syndicated edits and spliced roundups) cleaned by the real
`clean_document`, exact copies left out (the flow links them without scoring), then placed as
the flow's `place_events` does: in time order, `event_chunk_size` (2,000) reports at a time,
each chunk against the already-placed reports that share the most rare names with its reports
(at most `linked_candidates` each, none whose event days lie beyond the window unless one
recalls the other's: what `event_candidates.sql` returns), through `assign_events` with one
`BatchRows` for all chunks. It times `assign_events` alone (process CPU), and apart from it
`event_features`; the candidate look-up is a Python stand-in for the SQL and is not timed.
Beside the cost it prints what the grouping did: events, the largest, and a precision probe
(reports whose one-ticker Reuters headline joined an event of another company's ticker).
What it leaves out: the SQL of candidates, links and refresh, and the flow around them
(`benchmarks/throughput.py` runs all of that).

The same script measures any checkout: put that checkout first on PYTHONPATH.

    python benchmarks/events_scale.py build --files 100000 /tmp/wirehouse-events/docs-100k.pkl
    python benchmarks/events_scale.py measure /tmp/wirehouse-events/docs-100k.pkl --limit 10000
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import statistics
import sys
import time
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from transforms.dedup import content_hash
from transforms.events import EventConfig, EventFeatures, assign_events, event_features

try:
    from transforms.events import BatchRows
except ImportError:  # a checkout from before BatchRows: each chunk codes its reports afresh
    BatchRows = None
from transforms.records import Document, PartialDate

CHUNK = 2000  # flows.settings: event_chunk_size


def build(target: Path, n_files: int) -> None:
    """Clean `n_files` files of the benchmark corpus and pickle the documents, copies out."""
    from corpus import plan

    from transforms.clean import clean_document

    seen: set[str] = set()
    documents: list[Document] = []
    for path, text in plan(n_files, ["txt", "md"]):
        data = text.encode("utf-8")
        sha256 = hashlib.sha256(data).hexdigest()
        doc = clean_document(path, sha256, data, "markdown" if path.endswith(".md") else "text")
        if not isinstance(doc, Document):
            continue
        key = content_hash(doc.paragraphs)
        if key in seen:
            continue
        seen.add(key)
        documents.append(doc)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        pickle.dump(documents, handle, protocol=pickle.HIGHEST_PROTOCOL)
    print(f"{len(documents):,} distinct documents of {n_files:,} files in {target}")


def _days(when: PartialDate) -> tuple[int, int] | None:
    """First and last ordinal day a dated report's date can stand for (as the SQL's intervals)."""
    if not when.year:
        return None
    try:
        first = date(when.year, when.month or 1, when.day or 1)
        if when.day:
            return first.toordinal(), first.toordinal()
        if when.month:
            following = date(when.year + when.month // 12, when.month % 12 + 1, 1)
            return first.toordinal(), following.toordinal() - 1
        return first.toordinal(), date(when.year, 12, 31).toordinal()
    except ValueError:
        return None


def _recalls(x: EventFeatures, y: EventFeatures, near: int) -> bool:
    """`x` mentions a day or month, before its own event days, that holds `y`'s (at most a
    month of them): as event_candidates.sql's `recalls` for two dated reports."""
    days, own = _event_days(y), _event_days(x)
    if days is None or own is None or days[1] - days[0] > 31:
        return False
    return any(
        first.toordinal() <= days[1] + near
        and days[0] <= last.toordinal() + near
        and last.toordinal() < own[0] - near
        for first, last in getattr(x, "recalled", ())
    )


def _event_days(f: EventFeatures) -> tuple[int, int] | None:
    """The days a report's event can lie on: its lede's, else its own date's."""
    if f.event_first is not None and f.event_last is not None:
        return f.event_first.toordinal(), f.event_last.toordinal()
    return _days(f.date)


_TICKER = re.compile(r"<([A-Z][A-Z0-9]*)(?:\.[A-Z]+)?>")


def _companies_per_event(event_of: dict[str, str], title: dict[str, str]) -> dict[str, set[str]]:
    """The tickers of each event's one-ticker headlines."""
    found: dict[str, set[str]] = defaultdict(set)
    for doc_id, event_id in event_of.items():
        tickers = set(_TICKER.findall(title[doc_id]))
        if len(tickers) == 1:
            found[event_id] |= tickers
    return found


def measure(source: Path, limit: int | None, config: EventConfig) -> dict:
    with source.open("rb") as handle:
        documents: list[Document] = pickle.load(handle)
    documents = documents[:limit] if limit else documents
    started = time.process_time()
    features = [event_features(doc, config) for doc in documents]
    feature_cpu = time.process_time() - started
    features.sort(key=lambda f: f.order_key)
    name_counts = Counter(name for f in features for name in f.names)
    rare = [
        sorted(n for n in f.names if name_counts[n] <= config.block_max_reports) for f in features
    ]
    days = [_event_days(f) for f in features]
    near_days = config.date_same_days
    postings: dict[str, list[int]] = defaultdict(list)
    event_of: dict[int, str] = {}
    survivor: dict[str, str] = {}

    def find(event_id: str) -> str:
        while event_id in survivor:
            event_id = survivor[event_id]
        return event_id

    chunk_cpu: list[float] = []
    rows = {"rows": BatchRows()} if BatchRows else {}  # as place_events: one per placement
    n_existing: list[int] = []
    for start in range(0, len(features), CHUNK):
        indexes = range(start, min(start + CHUNK, len(features)))
        linked: set[int] = set()
        for i in indexes:
            shared: Counter[int] = Counter()
            for name in rare[i]:
                shared.update(postings[name])
            near = [
                j
                for j in shared
                if days[i] is None
                or days[j] is None
                or max(days[j][0] - days[i][1], days[i][0] - days[j][1]) <= config.date_window_days
                or _recalls(features[i], features[j], near_days)
                or _recalls(features[j], features[i], near_days)
            ]
            near.sort(key=lambda j: (-shared[j], features[j].doc_id))
            linked.update(near[: config.linked_candidates])
        new = [features[i] for i in indexes]
        existing = [(features[j], find(event_of[j])) for j in sorted(linked)]
        started = time.process_time()
        result = assign_events(new, existing, config, **rows)
        chunk_cpu.append(time.process_time() - started)
        n_existing.append(len(existing))
        for absorbed, kept, *_ in result.merges:  # (absorbed, survivor[, probability])
            survivor[absorbed] = kept
        position = {features[i].doc_id: i for i in indexes}
        for doc_id, event_id in result.event_of.items():
            event_of[position[doc_id]] = event_id
        for i in indexes:
            for name in rare[i]:
                postings[name].append(i)
    sizes = Counter(find(e) for e in event_of.values())
    n_events = len(sizes)
    total = sum(chunk_cpu)
    title = {doc.doc_id: doc.title or "" for doc in documents}
    companies = _companies_per_event(
        {features[i].doc_id: find(e) for i, e in event_of.items()}, title
    )
    return {
        "reports": len(features),
        "events": n_events,
        # reports of the largest event: a rule that chains events of one kind (or joins
        # reports through a footer they share) shows here first
        "largest_event": max(sizes.values(), default=0),
        # Reuters earnings and company news name one company by its ticker ("QUANTUM CORP
        # <QNTM.O> 2ND QTR NET"): reports of two tickers are two companies' news, so each
        # ticker beyond the first in an event is a report joined to another company's event
        # (a lower bound of such errors: only one-ticker headlines count)
        "companies_in_others_events": sum(len(found) - 1 for found in companies.values()),
        "events_of_5_companies_or_more": sum(len(found) >= 5 for found in companies.values()),
        "assign_cpu_s": round(total, 3),
        "assign_ms_per_report": round(total / len(features) * 1000, 4),
        "chunk_cpu_median_s": round(statistics.median(chunk_cpu), 3),
        "chunk_cpu_max_s": round(max(chunk_cpu), 3),
        "existing_per_chunk_median": statistics.median(n_existing),
        "features_ms_per_report": round(feature_cpu / len(features) * 1000, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    make = commands.add_parser("build", help="clean a corpus and pickle its documents")
    make.add_argument("--files", type=int, default=100_000)
    make.add_argument("target", type=Path)
    timed = commands.add_parser("measure", help="time assign_events over pickled documents")
    timed.add_argument("source", type=Path)
    timed.add_argument("--limit", type=int, help="the first N documents only")
    args = parser.parse_args(argv)
    if args.command == "build":
        build(args.target, args.files)
    else:
        print(json.dumps(measure(args.source, args.limit, EventConfig())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
