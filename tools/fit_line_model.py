"""Rebuild transforms/dumps/line_model.json: label the lines of development dumps from gold
text, then fit the line model's two passes (scikit-learn logistic regression).

Labelled lines come from three development sets, each page rendered as a text dump
(inscriptis) and a markdown dump (html2text), as benchmarks/extraction.py renders them:

- WCXB development half (../shared/data/wcxb-dev-articles; the held-out half, sha256 of the
  file id odd, is never read here): a line is body when it is a gold paragraph or, with 4+
  words, a run of the gold body's words; title when it is the gold title; byline when a short
  line names the gold author; date when a short line states the gold publication day;
  everything else is other; each page also once more with its body paragraphs split into
  one line a sentence (`one_sentence_paragraphs`), as wire copy prints them;
- trafilatura-eval development half (`benchmarks.extraction.held_out` false): lines holding a
  "with" snippet are body, a "without" snippet other, and the page's meta tags give title,
  author and day; lines with neither are not labelled (they still give context);
- the development half of the wire stories (tests/cases/wire_stories, `wire.held_out`
  false): every line's label is known.

Pass 1 weighs a line's own signals; pass 2 adds context from pass 1's out-of-fold
probabilities (4 folds by page). Run:
    PYTHONPATH=. .venv/bin/python tools/fit_line_model.py [--cache /tmp/wcxb-render]
        [--pages N] [--out transforms/dumps/line_model.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))

from benchmarks import extraction, wcxb  # noqa: E402
from transforms.dumps import _normalized_lines  # noqa: E402
from transforms.dumps.features import LOCAL, line_features  # noqa: E402
from transforms.dumps.header import any_date, byline_and_date  # noqa: E402
from transforms.dumps.lexer import parse_lines  # noqa: E402
from transforms.dumps.model import CONTEXT, LABELS, context_features  # noqa: E402
from transforms.records import PartialDate  # noqa: E402

OTHER, BODY, TITLE, BYLINE, DATE, UNKNOWN = 0, 1, 2, 3, 4, -1
# Regularisation of both passes (inverse strength). 0.3-3 gave the same development F1 within
# 0.002; 1 is scikit-learn's default.
C = 1.0
SHORT = 15  # header lines (bylines, date lines) are at most this many words


def norm(text: str) -> str:
    return " ".join(wcxb.tokens(text))


def _iso(date: PartialDate | None) -> str | None:
    if date is None or date.precision != "day":
        return None
    value = date.to_date()
    return value.isoformat() if value else None


def label_gold(
    texts: list[str],
    body: str | None,
    title: str | None,
    author: str | None,
    day: str | None,
    with_snippets: list[str] | None = None,
    without_snippets: list[str] | None = None,
) -> list[int]:
    """A label per line from gold fields (see the module docstring)."""
    gold = f" {norm(body)} " if body else ""
    paragraphs = set()
    if body:
        for block in body.split("\n"):
            if block.strip():
                paragraphs.add(norm(block))
    title_n = norm(title) if title else ""
    first_author = wcxb._AUTHOR_SPLIT.split(author)[0] if author else ""
    author_words = set(norm(first_author).split())
    keep = [norm(s) for s in with_snippets or []]
    drop = [norm(s) for s in without_snippets or []]
    labels = []
    for text in texts:
        t = norm(text)
        words = t.split()
        label = OTHER if body else UNKNOWN
        if not t:
            labels.append(OTHER)
            continue
        in_gold = body and (t in paragraphs or (len(words) >= 4 and f" {t} " in gold))
        if in_gold or (keep and any(s and s in t for s in keep)):
            label = BODY
        elif drop and any(s and s in t for s in drop):
            label = OTHER
        if label != BODY and len(words) <= 30 and title_n:
            short, long = sorted((words, title_n.split()), key=len)
            if long[: len(short)] == short and len(short) >= 0.6 * len(long) and len(short) >= 2:
                label = TITLE
        if label not in (BODY, TITLE) and len(words) <= SHORT:
            found_author, found_date = byline_and_date(text)
            if author_words and author_words <= set(words) and len(words) <= len(author_words) + 8:
                label = BYLINE
            elif day and (_iso(found_date) == day or _iso(any_date(text)) == day):
                label = DATE
            elif found_author and author_words and set(norm(found_author).split()) & author_words:
                label = BYLINE
        labels.append(label)
    return labels


_SENTENCE_END = re.compile(r"(?:(?<=[a-z0-9)][.!?])|(?<=[.!?][\"”’]))\s+(?=[A-Z\"“])")


def dump_rows(
    dump: str, fmt: str, gold: dict, split_sentences: bool = False
) -> tuple[list[list[float]], list[int]]:
    lines, _ = parse_lines(_normalized_lines(dump), fmt)
    if not lines:
        return [], []
    labels = label_gold([line.text for line in lines], **gold)
    if split_sentences:
        lines, labels = one_sentence_paragraphs(lines, labels)
    return line_features(lines, fmt == "markdown")[0], labels


def one_sentence_paragraphs(lines: list, labels: list[int]) -> tuple[list, list[int]]:
    """The page as a wire service would print it: each body paragraph split into one line a
    sentence (what web pages rarely show and wire copy always does), chrome left as it is."""
    out_lines, out_labels = [], []
    for line, label in zip(lines, labels, strict=True):
        parts = _SENTENCE_END.split(line.text) if label == BODY else [line.text]
        for part in parts:
            copy = replace(line, text=part)
            copy.refresh()
            out_lines.append(copy)
            out_labels.append(label)
    return out_lines, out_labels


def wcxb_docs(cache: Path | None, limit: int):
    for page in wcxb.pages("dev", limit):
        forms = wcxb.render(page, cache)
        gold = {"body": page.body, "title": page.title, "author": page.author, "day": page.date}
        for fmt in ("text", "markdown"):
            yield f"wcxb/{page.file_id}/{fmt}", forms[fmt], fmt, gold
            yield f"wcxb/{page.file_id}/{fmt}-split", forms[fmt], fmt, {**gold, "split": True}


def trafilatura_docs(limit: int):
    entries = json.loads((extraction.EVAL / "evaldata.json").read_text(encoding="utf-8"))
    count = 0
    for entry in sorted(entries.values(), key=lambda e: e["file"]):
        if extraction.held_out(entry["file"]):
            continue
        forms = extraction.page_forms(entry)
        meta = extraction.gold_metadata(forms["html"])
        gold = {
            "body": None,
            "title": meta["title"],
            "author": meta["author"],
            "day": meta["date"],
            "with_snippets": entry.get("with", []),
            "without_snippets": entry.get("without", []),
        }
        for fmt in ("text", "markdown"):
            yield f"traf/{entry['file']}/{fmt}", forms[fmt], fmt, gold
        count += 1
        if limit and count >= limit:
            return


def wire_docs():
    from tests.cases.wire_stories import wire

    for story in wire.stories():
        if wire.held_out(story.name):
            continue
        for fmt in ("text", "markdown"):
            dump, labels = wire.render(story, fmt)
            yield f"wire/{story.name}/{fmt}", dump, fmt, labels


def collect(cache: Path | None, limit: int):
    xs, ys, groups = [], [], []
    sources: list[tuple[str, object]] = [("wcxb", wcxb_docs(cache, limit))]
    if extraction.EVAL.exists():
        sources.append(("traf", trafilatura_docs(limit)))
    if (ROOT / "tests" / "cases" / "wire_stories").exists():
        sources.append(("wire", wire_docs()))
    for _, docs in sources:
        for name, dump, fmt, gold in docs:  # type: ignore[attr-defined]
            if isinstance(gold, dict):
                split = gold.pop("split", False)
                rows, labels = dump_rows(dump, fmt, gold, split)
            else:
                lines, _ = parse_lines(_normalized_lines(dump), fmt)
                rows, labels = line_features(lines, fmt == "markdown")[0], list(gold)
                if len(labels) != len(rows):
                    raise ValueError(f"{name}: {len(rows)} lines, {len(labels)} labels")
            if not rows:
                continue
            xs.append(np.asarray(rows, float))
            ys.append(np.asarray(labels))
            groups.append(name.rsplit("/", 1)[0])  # a page's dumps share a fold
    return xs, ys, groups


def fit_pass(x: np.ndarray, y: np.ndarray, weight: np.ndarray):
    from sklearn.linear_model import LogisticRegression
    from sklearn.preprocessing import StandardScaler

    scaler = StandardScaler().fit(x)
    model = LogisticRegression(C=C, max_iter=300, tol=1e-3)
    started = time.perf_counter()
    model.fit(scaler.transform(x), y, sample_weight=weight)
    print(
        f"  fitted {x.shape} in {time.perf_counter() - started:.0f}s ({model.n_iter_} iterations)"
    )
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    weights = model.coef_ / scale
    bias = model.intercept_ - (model.coef_ * (scaler.mean_ / scale)).sum(axis=1)
    return weights, bias


def probabilities(weights: np.ndarray, bias: np.ndarray, x: np.ndarray) -> np.ndarray:
    logits = x @ weights.T + bias
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


# A body line weighs more than a chrome line (losing article text is the worse error), title,
# byline and date lines more still (one a page), and a wire story's lines more than a web
# page's (their labels are exact, and short one-sentence paragraphs are rare on web pages).
WEIGHTS = {OTHER: 1.0, BODY: 1.5, TITLE: 5.0, BYLINE: 5.0, DATE: 5.0}
WIRE_WEIGHT = 5.0


def class_weights(y: np.ndarray, wire: np.ndarray | None = None) -> np.ndarray:
    """The weight of each labelled line (unlabelled lines 0)."""
    weights = np.asarray([WEIGHTS.get(int(v), 0.0) for v in y])
    return weights * np.where(wire, WIRE_WEIGHT, 1.0) if wire is not None else weights


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="directory (outside the repo) for dumps")
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "transforms/dumps/line_model.json")
    parser.add_argument(
        "--features", type=Path, help="a .npz file (outside the repo) keeping the labelled lines"
    )
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
        extraction._CACHE = args.cache / "trafilatura-eval"
        extraction._CACHE.mkdir(exist_ok=True)
    started = time.perf_counter()
    if args.features and args.features.exists():
        saved = np.load(args.features, allow_pickle=False)
        cuts = saved["cuts"]
        xs = np.split(saved["x"], cuts)
        ys = np.split(saved["y"], cuts)
        groups = saved["groups"].tolist()
    else:
        xs, ys, groups = collect(args.cache, args.pages)
        if args.features:
            cuts = np.cumsum([len(v) for v in ys])[:-1]
            np.savez(
                args.features,
                x=np.vstack(xs),
                y=np.concatenate(ys),
                cuts=cuts,
                groups=np.asarray(groups),
            )
    y = np.concatenate(ys)
    print(
        f"{len(xs)} dumps, {len(y)} lines: {Counter(y.tolist())} "
        f"({time.perf_counter() - started:.0f}s)"
    )
    x = np.vstack(xs)
    wire = np.concatenate(
        [np.full(len(v), g.startswith("wire/")) for v, g in zip(ys, groups, strict=True)]
    )
    weight = class_weights(y, wire)
    labelled = weight > 0
    w1, b1 = fit_pass(x[labelled], y[labelled], weight[labelled])
    # out-of-fold first-pass probabilities, so the second pass learns from honest context
    unique = sorted(set(groups))
    fold_of = {g: i % 4 for i, g in enumerate(unique)}
    doc_fold = np.asarray([fold_of[g] for g in groups])
    contexts: list[np.ndarray | None] = [None] * len(xs)
    wire_of = [np.full(len(v), g.startswith("wire/")) for v, g in zip(ys, groups, strict=True)]
    for fold in range(4):
        train = [i for i in range(len(xs)) if doc_fold[i] != fold]
        xt, yt = np.vstack([xs[i] for i in train]), np.concatenate([ys[i] for i in train])
        wt = class_weights(yt, np.concatenate([wire_of[i] for i in train]))
        fw, fb = fit_pass(xt[wt > 0], yt[wt > 0], wt[wt > 0])
        for i in range(len(xs)):
            if doc_fold[i] == fold:
                contexts[i] = context_features(probabilities(fw, fb, xs[i]))
    x2 = np.hstack([x, np.vstack(contexts)])  # type: ignore[arg-type]
    w2, b2 = fit_pass(x2[labelled], y[labelled], weight[labelled])
    predicted = probabilities(w2, b2, x2).argmax(axis=1)
    for label, name in enumerate(LABELS):
        mask = labelled & (y == label)
        hit = (predicted[mask] == label).mean() if mask.any() else 0.0
        print(f"recall (train) {name}: {hit:.3f} of {mask.sum()}")
    params = {
        "about": "Line model of transforms/dumps; rebuilt by tools/fit_line_model.py",
        "labels": list(LABELS),
        "local_features": list(LOCAL),
        "context_features": list(CONTEXT),
        "training": {
            "dumps": len(xs),
            "lines": int(labelled.sum()),
            "per_label": {LABELS[k]: int(v) for k, v in Counter(y[labelled].tolist()).items()},
            "regularisation_C": C,
        },
        "local": {"weights": np.round(w1, 5).tolist(), "bias": np.round(b1, 5).tolist()},
        "context": {"weights": np.round(w2, 5).tolist(), "bias": np.round(b2, 5).tolist()},
    }
    args.out.write_text(json.dumps(params, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
