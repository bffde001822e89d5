"""Where the HTML path could still gain: candidate extractions of WCXB pages, ways to combine them.

Each page of one WCXB half (../shared/data/wcxb-dev-articles, the project's fixed split) is
extracted by seven candidates over one parsed tree, each cleaned as `extract_html` cleans
trafilatura's text (normalisation, chrome rules; no site templates):

- trafilatura `default` (with its readability/jusText fallback), `recall`, `precision` and
  `fast` (no fallback) modes; its `baseline`; `readability` (trafilatura's readability-lxml
  port, sanitised as trafilatura does); `justext` (trafilatura's jusText call).

Printed, as body word-F1 (benchmarks/wcxb.py's metric) averaged over the half's pages:

- each candidate alone, and `wirehouse` (default, or recall when it extends default: the
  recall rescue of transforms/extract.py);
- the per-page oracle over the candidates, and the paragraph-drop oracle (wirehouse's
  paragraphs less those with under half of their word 3-grams in the gold body);
- two rule families over wirehouse and one other candidate, best setting per candidate:
  `grow` (switch when the candidate keeps `cover` of wirehouse's words and is at most
  `ratio` times longer) and `shrink` (switch when wirehouse keeps `cover` of the candidate's
  words and the candidate is `lo`-`hi` of wirehouse's length);
- with `--learn`, a paragraph-drop classifier (gradient boosting over each paragraph's cover
  by the other candidates, length, stop-word share, position, punctuation), five-fold
  cross-validated by page, at several thresholds;
- the median CPU ms per page of each candidate.

Fit on the development half only; the held-out half is for checkpoints. Run:
    .venv/bin/python benchmarks/html_candidates.py [--split dev|held-out] [--pages N]
        [--cache /tmp/html-candidates] [--learn]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections import Counter
from copy import deepcopy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMES = ("default", "recall", "precision", "fast", "baseline", "readability", "justext")


def candidates(html: str) -> dict:
    """Each candidate's cleaned paragraphs and CPU seconds for one page."""
    import trafilatura
    from trafilatura.baseline import baseline, basic_cleaning
    from trafilatura.external import sanitize_tree, try_justext, try_readability
    from trafilatura.settings import Extractor, set_date_params
    from trafilatura.utils import load_html
    from trafilatura.xml import xmltotxt

    from transforms import extract

    config = extract.ExtractConfig()
    if extract.nesting_depth(html) > config.max_depth:
        html = extract._LAYOUT_TAG.sub(" ", html)
    tree = load_html(html)
    settings = extract._trafilatura_settings(config.max_tree_size)
    options = {"include_comments": False, "include_tables": True, "config": settings}
    options["output_format"] = "python"
    modes = {"default": {}, "recall": {"favor_recall": True}}
    modes |= {"precision": {"favor_precision": True}, "fast": {"fast": True}}
    raw, seconds, author = {}, {}, None
    for name in NAMES:
        started = time.process_time()
        try:
            if name in modes:
                meta = {"with_metadata": True} if name == "default" else {}
                found = trafilatura.bare_extraction(
                    tree, date_extraction_params=set_date_params(False), **meta,
                    **modes[name], **options,
                )  # fmt: skip
                raw[name] = (found.text or "") if found else ""
                author = found.author if found and name == "default" else author
            elif name == "baseline":
                raw[name] = baseline(deepcopy(tree))[1]
            elif name == "readability":
                body, _ = sanitize_tree(try_readability(deepcopy(tree)), Extractor(tables=True))
                raw[name] = xmltotxt(body, False) or ""
            else:
                body = try_justext(basic_cleaning(deepcopy(tree)), None, None)
                raw[name] = "\n".join(p.text or "" for p in body)
        except Exception:  # a candidate that fails on a page offers nothing there
            raw[name] = ""
        seconds[name] = time.process_time() - started
    cleaned = {
        n: extract._cleaned(t, None, None, author)[1] if t.strip() else [] for n, t in raw.items()
    }
    return {"paragraphs": cleaned, "seconds": seconds}


def cached_candidates(file_id: str, html: str, cache: Path | None) -> dict:
    """candidates(html), read from or written to `cache` (a directory) when one is given."""
    cached = cache / f"{file_id}.json" if cache else None
    if cached and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    found = candidates(html)
    if cached:
        cached.write_text(json.dumps(found), encoding="utf-8")
    return found


def wirehouse(paragraphs: dict[str, list[str]]) -> list[str]:
    """extract_html's choice: recall's text when it extends default's."""
    from transforms.extract import ExtractConfig, extends

    default, recall = paragraphs["default"], paragraphs["recall"]
    return recall if extends(default, recall, ExtractConfig().recall_min_cover) else default


def bag(paragraphs: list[str]) -> Counter:
    from benchmarks.wcxb import tokens

    return Counter(tokens("\n\n".join(paragraphs)))


def grams(words: list[str]) -> set[tuple[str, ...]]:
    """Word 3-grams (shorter texts: the whole text as one gram)."""
    size = min(3, len(words))
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)} if size else set()


def all_grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for n in (1, 2, 3) for i in range(len(words) - n + 1)}


def share(part: set, whole: set) -> float:
    return len(part & whole) / len(part) if part else 0.0


def best_rule(rows: list[dict], name: str, kind: str) -> tuple[float, str, int]:
    """The best mean F1 over one rule family's grid, its setting and how many pages switch."""
    best = (0.0, "", 0)
    grid = [(c, a, b) for c in (0.8, 0.9, 0.95) for a in (1.2, 1.5, 2, 3, 100) for b in (0,)]
    if kind == "shrink":
        grid = [(c, a, b) for c in (0.95, 0.98) for a in (0.3, 0.5, 0.7) for b in (0.8, 0.9, 0.95)]
    for cover, a, b in grid:
        total, switched = 0.0, 0
        for row in rows:
            mine, theirs = row["bags"]["wirehouse"], row["bags"][name]
            n0, n1 = sum(mine.values()), sum(theirs.values())
            both = sum((mine & theirs).values())
            if kind == "grow":
                take = n0 and n0 < n1 <= a * n0 and both >= cover * n0
            else:
                take = n1 and a * n0 <= n1 <= b * n0 and both >= cover * n1
            total += row["f1"][name] if take else row["f1"]["wirehouse"]
            switched += bool(take)
        setting = f"cover {cover}, " + (f"ratio {a}" if kind == "grow" else f"{a}-{b}")
        best = max(best, (total / len(rows), setting, switched))
    return best


def learn_drops(rows: list[dict]) -> None:
    """Cross-validated paragraph-drop classifier over wirehouse's paragraphs."""
    import numpy as np
    from justext import get_stoplist
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    from benchmarks.wcxb import tokens, word_f1

    stop = set(get_stoplist("English"))
    features, labels, groups, texts = [], [], [], []
    for index, row in enumerate(rows):
        mine = row["paragraphs"]["wirehouse"]
        others = [all_grams(tokens("\n".join(row["paragraphs"][n]))) for n in NAMES]
        for position, paragraph in enumerate(mine):
            words = tokens(paragraph) or [""]
            own = grams(words)
            features.append(
                [share(own, other) for other in others]
                + [math.log1p(len(words)), sum(w in stop for w in words) / len(words)]
                + [position / len(mine), float(paragraph.rstrip()[-1:] in ".!?\"'")]
                + [float(paragraph.startswith("|")), math.log1p(len(mine))]
            )
            labels.append(share(own, row["gold_grams"]) >= 0.5)
            groups.append(index)
            texts.append(paragraph)
    x, y, g = np.array(features), np.array(labels), np.array(groups)
    probability = np.zeros(len(y))
    for train, test in GroupKFold(5).split(x, y, g):
        model = HistGradientBoostingClassifier(max_iter=200, learning_rate=0.05, max_leaf_nodes=15)
        probability[test] = model.fit(x[train], y[train]).predict_proba(x[test])[:, 1]
    for threshold in (0.05, 0.1, 0.2, 0.3, 0.5):
        total = 0.0
        for index, row in enumerate(rows):
            kept = [texts[i] for i in np.flatnonzero((g == index) & (probability >= threshold))]
            total += word_f1("\n\n".join(kept), row["gold"])
        dropped = int((probability < threshold).sum())
        print(f"- drop below {threshold}: {total / len(rows):.4f} ({dropped} paragraphs dropped)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "held-out"))
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--cache", type=Path, help="directory (outside the repo) for candidates")
    parser.add_argument("--learn", action="store_true")
    args = parser.parse_args()
    sys.path.append(str(ROOT))
    from benchmarks import wcxb

    if not wcxb.ready(args.cache):
        return 0
    rows = []
    for page in wcxb.pages(args.split, args.pages):
        found = cached_candidates(page.file_id, page.html, args.cache)
        paragraphs = found["paragraphs"] | {"wirehouse": wirehouse(found["paragraphs"])}
        seconds = found["seconds"] | {"wirehouse": sum(found["seconds"][n] for n in NAMES[:2])}
        row = {"paragraphs": paragraphs, "seconds": seconds, "gold": page.body}
        row["bags"] = {n: bag(p) for n, p in paragraphs.items()}
        row["f1"] = {n: wcxb.word_f1("\n\n".join(p), page.body) for n, p in paragraphs.items()}
        row["gold_grams"] = all_grams(wcxb.tokens(page.body))
        rows.append(row)

    def mean(name: str) -> float:
        return sum(r["f1"][name] for r in rows) / len(rows)

    print(f"\n## WCXB {args.split} half, {len(rows)} pages: body word-F1")
    print("| candidate | F1 | median CPU ms |\n|---|---|---|")
    for name in ("wirehouse", *NAMES):
        spent = sorted(r["seconds"].get(name, 0.0) for r in rows)[len(rows) // 2] * 1000
        print(f"| {name} | {mean(name):.4f} | {spent:.1f} |")
    oracle = sum(max(r["f1"][n] for n in NAMES) for r in rows) / len(rows)
    drop_oracle = 0.0
    for row in rows:
        kept = [
            p
            for p in row["paragraphs"]["wirehouse"]
            if share(grams(wcxb.tokens(p)), row["gold_grams"]) >= 0.5
        ]
        drop_oracle += wcxb.word_f1("\n\n".join(kept), row["gold"]) / len(rows)
    print(f"\nper-page oracle over the candidates {oracle:.4f}")
    print(f"paragraph-drop oracle {drop_oracle:.4f}")
    print("\nRules over wirehouse and one candidate (best of each grid; pages switched):")
    for name in NAMES[2:]:
        for kind in ("grow", "shrink"):
            f1, setting, switched = best_rule(rows, name, kind)
            print(f"- {kind} to {name}: {f1:.4f} ({setting}; {switched} pages)")
    if args.learn:
        print("\nParagraph-drop classifier, 5-fold by page:")
        learn_drops(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
