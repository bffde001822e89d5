"""Dump cleaning against trafilatura on WCXB article pages: body word-F1 and metadata.

Each page of ../shared/data/wcxb-dev-articles (711 real article pages of 2025 with a gold body,
title, author and publication day) is read three ways:

- its text dump (inscriptis) and markdown dump (html2text, wrapped at 78 columns) through the
  wirehouse dump cleaner (`transforms.dumps.clean_dump`);
- its HTML through wirehouse (`transforms.extract.extract_html`: trafilatura, then chrome rules);
- its HTML through bare trafilatura (`trafilatura.bare_extraction`, default settings).

Body word-F1 is WCXB's metric: lower-cased `\\w+` tokens of the body (title excluded) against
the gold `main_content`, multiset overlap, averaged over pages. Title, author and publication
day are right when they match the gold fields (`field_right`). The split is fixed for the whole
project: a page with file id NNNN is held out when sha256("NNNN")[0] is odd, else development;
the line model is calibrated on the development half only, so the held-out half is what this
prints by default. Run:
    .venv/bin/python benchmarks/wcxb.py [--split held-out|dev|all] [--pages N]
        [--cache /tmp/wcxb-render] [--systems dumps,html,trafilatura]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WCXB = ROOT.parent / "shared" / "data" / "wcxb-dev-articles"
FIELDS = ("title", "author", "date")
_TOKEN = re.compile(r"\w+")
_AUTHOR_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b|\|)\s*", re.IGNORECASE)


def held_out(file_id: str) -> bool:
    """The project's fixed split: odd first byte of sha256(file id) is held out."""
    return hashlib.sha256(file_id.encode()).digest()[0] % 2 == 1


@dataclass(frozen=True, slots=True)
class Page:
    file_id: str
    html: str
    body: str
    title: str | None
    author: str | None
    date: str | None  # ISO day


def pages(split: str = "held-out", limit: int = 0) -> Iterator[Page]:
    """The article pages of one half ('held-out', 'dev' or 'all') that have a gold body."""
    count = 0
    for path in sorted((WCXB / "ground-truth").glob("*.json")):
        file_id = path.stem
        if split != "all" and held_out(file_id) != (split == "held-out"):
            continue
        gold = json.loads(path.read_text(encoding="utf-8"))["ground_truth"]
        if not gold.get("main_content"):
            continue
        raw = gzip.decompress((WCXB / "html" / f"{file_id}.html.gz").read_bytes())
        yield Page(
            file_id,
            raw.decode("utf-8", errors="replace"),
            gold["main_content"],
            gold.get("title") or None,
            gold.get("author") or None,
            (gold.get("publish_date") or "")[:10] or None,
        )
        count += 1
        if limit and count >= limit:
            return


def render(page: Page, cache: Path | None = None) -> dict[str, str]:
    """The page's text dump (inscriptis) and markdown dump (html2text at 78 columns), as
    benchmarks/extraction.py renders them; kept in `cache` (outside the repo) when given."""
    cached = cache / f"{page.file_id}.json" if cache else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    import html2text
    from inscriptis import get_text

    converter = html2text.HTML2Text()
    converter.body_width = 78
    forms = {"text": get_text(page.html), "markdown": converter.handle(page.html)}
    if cached:
        cached.write_text(json.dumps(forms), encoding="utf-8")
    return forms


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def word_f1(found: str, gold: str) -> float:
    """WCXB's metric: F1 of lower-cased `\\w+` tokens, multiset overlap."""
    a, b = Counter(tokens(found)), Counter(tokens(gold))
    overlap = sum((a & b).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(a.values()), overlap / sum(b.values())
    return 2 * precision * recall / (precision + recall)


def _words(text: str) -> list[str]:
    return tokens(text)


def field_right(name: str, gold: str, found: str | None) -> bool:
    """Whether an extracted field matches the gold one.

    title: the same words, or one a prefix of the other covering 60 %+ of it (" | Site"
    suffixes); author: the gold's first author's name words all in the found name, or the
    found name (2+ words) inside the gold; date: the same ISO day.
    """
    if not found:
        return False
    if name == "date":
        return gold == found
    g, f = _words(gold), _words(found)
    if not g or not f:
        return False
    if name == "title":
        short, long = sorted((g, f), key=len)
        return long[: len(short)] == short and len(short) >= 0.6 * len(long)
    first = next((p for p in _AUTHOR_SPLIT.split(gold) if _words(p)), gold)
    first_words = _words(first)
    if set(first_words) <= set(f):
        return True
    joined = " " + " ".join(g) + " "
    return len(f) >= 2 and f" {' '.join(f)} " in joined


@dataclass
class Tally:
    f1: list[float] = field(default_factory=list)
    right: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    seconds: list[float] = field(default_factory=list)

    def add(self, page: Page, body: str, meta: dict[str, str | None]) -> None:
        self.f1.append(word_f1(body, page.body))
        gold = {"title": page.title, "author": page.author, "date": page.date}
        for name in FIELDS:
            if gold[name]:
                self.total[name] += 1
                self.right[name] += field_right(name, gold[name], meta.get(name))

    def f1_mean(self) -> float:
        return sum(self.f1) / max(1, len(self.f1))

    def accuracy(self, name: str) -> float:
        return self.right[name] / max(1, self.total[name])


def run_dump(fmt: str, dump: str) -> tuple[str, dict[str, str | None]]:
    """Body and metadata of a dump through the wirehouse dump cleaner."""
    from transforms.dumps import clean_dump
    from transforms.records import Rejection

    article = clean_dump(dump, fmt)
    if isinstance(article, Rejection):
        return "", {}
    return "\n\n".join(article.paragraphs), _meta(article)


def run_html(html: str) -> tuple[str, dict[str, str | None]]:
    """Body and metadata of a page through wirehouse's HTML path."""
    from transforms.extract import extract_html
    from transforms.records import Rejection

    article = extract_html(html, "page.html")
    if isinstance(article, Rejection):
        return "", {}
    return "\n\n".join(article.paragraphs), _meta(article)


def run_trafilatura(html: str) -> tuple[str, dict[str, str | None]]:
    """Body and metadata of a page through bare trafilatura (default settings)."""
    import trafilatura

    result = trafilatura.bare_extraction(html, with_metadata=True)
    if result is None:
        return "", {}
    return result.text or "", {
        "title": result.title,
        "author": result.author,
        "date": (result.date or "")[:10] or None,
    }


def _meta(article) -> dict[str, str | None]:
    day = article.date.to_date() if article.date.precision == "day" else None
    return {
        "title": article.title,
        "author": article.author,
        "date": day.isoformat() if day else None,
    }


def evaluate(
    split: str, limit: int = 0, cache: Path | None = None, systems: tuple[str, ...] = ()
) -> dict[str, Tally]:
    systems = systems or ("dumps", "html", "trafilatura")
    tallies: dict[str, Tally] = {}
    for page in pages(split, limit):
        runs: dict[str, tuple[str, str]] = {}
        if "dumps" in systems:
            forms = render(page, cache)
            runs["text dump"] = ("text", forms["text"])
            runs["markdown dump"] = ("markdown", forms["markdown"])
        if "html" in systems:
            runs["html wirehouse"] = ("html", page.html)
        if "trafilatura" in systems:
            runs["html trafilatura"] = ("trafilatura", page.html)
        for name, (kind, content) in runs.items():
            started = time.process_time()
            try:
                if kind == "html":
                    body, meta = run_html(content)
                elif kind == "trafilatura":
                    body, meta = run_trafilatura(content)
                else:
                    body, meta = run_dump(kind, content)
            except Exception as error:  # a crash on one page scores an empty output
                print(f"{name} {page.file_id}: {error!r}", file=sys.stderr)
                body, meta = "", {}
            tally = tallies.setdefault(name, Tally())
            tally.seconds.append(time.process_time() - started)
            tally.add(page, body, meta)
    return tallies


def print_report(tallies: dict[str, Tally], split: str) -> None:
    base = tallies.get("html trafilatura")
    print(f"\n## WCXB {split} half: body word-F1 and metadata accuracy")
    print("| system | pages | body F1 | title | author | day | median CPU ms |")
    print("|---|---|---|---|---|---|---|")
    for name, tally in tallies.items():
        cells = [f"{tally.f1_mean():.3f}"]
        for key in FIELDS:
            cells.append(f"{tally.accuracy(key):.3f} ({tally.right[key]}/{tally.total[key]})")
        median = sorted(tally.seconds)[len(tally.seconds) // 2] * 1000
        print(f"| {name} | {len(tally.f1)} | " + " | ".join(cells) + f" | {median:.1f} |")
    if base:
        print("\nGaps to trafilatura on the same pages' HTML (system - trafilatura):")
        for name, tally in tallies.items():
            if tally is base:
                continue
            gaps = [f"body F1 {tally.f1_mean() - base.f1_mean():+.3f}"]
            gaps += [f"{key} {tally.accuracy(key) - base.accuracy(key):+.3f}" for key in FIELDS]
            print(f"- {name}: " + ", ".join(gaps))


def ready(cache: Path | None = None) -> bool:
    """Whether the WCXB pages are here (else says so: the shared data sets exist in CI, not in
    a user's clone), with the cache folder made when one is given."""
    if not WCXB.exists():
        print(f"skip: {WCXB} is absent (shared data sets exist in CI, not in a user's clone)")
        return False
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="held-out", choices=("held-out", "dev", "all"))
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (0: all)")
    parser.add_argument("--cache", type=Path, help="directory (outside the repo) for dumps")
    parser.add_argument("--systems", default="dumps,html,trafilatura")
    args = parser.parse_args()
    if not ready(args.cache):
        return 0
    sys.path.append(str(ROOT))  # PYTHONPATH first: another checkout on it is scored
    started = time.perf_counter()
    tallies = evaluate(args.split, args.pages, args.cache, tuple(args.systems.split(",")))
    print_report(tallies, args.split)
    print(f"\n{len(next(iter(tallies.values())).f1)} pages in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
