"""Near-duplicate calibration on ecbplus-dev (../shared/data); skips without it.

Prints signature speed, true 5-shingle Jaccard of same-event and different-event pairs, and
estimated Jaccard / shared bands of synthetic syndicated copies (new headline, one paragraph
cut, one added, a typo). Run: .venv/bin/python benchmarks/dedup_quick.py
"""

from __future__ import annotations

import csv
import itertools
import random
import time
from pathlib import Path

from transforms.dedup import (
    DedupConfig,
    band_keys,
    estimate_jaccard,
    minhash_signature,
    shingles,
)

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ecbplus-dev"


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    return len(a & b) / max(1, len(a | b))


def syndicate(paragraphs: list[str], rng: random.Random) -> list[str]:
    copy = list(paragraphs)
    del copy[rng.randrange(1, len(copy))]
    copy.insert(rng.randrange(len(copy)), "A paragraph the republishing outlet added for context.")
    longest = max(range(len(copy)), key=lambda i: len(copy[i]))
    words = copy[longest].split()
    words[3] += "x"
    copy[longest] = " ".join(words)
    copy[0] = "A new headline for the copy"
    return copy


def main() -> int:
    if not (DATA / "labels.csv").exists():
        print(f"skipped: {DATA} not found")
        return 0
    config = DedupConfig()
    labels = {r["file"]: r["event"] for r in csv.DictReader((DATA / "labels.csv").open())}
    texts = {name: (DATA / name).read_text(encoding="utf-8") for name in sorted(labels)}
    start = time.perf_counter()
    for text in texts.values():
        minhash_signature(text, config)
    per_doc = (time.perf_counter() - start) / len(texts) * 1000
    print(f"{per_doc:.2f} ms per signature")
    sets = {name: shingles(text, config.shingle_words) for name, text in texts.items()}
    same, different = [], []
    for a, b in itertools.combinations(sets, 2):
        (same if labels[a] == labels[b] else different).append(jaccard(sets[a], sets[b]))
    print(f"different events: max Jaccard {max(different):.3f}")
    for low, high in [(0.0, 0.2), (0.2, 0.4), (0.4, 0.6), (0.6, 1.01)]:
        print(f"same event, Jaccard [{low}, {high}): {sum(low <= j < high for j in same)} pairs")
    rng = random.Random(0)
    long_docs = [n for n, t in texts.items() if len(t.split()) > 300]
    results = []
    for name in rng.sample(long_docs, 40):
        paragraphs = [p.strip() for p in texts[name].split("\n\n") if p.strip()]
        if len(paragraphs) < 5:
            continue
        copy = syndicate(paragraphs, rng)
        sig_a = minhash_signature("\n".join(paragraphs), config)
        sig_b = minhash_signature("\n".join(copy), config)
        shared = set(band_keys(sig_a, config)) & set(band_keys(sig_b, config))
        results.append((estimate_jaccard(sig_a, sig_b), len(shared)))
    print(
        f"syndicated copies: estimated Jaccard {min(r[0] for r in results):.2f}-"
        f"{max(r[0] for r in results):.2f}, shared bands {min(r[1] for r in results)}-"
        f"{max(r[1] for r in results)} of {config.bands}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
