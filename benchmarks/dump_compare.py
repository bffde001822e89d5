"""Do-no-harm check of a dump cleaner change: paragraphs another version kept that this one loses.

Two steps, each run with the cleaner version to measure on the path (the version before
checked out beside the repo: `git worktree add ../wirehouse-before REV`):
    PYTHONPATH=../wirehouse-before .venv/bin/python benchmarks/dump_compare.py run --out b.json
    PYTHONPATH=.                   .venv/bin/python benchmarks/dump_compare.py run --out a.json
    .venv/bin/python benchmarks/dump_compare.py diff b.json a.json
`run` cleans every BBC News file (../shared/data/bbc-news, 2,225 text files) and every ECB+
file (ecbplus-dev) as text dumps and writes each file's title, paragraphs, date and CPU time;
`diff` prints, per data set, the paragraphs of the first run that the second loses (a
paragraph counts as kept when its words appear, in order, in the second run's body or title),
the lines the second run keeps that the first dropped, title changes, and the median cleaning
CPU per document of each run. A paragraph the second run took as the document's byline or date
line (its `dropped` reason is 'byline' or 'date_line': the author or the date holds it) is
counted apart, as moved to the metadata, not as lost; each is listed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SETS = {"bbc": DATA / "bbc-news", "ecbplus": DATA / "ecbplus-dev"}
_TOKEN = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.casefold()))


def files(name: str) -> list[Path]:
    folder = SETS[name]
    return sorted(p for p in folder.rglob("*.txt") if p.name != "README.TXT")


def run(out: Path, sets: list[str]) -> None:
    from transforms.dumps import clean_dump
    from transforms.records import Rejection

    results: dict[str, dict] = {}
    for name in sets:
        for path in files(name):
            text = path.read_bytes().decode("utf-8", errors="replace")
            started = time.process_time()
            article = clean_dump(text, "text")
            seconds = time.process_time() - started
            key = f"{name}/{path.relative_to(SETS[name])}"
            if isinstance(article, Rejection):
                results[key] = {"rejected": article.code, "cpu": seconds}
                continue
            results[key] = {
                "title": article.title,
                "paragraphs": article.paragraphs,
                "date": [article.date.year, article.date.month, article.date.day],
                "date_source": article.date_source,
                "author": article.author,
                # lines taken as the byline or the date line: the metadata holds what they say
                "held": [
                    d.text
                    for d in getattr(article, "dropped", [])
                    if d.reason in ("byline", "date_line")
                ],
                "cpu": seconds,
            }
    out.write_text(json.dumps(results), encoding="utf-8")
    print(f"{len(results)} files -> {out}")


def diff(before_path: Path, after_path: Path, show: int) -> int:
    before = json.loads(before_path.read_text(encoding="utf-8"))
    after = json.loads(after_path.read_text(encoding="utf-8"))
    lost_total = 0
    for name in SETS:
        keys = sorted(k for k in before if k.startswith(name + "/"))
        if not keys:
            continue
        lost: list[str] = []
        held: list[str] = []
        gained: list[str] = []
        titles = paragraphs = 0
        cpu_before, cpu_after = [], []
        for key in keys:
            a, b = before[key], after.get(key, {})
            cpu_before.append(a["cpu"])
            cpu_after.append(b.get("cpu", 0.0))
            kept_after = (
                " "
                + " ".join(_norm(p) for p in [b.get("title") or "", *b.get("paragraphs", [])])
                + " "
            )
            kept_before = (
                " "
                + " ".join(_norm(p) for p in [a.get("title") or "", *a.get("paragraphs", [])])
                + " "
            )
            in_metadata = {_norm(line) for line in b.get("held", [])}
            for paragraph in a.get("paragraphs", []):
                paragraphs += 1
                words = _norm(paragraph)
                if words and f" {words} " not in kept_after:
                    found = held if words in in_metadata else lost
                    found.append(f"{key}: {paragraph[:100]!r}")
            for paragraph in b.get("paragraphs", []):
                words = _norm(paragraph)
                if words and f" {words} " not in kept_before:
                    gained.append(f"{key}: {paragraph[:100]!r}")
            titles += a.get("title") != b.get("title")
        lost_total += len(lost)
        print(
            f"## {name}: {len(keys)} files, {paragraphs} paragraphs kept before; "
            f"lost after: {len(lost)}; moved to the byline or date: {len(held)}; "
            f"kept after, dropped before: {len(gained)}; "
            f"titles changed: {titles}"
        )
        print(
            f"median CPU ms/doc: before {_median(cpu_before) * 1000:.2f}, "
            f"after {_median(cpu_after) * 1000:.2f}"
        )
        for line in lost[:show]:
            print(f"- lost {line}")
        for line in held[:show]:
            print(f"= held {line}")
        for line in gained[:show]:
            print(f"+ kept {line}")
    return 1 if lost_total else 0


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run")
    one.add_argument("--out", type=Path, required=True)
    one.add_argument("--sets", default="bbc,ecbplus")
    two = sub.add_parser("diff")
    two.add_argument("before", type=Path)
    two.add_argument("after", type=Path)
    two.add_argument("--show", type=int, default=20)
    args = parser.parse_args()
    if not all(folder.exists() for folder in SETS.values()):
        print(f"skip: {DATA} lacks bbc-news or ecbplus-dev (shared data sets exist in CI only)")
        return 0
    sys.path.append(str(ROOT))  # PYTHONPATH first: it picks the cleaner version to measure
    if args.command == "run":
        run(args.out, args.sets.split(","))
        return 0
    return diff(args.before, args.after, args.show)


if __name__ == "__main__":
    sys.exit(main())
