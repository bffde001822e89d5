"""Near-duplicate quality and speed on real articles (../shared/data); skips without them.

1. MinHash libraries: datasketch (what transforms/dedup.py uses) against rensa on the same
   word shingles: signatures per second (median of repeats) and how far their Jaccard
   estimates are from each other and from the true Jaccard.
2. Precision/recall: real BBC and Reuters articles, each with a syndicated copy made by the
   edits syndication makes (new headline, paragraph cut or added, changed boilerplate,
   reordered sentences, typo fixes), all indexed together; candidate pairs by shared LSH band
   key (as near_duplicates.sql joins them), flagged at estimated Jaccard >= threshold.
   Positives: an article and its copy (or two articles equal after normalisation); every
   other flagged pair is a false positive. Swept over shingle size, bands x rows, threshold.
3. The BBC set through the real flow: `duplicates` rows of kind 'exact' (98 byte-identical
   files expected, plus files equal after normalisation), and seconds per 1,000 documents.
Run: .venv/bin/python benchmarks/dedup.py [--articles N] [--no-flow]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import resource
import shutil
import statistics
import tempfile
import time
from collections import defaultdict
from dataclasses import replace
from itertools import combinations
from pathlib import Path

import numpy as np
from datasketch import MinHash
from rensa import RMinHash

import flows  # noqa: F401  (offline Prefect defaults)
from transforms.dedup import (
    DedupConfig,
    band_keys,
    content_hash,
    minhash_signature,
    normalize_text,
    shingles,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
BOILERPLATE = [
    "Copyright {year} {outlet}. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "Follow {outlet} on social media for the latest news and analysis.",
    "Reporting by staff; editing by the {outlet} desk.",
    "Sign up for the {outlet} newsletter to get the day's top stories in your inbox.",
]
OUTLETS = ["Daily Courier", "Morning Ledger", "Evening Standard Wire", "Metro Press"]
SETTINGS = [(3, 32, 4), (5, 32, 4), (5, 16, 8), (5, 64, 2), (7, 32, 4)]
THRESHOLDS = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8]


def bbc_articles() -> list[tuple[str, list[str]]]:
    """(title, paragraphs) of every BBC file; the first line is the title."""
    articles = []
    for path in sorted((DATA / "bbc-news").glob("*/*.txt")):
        lines = [x.strip() for x in path.read_bytes().decode("utf-8", "replace").split("\n")]
        lines = [x for x in lines if x]
        articles.append((lines[0], lines[1:]))
    return articles


def reuters_articles(limit: int) -> list[tuple[str, list[str]]]:
    """Reuters stories of 150+ words, paragraphs split where the wire indented them."""
    articles = []
    for path in sorted((DATA / "reuters-21578").glob("reut2-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            body = (item.get("body") or "").replace("\n    ", "\n\n").replace(" Reuter\n", "")
            paragraphs = [" ".join(p.split()) for p in body.split("\n\n") if p.strip()]
            if item.get("title") and sum(len(p.split()) for p in paragraphs) >= 150:
                articles.append((item["title"], paragraphs))
            if len(articles) >= limit:
                return articles
    return articles


def _sentences(paragraph: str) -> list[str]:
    return re.split(r"(?<=[.!?])\s+(?=[A-Z])", paragraph)


def syndicate(title: str, paragraphs: list[str], rng: random.Random) -> tuple[str, list[str]]:
    """A republished copy: two to four of the edits outlets make to wire copy."""
    copy = list(paragraphs)
    edits = rng.sample(
        ["headline", "cut", "add", "boilerplate", "reorder", "typos"], rng.randint(2, 4)
    )
    outlet = rng.choice(OUTLETS)
    if "headline" in edits:
        title = f"{outlet}: " + " ".join(reversed(title.split()))
    if "cut" in edits and len(copy) > 3:
        del copy[rng.randrange(1, len(copy))]
    if "add" in edits:
        copy.insert(
            rng.randrange(1, len(copy) + 1), f"The {outlet} contacted the parties for comment."
        )
    if "boilerplate" in edits:
        copy.append(rng.choice(BOILERPLATE).format(year=rng.randint(1987, 2016), outlet=outlet))
    if "reorder" in edits:
        index = max(range(len(copy)), key=lambda i: len(_sentences(copy[i])))
        sentences = _sentences(copy[index])
        rng.shuffle(sentences)
        copy[index] = " ".join(sentences)
    if "typos" in edits:
        for _ in range(3):
            index = rng.randrange(len(copy))
            words = copy[index].split()
            if len(words) > 4:
                at = rng.randrange(len(words))
                words[at] = words[at][:-1] + "e" if len(words[at]) > 3 else words[at]
                copy[index] = " ".join(words)
    return title, copy


def text_of(title: str, paragraphs: list[str]) -> str:
    return "\n".join([title, *paragraphs])


def library_speed(texts: list[str], config: DedupConfig, repeats: int = 3) -> dict:
    """Signatures per second: the project's path (shingling + rensa), datasketch and rensa alone."""
    sets = [shingles(t, config.shingle_words) for t in texts]
    str_sets = [[s.decode("utf-8") for s in shingle_set] for shingle_set in sets]

    def run_project() -> None:
        for text in texts:
            minhash_signature(text, config)

    def run_rensa() -> None:
        for shingle_set in str_sets:
            m = RMinHash(num_perm=config.num_perm, seed=config.seed)
            m.update(shingle_set)
            m.digest()

    def run_datasketch_raw() -> None:
        for shingle_set in sets:
            m = MinHash(num_perm=config.num_perm, seed=config.seed)
            m.update_batch(shingle_set)

    timings = {}
    for name, function in [
        ("project path: shingles + rensa signature", run_project),
        ("datasketch update_batch only", run_datasketch_raw),
        ("rensa RMinHash update only", run_rensa),
    ]:
        seconds = []
        for _ in range(repeats):
            started = time.perf_counter()
            function()
            seconds.append(time.perf_counter() - started)
        timings[name] = len(texts) / statistics.median(seconds)
    return timings


def library_agreement(
    pairs: list[tuple[str, str]], config: DedupConfig
) -> tuple[float, float, float]:
    """Mean |estimate - true Jaccard| for datasketch and rensa, and mean |datasketch - rensa|."""
    errors_ds, errors_rs, between = [], [], []
    for a, b in pairs:
        sa, sb = shingles(a, config.shingle_words), shingles(b, config.shingle_words)
        true = len(sa & sb) / max(1, len(sa | sb))
        da, db = MinHash(config.num_perm, config.seed), MinHash(config.num_perm, config.seed)
        da.update_batch(sa)
        db.update_batch(sb)
        ds = da.jaccard(db)
        ra, rb = RMinHash(config.num_perm, config.seed), RMinHash(config.num_perm, config.seed)
        ra.update([s.decode() for s in sa])
        rb.update([s.decode() for s in sb])
        rs = ra.jaccard(rb)
        errors_ds.append(abs(ds - true))
        errors_rs.append(abs(rs - true))
        between.append(abs(ds - rs))
    return statistics.mean(errors_ds), statistics.mean(errors_rs), statistics.mean(between)


def _trigrams(text: str) -> set[str]:
    words = normalize_text(text).split()
    return {" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2))}


def same_story(a: tuple[str, list[str]], b: tuple[str, list[str]]) -> bool:
    """Two real articles that are versions of one story (a wire re-filing, a corrected
    copy): equal titles, or leads sharing half their word trigrams. Judged on the title and
    lead only, independently of the MinHash of the whole text."""
    if normalize_text(a[0]) == normalize_text(b[0]):
        return True
    if not a[1] or not b[1]:
        return False
    lead_a, lead_b = _trigrams(a[1][0]), _trigrams(b[1][0])
    return len(lead_a & lead_b) / max(1, len(lead_a | lead_b)) >= 0.5


def evaluate(
    texts: list[str],
    group: list[int],
    origin: list[int],
    originals: list[tuple[str, list[str]]],
    config: DedupConfig,
    thresholds: list[float],
) -> dict[float, tuple[float, float, int, int, int]]:
    """P/R per threshold over all LSH candidate pairs of `texts`. `group` marks an article and
    its copies; flagged pairs of two versions of one real story (`same_story` of their
    originals) are set aside: neither right nor wrong, counted apart."""
    signatures = [np.asarray(minhash_signature(t, config)) for t in texts]
    buckets: dict[str, list[int]] = defaultdict(list)
    for index, signature in enumerate(signatures):
        for key in band_keys(signature.tolist(), config):
            buckets[key].append(index)
    candidates = {pair for ids in buckets.values() for pair in combinations(ids, 2)}
    positives = {pair for ids in _groups(group).values() for pair in combinations(sorted(ids), 2)}
    estimates = {
        pair: np.count_nonzero(signatures[pair[0]] == signatures[pair[1]]) / config.num_perm
        for pair in candidates
    }
    ambiguous = {
        (a, b)
        for (a, b), estimate in estimates.items()
        if estimate >= min(thresholds)
        and (a, b) not in positives
        and same_story(originals[origin[a]], originals[origin[b]])
    }
    results = {}
    for threshold in thresholds:
        flagged = {pair for pair, estimate in estimates.items() if estimate >= threshold}
        set_aside = len(flagged & ambiguous)
        flagged -= ambiguous
        tp = len(flagged & positives)
        precision = tp / len(flagged) if flagged else 1.0
        results[threshold] = (
            precision,
            tp / len(positives),
            len(flagged) - tp,
            set_aside,
            len(candidates),
        )
    return results


def _groups(group: list[int]) -> dict[int, list[int]]:
    by_group: dict[int, list[int]] = defaultdict(list)
    for index, g in enumerate(group):
        by_group[g].append(index)
    return by_group


def flow_exact_duplicates() -> tuple[int, int, int, float]:
    """Ingest the BBC set through the real flow: byte copies, normalised-equal documents,
    documents loaded, seconds."""
    import duckdb
    from prefect.testing.utilities import prefect_test_harness

    from flows.ingest import ingest

    work = Path(tempfile.mkdtemp(prefix="wirehouse-dedup-"))
    try:
        db = work / "wh.duckdb"
        with prefect_test_harness(server_startup_timeout=180):
            started = time.perf_counter()
            asyncio.run(ingest(source=str(DATA / "bbc-news"), db=str(db)))
            seconds = time.perf_counter() - started
        con = duckdb.connect(str(db), read_only=True)
        copies, equal = con.execute(
            "SELECT count(*) FILTER (WHERE doc_id = duplicate_of), "
            "count(*) FILTER (WHERE doc_id <> duplicate_of) FROM duplicates WHERE kind = 'exact'"
        ).fetchone()
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        con.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return copies, equal, documents, seconds


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1500, help="Reuters articles to add")
    parser.add_argument("--no-flow", action="store_true", help="skip the BBC flow run")
    args = parser.parse_args()
    if not (DATA / "bbc-news").is_dir() or not (DATA / "reuters-21578").is_dir():
        print(f"skipped: {DATA}/bbc-news or reuters-21578 not found (shared data sets exist in CI)")
        return 0
    rng = random.Random(7)
    originals = bbc_articles() + reuters_articles(args.articles)
    texts, group, origin = [], [], []
    hash_group: dict[str, int] = {}
    for index, (title, paragraphs) in enumerate(originals):
        g = hash_group.setdefault(content_hash([title, *paragraphs]), index)
        texts.append(text_of(title, paragraphs))
        group.append(g)
        origin.append(index)
    copied = rng.sample(range(len(originals)), len(originals) // 2)
    for index in copied:
        texts.append(text_of(*syndicate(*originals[index], rng)))
        group.append(group[index])
        origin.append(index)
    print(
        f"{len(originals)} real articles (BBC {len(originals) - args.articles}, Reuters "
        f"{args.articles}), {len(copied)} syndicated copies, {len(texts)} documents indexed"
    )

    default = DedupConfig()
    sample = texts[:1000]
    print("\nMinHash libraries, 128 permutations, 5-word shingles, 1,000 documents (median of 3):")
    for name, rate in library_speed(sample, default).items():
        print(f"  {name:<46}{rate:>9.0f} signatures/s")
    pairs = [(texts[i], texts[len(originals) + k]) for k, i in enumerate(copied[:300])]
    err_ds, err_rs, between = library_agreement(pairs, default)
    print(
        f"  mean |estimate - true Jaccard| on 300 copy pairs: datasketch {err_ds:.3f}, "
        f"rensa {err_rs:.3f}; mean |datasketch - rensa| {between:.3f}"
    )

    print(
        "\nprecision / recall per setting and threshold; FP: flagged pairs of different stories;"
        "\nsame-story: flagged pairs of two real versions of one story (set aside):"
    )
    for words, bands, rows in SETTINGS:
        config = replace(
            default, shingle_words=words, num_perm=bands * rows, bands=bands, rows=rows
        )
        started = time.perf_counter()
        results = evaluate(texts, group, origin, originals, config, THRESHOLDS)
        seconds = time.perf_counter() - started
        print(f"  {words}-word shingles, {bands} bands x {rows} rows ({seconds:.0f} s):")
        for threshold, (precision, recall, false_pos, aside, candidates) in results.items():
            mark = (
                "  <- chosen"
                if config == default and threshold == default.near_duplicate_threshold
                else ""
            )
            print(
                f"    {threshold:.2f}: P={precision:.4f} R={recall:.4f} "
                f"FP={false_pos} same-story={aside} candidates={candidates}{mark}"
            )

    if not args.no_flow:
        copies, equal, documents, seconds = flow_exact_duplicates()
        print(
            f"\nBBC through the real flow: {copies} byte-identical files (98 expected) + {equal} "
            f"documents equal after normalisation = {copies + equal} 'exact' duplicates rows; "
            f"{documents} documents; {seconds:.1f} s, {seconds / 2225 * 1000:.1f} s per 1,000 files"
        )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
