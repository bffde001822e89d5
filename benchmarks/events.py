"""Event grouping quality: B-cubed P/R/F1 of `event_documents` on ecbplus-dev after the real flow.

Ingests ../shared/data/ecbplus-dev through `flows.ingest.ingest` (a temporary Prefect server,
a temporary warehouse), scores `event_documents` against `labels.csv`, and in the same table a
plain baseline: TF-IDF cosine of the whole text with average-linkage clustering. The topics are
split by number (`split_topics`): the event model (transforms/data/event_model.json) was fitted
on the first half by benchmarks/fit_event_model.py, so the held-out half is the figure to quote;
the baseline's threshold is picked on the fitting half too. Ablations (over the flow's
event_features, one batch) zero one learned weight at a time, switch the second pass off, and
narrow the date window. Skips with a message when the data set is absent. Run:
    .venv/bin/python benchmarks/events.py [--runs N]    # N: ingest in N incremental runs
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import math
import re
import shutil
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

import flows  # noqa: F401  (offline Prefect defaults)
from transforms.event_model import PAIR_FEATURES, EventModel, Regression
from transforms.events import EventConfig, EventFeatures, assign_events

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"
THRESHOLDS = [round(1.0 + 0.25 * i, 2) for i in range(11)]  # average evidence, log-odds
BASELINE_THRESHOLDS = [round(0.05 + 0.025 * i, 3) for i in range(16)]


def without(model: EventModel, feature: str) -> EventModel:
    """The model with one feature's weight zeroed in both regressions."""
    k = PAIR_FEATURES.index(feature)

    def zeroed(regression: Regression) -> Regression:
        weights = list(regression.weights)
        weights[k] = 0.0
        return replace(regression, weights=tuple(weights))

    return replace(model, reports=zeroed(model.reports), events=zeroed(model.events))


def ablations(model: EventModel) -> dict[str, EventConfig]:
    base = EventConfig(model=model)
    configs = {"event model as fitted": base}
    for feature in PAIR_FEATURES:
        if any(r.weights[PAIR_FEATURES.index(feature)] for r in (model.reports, model.events)):
            configs[f"without {feature}"] = replace(base, model=without(model, feature))
    configs["second pass off"] = replace(base, model=replace(model, merge_threshold=math.inf))
    configs["without the weekday event rule"] = replace(base, weekday_votes=10**6)
    configs["without the stale-year event rule"] = replace(base, stale_reports=10**6)
    configs["date window 30 days"] = replace(base, date_window_days=30)
    return configs


def bcubed(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """Item-averaged B-cubed precision, recall and F1 over the items of `gold`; an item
    without a prediction (a file the clean stage rejected) is an event of its own."""
    predicted = {item: predicted.get(item, f"missing:{item}") for item in gold}
    by_pred: dict[str, set[str]] = defaultdict(set)
    by_gold: dict[str, set[str]] = defaultdict(set)
    for item in gold:
        by_pred[predicted[item]].add(item)
        by_gold[gold[item]].add(item)
    precision = recall = 0.0
    for item in gold:
        p, g = by_pred[predicted[item]], by_gold[gold[item]]
        precision += len(p & g) / len(p)
        recall += len(p & g) / len(g)
    precision, recall = precision / len(gold), recall / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


def split_topics(gold_topics: dict[str, str]) -> tuple[set[str], set[str]]:
    """Alternate topics (by number) into a tuning half and a held-out half."""
    topics = sorted(set(gold_topics.values()), key=int)
    return set(topics[0::2]), set(topics[1::2])


def subset(mapping: dict[str, str], files: set[str]) -> dict[str, str]:
    return {k: v for k, v in mapping.items() if k in files}


def ingest_folder(source: Path, runs: int) -> tuple[Path, float, Path]:
    """Ingest `source` in `runs` incremental runs; the warehouse path and seconds taken."""
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest

    work = Path(tempfile.mkdtemp(prefix="wirehouse-events-"))
    feed = work / "source"
    feed.mkdir()
    files = sorted(source.glob("*.txt"))
    db = work / "wh.duckdb"
    seconds = 0.0
    with prefect_test_harness(server_startup_timeout=180):
        for part in range(runs):
            for path in files[part::runs]:
                shutil.copy2(path, feed / path.name)
            started = time.perf_counter()
            asyncio.run(ingest(source=str(feed), db=str(db)))
            seconds += time.perf_counter() - started
    return db, seconds, work


def warehouse_events(db: Path) -> tuple[dict[str, str], list[EventFeatures]]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        predicted = dict(
            con.execute(
                "SELECT d.path, e.event_id FROM event_documents AS e JOIN documents AS d "
                "USING (doc_id)"
            ).fetchall()
        )
        cursor = con.execute(
            "SELECT f.*, d.path FROM event_features AS f JOIN documents AS d USING (doc_id)"
        )
        columns = [c[0] for c in cursor.description]
        features = []
        for row in cursor.fetchall():
            record = dict(zip(columns, row, strict=True))
            record["terms"] = dict(record["terms"])
            record["doc_id"] = record.pop("path")
            features.append(EventFeatures.from_row(record))
    finally:
        con.close()
    return predicted, features


def tfidf_matrix(texts: list[str]) -> np.ndarray:
    """L2-normalised sublinear TF-IDF rows over lower-cased word tokens (smooth IDF)."""
    tokens = [re.findall(r"\w\w+", t.lower()) for t in texts]
    df = Counter(w for words in tokens for w in set(words))
    vocab = {w: i for i, w in enumerate(sorted(df))}
    n = len(texts)
    matrix = np.zeros((n, len(vocab)))
    for row, words in enumerate(tokens):
        for word, count in Counter(words).items():
            idf = math.log((1 + n) / (1 + df[word])) + 1
            matrix[row, vocab[word]] = (1 + math.log(count)) * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


def average_linkage(similarity: np.ndarray, threshold: float) -> list[int]:
    """Agglomerative clustering, average linkage, stopping below `threshold`."""
    n = len(similarity)
    sim = similarity.astype(float).copy()
    np.fill_diagonal(sim, -np.inf)
    size = np.ones(n)
    label = list(range(n))
    active = np.ones(n, dtype=bool)
    while True:
        flat = int(np.argmax(sim))
        a, b = divmod(flat, n)
        if sim[a, b] < threshold:
            break
        merged = (sim[a] * size[a] + sim[b] * size[b]) / (size[a] + size[b])
        sim[a, :], sim[:, a] = merged, merged
        sim[a, a] = -np.inf
        sim[b, :], sim[:, b] = -np.inf, -np.inf
        size[a] += size[b]
        active[b] = False
        label = [a if x == b else x for x in label]
    return label


def best_threshold(scores: dict[float, tuple[float, float, float]]) -> float:
    return max(scores, key=lambda t: (scores[t][2], -t))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=1, help="ingest in this many runs")
    args = parser.parse_args()
    if not (DATA / "labels.csv").exists():
        print(f"skipped: {DATA} not found (shared data sets exist in CI, not in a user's clone)")
        return 0
    rows = list(csv.DictReader((DATA / "labels.csv").open(encoding="utf-8")))
    gold = {r["file"]: r["event"] for r in rows}
    topics = {r["file"]: r["topic"] for r in rows}
    tune_topics, held_topics = split_topics(topics)
    tune = {f for f, t in topics.items() if t in tune_topics}
    held = {f for f, t in topics.items() if t in held_topics}

    db, seconds, work = ingest_folder(DATA, args.runs)
    try:
        flow_pred, features = warehouse_events(db)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    missing = sorted(set(gold) - set(flow_pred))
    for name in missing:
        flow_pred[name] = f"missing:{name}"

    model = EventConfig().model
    sweep = {}
    for threshold in THRESHOLDS:
        config = EventConfig(model=replace(model, threshold=threshold))
        sweep[threshold] = assign_events(features, [], config).event_of

    texts = [(DATA / name).read_text(encoding="utf-8") for name in sorted(gold)]
    started = time.perf_counter()
    similarity = tfidf_matrix(texts) @ tfidf_matrix(texts).T
    baseline = {}
    for threshold in BASELINE_THRESHOLDS:
        labels = average_linkage(similarity, threshold)
        baseline[threshold] = {
            name: str(label) for name, label in zip(sorted(gold), labels, strict=True)
        }
    baseline_seconds = (time.perf_counter() - started) / len(BASELINE_THRESHOLDS)
    base_tuned = best_threshold({t: bcubed(p, subset(gold, tune)) for t, p in baseline.items()})

    n_docs = len(gold)
    print(f"ecbplus-dev: {n_docs} articles, {len(set(gold.values()))} events, {args.runs} run(s)")
    print(f"missing from event_documents: {len(missing)}")
    print(
        f"fitting topics {sorted(tune_topics, key=int)} (the event model's), held-out topics"
        f" {sorted(held_topics, key=int)}"
    )
    header = f"{'method':<44}{'set':<10}{'P':>7}{'R':>7}{'F1':>7}{'events':>8}"
    print(header)
    print("-" * len(header))
    lines = [
        ("wirehouse flow (event model)", flow_pred),
        (f"TF-IDF cosine + average linkage ({base_tuned})", baseline[base_tuned]),
    ]
    for label, predicted in lines:
        for name, files in [("held-out", held), ("fitting", tune), ("all", set(gold))]:
            p, r, f = bcubed(predicted, subset(gold, files))
            n_events = len({predicted[x] for x in files})
            print(f"{label:<44}{name:<10}{p:>7.3f}{r:>7.3f}{f:>7.3f}{n_events:>8}")
    print()
    print(
        f"linkage threshold sweep (the model's is {model.threshold}; assign_events over the"
        " flow's event_features, one batch), held-out topics:"
    )
    for threshold, predicted in sweep.items():
        p, r, f = bcubed(predicted, subset(gold, held))
        print(f"  {threshold:.2f}: P={p:.3f} R={r:.3f} F1={f:.3f}")
    print()
    print("ablations (assign_events over the flow's event_features, one batch):")
    for label, config in ablations(model).items():
        event_of = assign_events(features, [], config).event_of
        p, r, f = bcubed(event_of, subset(gold, held))
        f_fit = bcubed(event_of, subset(gold, tune))[2]
        print(f"  {label:<36} held-out P={p:.3f} R={r:.3f} F1={f:.3f}; fitting F1={f_fit:.3f}")
    cpu = []
    for _ in range(3):
        started = time.process_time()
        assign_events(features, [], EventConfig())
        cpu.append(time.process_time() - started)
    per_thousand = statistics.median(cpu) / n_docs * 1000
    print(f"assign_events: {per_thousand:.2f} s CPU per 1,000 (median of 3)")
    print(f"flow: {seconds:.1f} s for {n_docs} files, {seconds / n_docs * 1000:.1f} s per 1,000")
    print(
        f"baseline clustering: {baseline_seconds / n_docs * 1000:.1f} s per 1,000 (per threshold)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
