"""Main-text extraction on trafilatura's English evaluation pages, as HTML and as dumps.

Each of the 169 pages of ../shared/data/trafilatura-eval-en is scored in three forms: the HTML
as published, a text dump rendered with inscriptis and a markdown dump rendered with
html2text (what a "save page as text" tool prints: menus, footers and all). Three systems
read each form:

- wirehouse: the real cleaning functions (`transforms.clean.clean_document`), title + body;
- trafilatura alone: `trafilatura.bare_extraction` (title + text, default settings); a dump
  is fed to it wrapped minimally as HTML: one <p> per line of a text dump, one <p> per
  blank-line-separated block of a markdown dump (html2text wraps its paragraphs);
- jusText alone: `justext.justext` with the English stoplist, non-boilerplate paragraphs; on
  HTML the page itself, on a dump the same wrapping.

A "with" snippet is kept when its normalised text (casefolded letters and digits, one space
between words) occurs in the normalised output as whole words, except at a side where the
snippet was cut inside a word of the page (`snippet_probe`); a "without" snippet is removed
when it does not occur. The eval set has no full gold bodies, so the 4-shingle figures use
the snippets as gold: recall is the share of the "with" snippets' word 4-shingles found in the
output, precision the share of found snippet shingles that come from "with" snippets
(trafilatura's own benchmark scores snippet counts the same way; its P/R/F1 on snippets is
printed too).

Pages are split by a hash of their file name into a development half and a held-out half;
the figures are printed for all pages and for each half. Run:
    .venv/bin/python benchmarks/extraction.py [--pages N] [--forms text,markdown]
        [--systems wirehouse] [--cache /tmp/extraction-dumps] [--misses]
(`--cache` keeps the rendered dumps in a directory outside the repo, so iterating on the
dump rules skips html2text and inscriptis; the forms and systems flags skip the rest;
`--misses` lists the development half's dropped "with" snippets beside their dump lines.)
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
EVAL = DATA / "trafilatura-eval-en"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FORMS = ("html", "text", "markdown")
SYSTEMS = ("wirehouse", "trafilatura", "justext")

_WORD = re.compile(r"\w+")


def normalise(text: str) -> str:
    """Casefolded words joined by one space: markup, quotes and spacing do not matter."""
    return " ".join(_WORD.findall(unicodedata.normalize("NFKC", text).casefold()))


def snippet_probe(snippet: str, page: str) -> str:
    """The normalised snippet, padded with a space on each side where it starts or ends on a
    word boundary of the page.

    The eval set's snippets were cut from the page by hand, some inside a word ("ried in a
    mass grave" of "buried"). trafilatura's own evaluation matches them as plain substrings;
    padding both sides would make such a snippet unmatchable by any system, and padding
    neither would let "PA" match inside "paper". So a side is padded unless the page itself
    shows the cut there.
    """
    core = normalise(snippet)
    text = f" {page} "
    if not page or f" {core} " in text or core not in text:
        return f" {core} "
    left = " " if f" {core}" in text else ""
    right = " " if f"{core} " in text else ""
    return f"{left}{core}{right}"


def shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    words = normalise(text).split()
    return {tuple(words[i : i + size]) for i in range(max(0, len(words) - size + 1))}


@dataclass
class Score:
    kept: int = 0
    with_total: int = 0
    removed: int = 0
    without_total: int = 0
    shingle_tp: int = 0
    shingle_fp: int = 0
    shingle_gold: int = 0
    failures: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, output: str, keep: list[str], drop: list[str], page: str = "") -> None:
        """Score one output; `page` is the page's normalised text, which tells where a
        snippet was cut inside a word (see `snippet_probe`)."""
        padded = f" {normalise(output)} "
        for snippet in keep:
            self.with_total += 1
            self.kept += snippet_probe(snippet, page) in padded
        for snippet in drop:
            self.without_total += 1
            self.removed += snippet_probe(snippet, page) not in padded
        out = shingles(output)
        gold = set().union(*(shingles(s) for s in keep)) if keep else set()
        noise = set().union(*(shingles(s) for s in drop)) if drop else set()
        self.shingle_gold += len(gold)
        self.shingle_tp += len(gold & out)
        self.shingle_fp += len((noise - gold) & out)

    def merge(self, other: Score) -> None:
        for name in ("kept", "with_total", "removed", "without_total", "shingle_tp"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.shingle_fp += other.shingle_fp
        self.shingle_gold += other.shingle_gold
        self.failures += other.failures
        self.seconds += other.seconds

    def rates(self) -> tuple[float, float, float]:
        kept = self.kept / max(1, self.with_total)
        removed = self.removed / max(1, self.without_total)
        return kept, removed, (kept + removed) / 2

    def snippet_prf(self) -> tuple[float, float, float]:
        tp, fp = self.kept, self.without_total - self.removed
        return _prf(tp, fp, self.with_total)

    def shingle_prf(self) -> tuple[float, float, float]:
        return _prf(self.shingle_tp, self.shingle_fp, self.shingle_gold)


def _prf(tp: int, fp: int, gold: int) -> tuple[float, float, float]:
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, gold)
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def render_dumps(page: str) -> dict[str, str]:
    import html2text
    from inscriptis import get_text

    converter = html2text.HTML2Text()
    converter.body_width = 78  # html2text's default wrapping, as saved markdown dumps have
    return {"html": page, "text": get_text(page), "markdown": converter.handle(page)}


_CACHE: Path | None = None  # --cache: rendered dumps kept between runs (a temp dir)


def page_forms(entry: dict) -> dict[str, str]:
    """The page and its two dumps; rendered once per page when a cache directory is set."""
    cached = _CACHE / f"{entry['file']}.json" if _CACHE else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    page = (EVAL / "html" / entry["file"]).read_bytes().decode("utf-8", errors="replace")
    forms = render_dumps(page)
    if cached:
        cached.write_text(json.dumps(forms), encoding="utf-8")
    return forms


def wrap_lines(dump: str, form: str) -> str:
    """A dump as minimal HTML for the HTML-only baselines: one <p> per line of a text dump, one
    per blank-line-separated block of a markdown dump (html2text wraps paragraphs at 78)."""
    if form == "markdown":
        blocks = [" ".join(b.split()) for b in re.split(r"\n\s*\n", dump)]
    else:
        blocks = [line.strip() for line in dump.splitlines()]
    body = "".join(f"<p>{html.escape(b)}</p>" for b in blocks if b)
    return f"<html><body>{body}</body></html>"


def run_wirehouse(form: str, content: str) -> str:
    from transforms.clean import clean_document
    from transforms.records import Rejection

    data = content.encode("utf-8")
    doc = clean_document(f"page.{form}", hashlib.sha256(data).hexdigest(), data, form)
    if isinstance(doc, Rejection):
        return ""
    return "\n".join([doc.title or "", *doc.paragraphs])


def run_trafilatura(form: str, content: str) -> str:
    import trafilatura

    page = content if form == "html" else wrap_lines(content, form)
    result = trafilatura.bare_extraction(page, with_metadata=True)
    if result is None:
        return ""
    return "\n".join([result.title or "", result.text or ""])


_STOPLIST: frozenset[str] | None = None


def run_justext(form: str, content: str) -> str:
    import justext

    global _STOPLIST
    if _STOPLIST is None:
        _STOPLIST = frozenset(justext.get_stoplist("English"))
    page = content if form == "html" else wrap_lines(content, form)
    if not page.strip():
        return ""
    paragraphs = justext.justext(page.encode("utf-8"), _STOPLIST, encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


RUNNERS: dict[str, Callable[[str, str], str]] = {
    "wirehouse": run_wirehouse,
    "trafilatura": run_trafilatura,
    "justext": run_justext,
}


def held_out(name: str) -> bool:
    """A stable half of the pages, never looked at while tuning the dump rules."""
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 1


def score_pages(
    entries: list[dict], forms: tuple[str, ...] = FORMS, systems: tuple[str, ...] = SYSTEMS
) -> dict[tuple[str, str, str], Score]:
    scores: dict[tuple[str, str, str], Score] = {}
    for entry in entries:
        half = "held-out" if held_out(entry["file"]) else "dev"
        rendered = page_forms(entry)
        page = normalise(rendered["text"])
        for form, content in rendered.items():
            if form not in forms:
                continue
            for system in systems:
                runner = RUNNERS[system]
                one = Score()
                started = time.perf_counter()
                try:
                    output = runner(form, content)
                except Exception:  # a baseline that crashes on a page scores an empty output
                    output = ""
                    one.failures = 1
                one.seconds.append(time.perf_counter() - started)
                one.add(output, entry.get("with", []), entry.get("without", []), page)
                for key in ((form, system, "all"), (form, system, half)):
                    scores.setdefault(key, Score()).merge(one)
    return scores


def print_table(
    scores: dict[tuple[str, str, str], Score],
    split: str,
    forms: tuple[str, ...] = FORMS,
    systems: tuple[str, ...] = SYSTEMS,
) -> None:
    print(f"\n## Snippets, {split} pages")
    print(
        "| form | system | with kept | without removed | mean | snippet P/R/F1 "
        "| 4-shingle P/R/F1 | median ms | failures |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for form in forms:
        for system in systems:
            score = scores[(form, system, split)]
            kept, removed, mean = score.rates()
            sp, sr, sf = score.snippet_prf()
            hp, hr, hf = score.shingle_prf()
            median = sorted(score.seconds)[len(score.seconds) // 2] * 1000
            print(
                f"| {form} | {system} | {kept:.3f} ({score.kept}/{score.with_total}) "
                f"| {removed:.3f} ({score.removed}/{score.without_total}) | {mean:.3f} "
                f"| {sp:.3f}/{sr:.3f}/{sf:.3f} | {hp:.3f}/{hr:.3f}/{hf:.3f} "
                f"| {median:.0f} | {score.failures} |"
            )


def print_misses(entries: list[dict], forms: tuple[str, ...]) -> None:
    """The "with" snippets wirehouse drops on the development half (the held-out half stays
    unseen), each with the dump line that holds it: where to look before writing a rule."""
    print("\n## Kept-misses of wirehouse, dev pages")
    for entry in entries:
        if held_out(entry["file"]):
            continue
        rendered = page_forms(entry)
        page = normalise(rendered["text"])
        for form in (f for f in forms if f != "html"):
            found = f" {normalise(run_wirehouse(form, rendered[form]))} "
            lines = rendered[form].splitlines()
            for snippet in entry.get("with", []):
                if snippet_probe(snippet, page) in found:
                    continue
                wanted = normalise(snippet)
                where = next((i for i, line in enumerate(lines) if wanted in normalise(line)), None)
                place = (
                    f"line {where + 1}/{len(lines)}: {lines[where].strip()[:80]!r}"
                    if where is not None
                    else "not on one line of the dump"
                )
                print(f"- {form} {entry['file']}: {snippet[:60]!r} ({place})")


def gold_metadata(page: str) -> dict[str, str | None]:
    """Title, date and author as the page's own meta tags state them (og:, article:, name=)."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(page.encode("utf-8"))

    def meta(*names: str) -> str | None:
        for name in names:
            for attr in ("property", "name", "itemprop"):
                found = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
                if found and found[0].strip():
                    return found[0].strip()
        return None

    date = meta("article:published_time", "datePublished", "pubdate", "date", "dc.date")
    return {
        "title": meta("og:title", "twitter:title"),
        "date": date[:10] if date and re.match(r"\d{4}-\d\d-\d\d", date) else None,
        "author": meta("author", "article:author", "dc.creator"),
    }


def extracted_metadata(form: str, content: str) -> dict[str, str | None]:
    from transforms.clean import clean_document
    from transforms.records import Rejection

    data = content.encode("utf-8")
    doc = clean_document(f"page.{form}", hashlib.sha256(data).hexdigest(), data, form)
    if isinstance(doc, Rejection):
        return {"title": None, "date": None, "author": None}
    day = doc.date.to_date() if doc.date.precision == "day" else None
    return {"title": doc.title, "date": day.isoformat() if day else None, "author": doc.author}


def metadata_matches(field_name: str, gold: str, found: str | None) -> bool:
    if not found:
        return False
    if field_name == "date":
        return gold == found
    gold_n, found_n = normalise(gold), normalise(found)
    if field_name == "title":  # sites append " | Site" to og:title or to the headline
        return gold_n == found_n or gold_n.startswith(found_n) or found_n.startswith(gold_n)
    return bool(set(gold_n.split()) & set(found_n.split()))  # any author name word


def print_metadata(entries: list[dict]) -> None:
    counts: dict[tuple[str, str, str], list[int]] = {}
    for entry in entries:
        rendered = page_forms(entry)
        gold = gold_metadata(rendered["html"])
        half = "held-out" if held_out(entry["file"]) else "dev"
        for form, content in rendered.items():
            found = extracted_metadata(form, content)
            for name, value in gold.items():
                if value:
                    for split in ("all", half):
                        hit = counts.setdefault((form, name, split), [0, 0])
                        hit[0] += metadata_matches(name, value, found[name])
                        hit[1] += 1
    print("\n## Metadata on eval pages whose meta tags state it (og:title, published_time, author)")
    print("| form | pages | title | date (day) | author |")
    print("|---|---|---|---|---|")
    for form in FORMS:
        for split in ("all", "dev", "held-out"):
            cells = []
            for name in ("title", "date", "author"):
                right, total = counts.get((form, name, split), [0, 0])
                cells.append(f"{right / max(1, total):.3f} ({right}/{total})")
            print(f"| {form} | {split} | " + " | ".join(cells) + " |")


def print_dump_speed(entries: list[dict], repeats: int = 3) -> None:
    """Docs/s of the dump cleaner alone, as the flow runs it (clean_document on the bytes)."""
    from transforms.clean import clean_document

    dumps = []
    for entry in entries:
        rendered = page_forms(entry)
        dumps += [(form, rendered[form].encode("utf-8")) for form in ("text", "markdown")]
    rates = []
    for _ in range(repeats):
        started = time.process_time()
        for form, data in dumps:
            clean_document(f"page.{form}", hashlib.sha256(data).hexdigest(), data, form)
        rates.append(len(dumps) / max(1e-9, time.process_time() - started))
    median = sorted(rates)[len(rates) // 2]
    print(
        f"\nDump cleaning, {len(dumps)} text and markdown dumps: {median:.1f} docs/s per core "
        f"(CPU time, median of {repeats} passes: {', '.join(f'{r:.1f}' for r in rates)})"
    )


def print_seed_metadata() -> None:
    """The samples' title, author and date (before load-time event inference), as
    tests/transforms/test_clean.py pins them."""
    from transforms.clean import clean_document
    from transforms.records import Rejection

    expected = {
        "000": (
            "Kerry: 'Productive' Talks With Russian Foreign Minister in Moscow",
            "Anastasia Bazenkova",
            "2016-03-24",
        ),
        "001": (
            "Remarks With Russian Foreign Minister Sergey Lavrov Before Their Meeting",
            "John Kerry",
            "2016-07-15",
        ),
        "002": ("Lavrov will hold talks with Kerry in Moscow", None, "2015-12-15"),
        "003": ("Putin, Kerry hold “constructive” meeting in Moscow", None, "2016-03-25"),
        "004": ("Kerry, Lavrov Hold Moscow Talks", None, None),  # the year comes from the event
    }
    right = total = 0
    for path in sorted(SEEDS.glob("*")):
        data = path.read_bytes()
        fmt = "markdown" if path.suffix == ".md" else "text"
        doc = clean_document(path.name, hashlib.sha256(data).hexdigest(), data, fmt)
        total += 3
        if isinstance(doc, Rejection):
            continue
        day = doc.date.to_date()
        found = (doc.title, doc.author, day.isoformat() if day else None)
        right += sum(a == b for a, b in zip(found, expected[path.name[:3]], strict=True))
    print(f"\nSeed metadata (title, author, date): {right}/{total} = {right / total:.0%}")


def main() -> int:
    global _CACHE
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=0, help="only the first N pages (0: all)")
    parser.add_argument(
        "--forms", default=",".join(FORMS), help="comma-separated forms to score (html,text,...)"
    )
    parser.add_argument(
        "--systems", default=",".join(SYSTEMS), help="comma-separated systems to score"
    )
    parser.add_argument(
        "--cache", type=Path, help="directory (outside the repo) keeping rendered dumps"
    )
    parser.add_argument(
        "--misses", action="store_true", help="print the dev half's kept-misses on dumps"
    )
    args = parser.parse_args()
    forms = tuple(f for f in FORMS if f in args.forms.split(","))
    systems = tuple(s for s in SYSTEMS if s in args.systems.split(","))
    if not EVAL.exists():
        print(f"skip: {EVAL} is absent (shared data sets exist in CI, not in a user's clone)")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    entries = list(json.loads((EVAL / "evaldata.json").read_text(encoding="utf-8")).values())
    entries.sort(key=lambda e: e["file"])
    if args.pages:
        entries = entries[: args.pages]
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
        _CACHE = args.cache
    started = time.perf_counter()
    scores = score_pages(entries, forms, systems)
    for split in ("all", "dev", "held-out"):
        print_table(scores, split, forms, systems)
    if args.misses:
        print_misses(entries, forms)
    print_metadata(entries)
    print_seed_metadata()
    print_dump_speed(entries)
    print(f"\n{len(entries)} pages in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
