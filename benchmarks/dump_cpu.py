"""Cleaning CPU per dump, median per document: `clean_dump` alone, as the clean stage runs it.

Corpora: the WCXB pages' text and markdown dumps (rendered once into `--cache`, outside the
repo) and the BBC News text files. Each document is cleaned `--repeats` times (after one
warm-up pass that fills the chrome rules' memo as a long run would) and its CPU time is the
median of those; the figure is the median over documents. Compare two versions by running
this with each on PYTHONPATH in turn (A B A B ...), the other version checked out beside
the repo (`git worktree add ../wirehouse-before REV`), e.g.
    PYTHONPATH=../wirehouse-before .venv/bin/python benchmarks/dump_cpu.py --cache /tmp/wcxb-render
    PYTHONPATH=.                   .venv/bin/python benchmarks/dump_cpu.py --cache /tmp/wcxb-render
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def corpora(cache: Path | None, pages: int) -> dict[str, list[tuple[str, str]]]:
    from benchmarks import wcxb

    found: dict[str, list[tuple[str, str]]] = {"wcxb text": [], "wcxb markdown": [], "bbc": []}
    for page in wcxb.pages("all", pages):
        forms = wcxb.render(page, cache)
        found["wcxb text"].append(("text", forms["text"]))
        found["wcxb markdown"].append(("markdown", forms["markdown"]))
    bbc = sorted((DATA / "bbc-news").rglob("*.txt"))[: pages * 3 or None]
    found["bbc"] = [
        ("text", p.read_bytes().decode("utf-8", errors="replace"))
        for p in bbc
        if p.name != "README.TXT"
    ]
    return found


def median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="directory (outside the repo) for dumps")
    parser.add_argument("--pages", type=int, default=200, help="WCXB pages (0: all 711)")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not (DATA / "wcxb-dev-articles").exists():
        print(f"skip: {DATA} is absent (shared data sets exist in CI, not in a user's clone)")
        return 0
    sys.path.append(str(ROOT))  # PYTHONPATH first: it picks the cleaner version to measure
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
    from transforms.dumps import clean_dump

    for name, docs in corpora(args.cache, args.pages).items():
        for fmt, text in docs:  # warm-up
            clean_dump(text, fmt)
        per_doc = []
        for fmt, text in docs:
            times = []
            for _ in range(args.repeats):
                started = time.process_time()
                clean_dump(text, fmt)
                times.append(time.process_time() - started)
            per_doc.append(median(times))
        print(f"{name}: {len(docs)} docs, median {median(per_doc) * 1000:.2f} ms/doc CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
