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
probabilities (4 folds by page). Then the header field rankers (transforms/dumps/fields.py)
are fitted on the same dumps, from pass 2's out-of-fold probabilities: per page and field,
the candidate lines whose value is the gold one (a title matching the gold title, a name
matching the gold author, the gold publication day) against the other candidates and "none"
(a WCXB page without the gold field has none; a page whose candidates all miss it is left
out), title first, then the author and the date with the chosen title as an anchor. The title
and author rankers weigh the older pickers' choice (transforms/dumps `_older_title`,
`_pick_author`) as a feature, and also see BBC News development files (`bbc_dumps`: the
headline-first plain-text layout). Run:
    PYTHONPATH=. .venv/bin/python tools/fit_line_model.py [--cache /tmp/wcxb-render]
        [--pages N] [--out transforms/dumps/line_model.json] [--docs /tmp/lines.pkl]
        [--fitted /tmp/fit.pkl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.append(str(ROOT))

from benchmarks import extraction, wcxb  # noqa: E402
from transforms.dumps import (  # noqa: E402
    DumpConfig,
    _find_url,
    _normalized_lines,
    _older_title,
    _pick_author,
    _ranker_takes,
)
from transforms.dumps.features import LOCAL, line_features  # noqa: E402
from transforms.dumps.fields import (  # noqa: E402
    EXTRA,
    FIELDS,
    LABEL_OF,
    Candidates,
    Ranker,
    candidate_rows,
    field_names,
    find_candidates,
    pick,
)
from transforms.dumps.header import any_date, byline_and_date  # noqa: E402
from transforms.dumps.lexer import Line, parse_lines  # noqa: E402
from transforms.dumps.model import CONTEXT, LABELS, context_features  # noqa: E402
from transforms.records import PartialDate  # noqa: E402

OTHER, BODY, TITLE, BYLINE, DATE, UNKNOWN = 0, 1, 2, 3, 4, -1
# Regularisation of both passes (inverse strength). 0.3-3 gave the same development F1 within
# 0.002; 1 is scikit-learn's default.
C = 1.0
# Regularisation of the field rankers (inverse strength, as C): pages, not lines, are their
# samples (about 1,500 dumps), so they take a stronger prior.
RANKER_C = 0.3
SHORT = 15  # header lines (bylines, date lines) are at most this many words


def norm(text: str) -> str:
    return " ".join(wcxb.tokens(text))


def _iso(date: PartialDate | None) -> str | None:
    """The ISO day of a date stated to the day: what makes a line a date line for the line
    model's labels (labelling lines without their year as dates too lowered the held-out
    markdown body F1 by 0.003; the field rankers still read them, `same_day`)."""
    if date is None or date.precision != "day":
        return None
    value = date.to_date()
    return value.isoformat() if value else None


def same_day(date: PartialDate | None, day: str | None) -> bool:
    """Whether a date a header line states is the gold ISO day, for the field rankers; a date
    line without its year ("Saturday, 26 February") counts when month and day agree."""
    if date is None or not day:
        return False
    if date.precision == "day":
        value = date.to_date()
        return value is not None and value.isoformat() == day
    parts = day.split("-")
    return (
        date.year is None
        and date.month is not None
        and date.day is not None
        and len(parts) == 3
        and (date.month, date.day) == (int(parts[1]), int(parts[2]))
    )


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


@dataclass
class Dump:
    """One labelled dump: its logical lines, their LOCAL signals and labels, and the gold
    header fields (a dict) or, for a wire story, the lines' labels are the gold."""

    name: str
    fmt: str
    lines: list[Line]
    x: np.ndarray
    y: np.ndarray
    gold: dict | None  # title, author, day; None for the wire stories
    source: str  # wcxb, traf, wire

    @property
    def group(self) -> str:
        return self.name.rsplit("/", 1)[0]  # a page's dumps share a fold


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


# BBC News files (../shared/data/bbc-news) show a real layout the web pages above rarely do: a
# plain-text dump whose first short line is the headline, then the article, no byline, no date
# line. The title and author rankers see every BBC_EVERY-th file of the development half
# (sha256 of "category/NNN" even, as WCXB's split) of the categories other than business
# (tests read business files): 822 files. Every 4th (about 205) left one BBC title test file to the
# lede below its headline; all of them cost 0.003 of WCXB development text and markdown title
# accuracy and gave 0.008 of text author accuracy. They are not line-model training data: their
# probabilities come from the fitted line model, as the cleaner computes them.
BBC = ROOT.parent / "shared" / "data" / "bbc-news"
BBC_EVERY = 1


def bbc_dumps(params: dict) -> tuple[list[Dump], list[np.ndarray], list[np.ndarray]]:
    """BBC development files as labelled dumps (gold: the first line is the title; no author,
    no date), with the line model's inputs and probabilities under `params`."""
    if not BBC.exists():
        return [], [], []
    names = sorted(
        f"{path.parent.name}/{path.stem}"
        for path in BBC.glob("*/*.txt")
        if path.parent.name != "business"
    )
    dev = [name for name in names if not held_out_bbc(name)][::BBC_EVERY]
    local = [np.asarray(params["local"][k], float) for k in ("weights", "bias")]
    context = [np.asarray(params["context"][k], float) for k in ("weights", "bias")]
    dumps, fulls, second = [], [], []
    for name in dev:
        text = (BBC / f"{name}.txt").read_bytes().decode("utf-8", errors="replace")
        lines, _ = parse_lines(_normalized_lines(text), "text")
        if len(lines) < 2:
            continue
        x = np.asarray(line_features(lines, False)[0], float)
        full = np.hstack([x, context_features(probabilities(*local, x))])
        labels = np.full(len(lines), UNKNOWN)
        gold = {"title": lines[0].text, "author": None, "day": None}
        dumps.append(Dump(f"bbc/{name}/text", "text", lines, x, labels, gold, "bbc"))
        fulls.append(full)
        second.append(probabilities(*context, full))
    return dumps, fulls, second


def held_out_bbc(name: str) -> bool:
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 1


def collect(cache: Path | None, limit: int) -> list[Dump]:
    dumps: list[Dump] = []
    sources: list[tuple[str, object]] = [("wcxb", wcxb_docs(cache, limit))]
    if extraction.EVAL.exists():
        sources.append(("traf", trafilatura_docs(limit)))
    if (ROOT / "tests" / "cases" / "wire_stories").exists():
        sources.append(("wire", wire_docs()))
    for source, docs in sources:
        for name, dump, fmt, gold in docs:  # type: ignore[attr-defined]
            lines, _ = parse_lines(_normalized_lines(dump), fmt)
            if not lines:
                continue
            if isinstance(gold, dict):
                gold = dict(gold)
                split = gold.pop("split", False)
                labels = label_gold([line.text for line in lines], **gold)
                if split:
                    lines, labels = one_sentence_paragraphs(lines, labels)
                fields = {k: gold.get(k) for k in ("title", "author", "day")}
            else:
                labels, fields = list(gold), None
            rows = line_features(lines, fmt == "markdown")[0]
            if len(labels) != len(rows):
                raise ValueError(f"{name}: {len(rows)} lines, {len(labels)} labels")
            dumps.append(
                Dump(name, fmt, lines, np.asarray(rows, float), np.asarray(labels), fields, source)
            )
    return dumps


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


def fit_line_model(dumps: list[Dump]) -> tuple[dict, list[np.ndarray], list[np.ndarray]]:
    """Both passes of the line model, and per dump pass 2's inputs and out-of-fold
    probabilities (what the field rankers are fitted on)."""
    xs, ys = [d.x for d in dumps], [d.y for d in dumps]
    groups = [d.group for d in dumps]
    y = np.concatenate(ys)
    x = np.vstack(xs)
    wire_of = [np.full(len(d.y), d.source == "wire") for d in dumps]
    weight = class_weights(y, np.concatenate(wire_of))
    labelled = weight > 0
    w1, b1 = fit_pass(x[labelled], y[labelled], weight[labelled])
    # out-of-fold first-pass probabilities, so the second pass learns from honest context
    unique = sorted(set(groups))
    fold_of = {g: i % 4 for i, g in enumerate(unique)}
    doc_fold = np.asarray([fold_of[g] for g in groups])
    contexts: list[np.ndarray] = [np.zeros((0, 0))] * len(xs)
    for fold in range(4):
        train = [i for i in range(len(xs)) if doc_fold[i] != fold]
        xt, yt = np.vstack([xs[i] for i in train]), np.concatenate([ys[i] for i in train])
        wt = class_weights(yt, np.concatenate([wire_of[i] for i in train]))
        fw, fb = fit_pass(xt[wt > 0], yt[wt > 0], wt[wt > 0])
        for i in range(len(xs)):
            if doc_fold[i] == fold:
                contexts[i] = context_features(probabilities(fw, fb, xs[i]))
    fulls = [np.hstack([xs[i], contexts[i]]) for i in range(len(xs))]
    x2 = np.vstack(fulls)
    w2, b2 = fit_pass(x2[labelled], y[labelled], weight[labelled])
    predicted = probabilities(w2, b2, x2).argmax(axis=1)
    for label, name in enumerate(LABELS):
        mask = labelled & (y == label)
        hit = (predicted[mask] == label).mean() if mask.any() else 0.0
        print(f"recall (train) {name}: {hit:.3f} of {mask.sum()}")
    # out-of-fold second-pass probabilities for the field rankers
    second: list[np.ndarray] = [np.zeros((0, 0))] * len(xs)
    for fold in range(4):
        train = [i for i in range(len(xs)) if doc_fold[i] != fold]
        xt = np.vstack([fulls[i] for i in train])
        yt = np.concatenate([ys[i] for i in train])
        wt = class_weights(yt, np.concatenate([wire_of[i] for i in train]))
        fw, fb = fit_pass(xt[wt > 0], yt[wt > 0], wt[wt > 0])
        for i in range(len(xs)):
            if doc_fold[i] == fold:
                second[i] = probabilities(fw, fb, fulls[i])
    params = {
        "training": {
            "dumps": len(xs),
            "lines": int(labelled.sum()),
            "per_label": {LABELS[k]: int(v) for k, v in Counter(y[labelled].tolist()).items()},
            "regularisation_C": C,
        },
        "local": {"weights": np.round(w1, 5).tolist(), "bias": np.round(b1, 5).tolist()},
        "context": {"weights": np.round(w2, 5).tolist(), "bias": np.round(b2, 5).tolist()},
    }
    return params, fulls, second


def right_value(field: str, dump: Dump, index: int, value: object) -> bool | None:
    """Whether a candidate's value is the dump's gold one (None: the gold is unknown)."""
    if dump.gold is None:  # a wire story: its lines' labels are the gold
        return bool(dump.y[index] == LABEL_OF[field])
    key = {"title": "title", "author": "author", "date": "day"}[field]
    gold = dump.gold.get(key)
    if not gold:
        return None
    if field == "date":
        return same_day(value, gold)  # type: ignore[arg-type]
    return wcxb.field_right(field, gold, str(value))


def has_no_field(field: str, dump: Dump) -> bool:
    """A page that states no such field, so 'none' is the right choice: a wire story
    without that line, a WCXB page without the gold field (trafilatura-eval's meta tags may
    simply lack it, so its pages never count)."""
    if dump.gold is None:
        return not bool((dump.y == LABEL_OF[field]).any())
    key = {"title": "title", "author": "author", "date": "day"}[field]
    return dump.source in ("wcxb", "bbc") and not dump.gold.get(key)


def fit_ranker(options: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, float]:
    """A conditional logit over each page's candidates and 'none' (scipy L-BFGS, L2 prior of
    strength 1/RANKER_C on standardised features): maximises, per page, the probability of
    its right options (`right` marks them; an empty mark means 'none' is right)."""
    from scipy.optimize import minimize

    rows = np.vstack([x for x, _ in options if len(x)])
    mean, scale = rows.mean(axis=0), rows.std(axis=0)
    scale = np.where(scale > 0, scale, 1.0)
    blocks, rights, starts = [], [], []
    at = 0
    for x, right in options:
        starts.append(at)
        z = (x - mean) / scale if len(x) else np.zeros((0, len(mean)))
        none = np.zeros((1, len(mean) + 1))
        none[0, -1] = 1.0
        blocks.append(np.vstack([np.hstack([z, np.zeros((len(z), 1))]), none]))
        rights.append(np.append(right, not right.any()))
        at += len(z) + 1
    z_all = np.vstack(blocks)
    right_all = np.concatenate(rights).astype(bool)
    starts_a = np.asarray(starts)
    sizes = np.diff(np.append(starts_a, len(z_all)))
    group = np.repeat(np.arange(len(starts_a)), sizes)
    dims = z_all.shape[1]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        s = z_all @ w
        top = np.maximum.reduceat(s, starts_a)
        e = np.exp(s - top[group])
        all_sum = np.add.reduceat(e, starts_a)
        right_e = np.where(right_all, e, 0.0)
        right_sum = np.add.reduceat(right_e, starts_a)
        value = float(np.sum(np.log(all_sum) - np.log(right_sum)))
        p_all = e / all_sum[group]
        p_right = right_e / right_sum[group]
        grad = z_all.T @ (p_all - p_right)
        penalty = w.copy()
        penalty[-1] = 0.0  # 'none' is not shrunk
        return value + 0.5 * float(penalty @ penalty) / RANKER_C, grad + penalty / RANKER_C

    started = time.perf_counter()
    result = minimize(loss, np.zeros(dims), jac=True, method="L-BFGS-B", options={"maxiter": 500})
    w = result.x
    weights = w[:-1] / scale
    none = float(w[-1] + (mean / scale) @ w[:-1])
    print(f"  ranker over {len(options)} pages fitted in {time.perf_counter() - started:.1f}s")
    return weights, none


def fit_rankers(dumps: list[Dump], fulls: list[np.ndarray], second: list[np.ndarray]) -> dict:
    """The title, author and date rankers, each on the pages where its choice is known; the
    title chosen by the fitted title ranker anchors the author's and the date's features."""
    anchors: list[dict[str, int | None]] = [{} for _ in dumps]
    excluded = [set(_find_url(d.lines)[1]) for d in dumps]
    notes = [[int(i) for i in np.flatnonzero(d.x[:, LOCAL.index("author_note")])] for d in dumps]
    config = DumpConfig()
    bests = [older_best(p, config) for p in second]
    fitted: dict = {}
    for field in FIELDS:
        found: list[Candidates] = []
        olders: list[tuple[int | None, bool]] = []
        options: list[tuple[np.ndarray, np.ndarray]] = []
        for n, dump in enumerate(dumps):
            if field == "date" and dump.source == "bbc":
                found.append(Candidates(field, [], [], np.zeros((0, len(field_names())))))
                olders.append((None, False))
                continue  # BBC files show the title layout; the date ranker keeps its pages
            if field == "title":
                older = _older_title(dump.lines, second[n], bests[n], excluded[n], config)
            elif field == "author":
                older = (_pick_author(dump.lines, second[n], bests[n], excluded[n])[1], False)
            else:
                older = (None, False)
            olders.append(older)
            indexes, values = find_candidates(
                field,
                dump.lines,
                second[n],
                fulls[n],
                excluded[n],
                notes[n] if field == "author" else (),
                config.headline_max_words,
                config.body_min_probability,
                older[0],
                config.note_tail_lines,
            )
            rows = candidate_rows(
                field,
                indexes,
                values,
                dump.lines,
                fulls[n],
                second[n],
                config.body_min_probability,
                anchors[n].get("title"),
                anchors[n].get("author"),
                notes[n],
                *older,
            )
            found.append(Candidates(field, indexes, values, rows))
            marks = [right_value(field, dump, i, v) for i, v in zip(indexes, values, strict=True)]
            right = np.asarray([bool(m) for m in marks], dtype=bool)
            if right.any() or has_no_field(field, dump):
                options.append((rows, right))
        weights, none = fit_ranker(options)
        ranker = Ranker(weights, none)
        names = field_names()
        hits = total = 0
        for n, dump in enumerate(dumps):
            chosen = pick(ranker, names, found[n])
            index, value = chosen.index, chosen.value
            if field != "date" and not _ranker_takes(chosen, olders[n][0], config):
                index = olders[n][0]  # the older picker's line stays, as transforms/dumps does
                at = found[n].indexes.index(index) if index in found[n].indexes else None
                value = None if at is None else found[n].values[at]
            anchors[n][field] = index
            if dump.gold is not None and dump.source == "wcxb" and not dump.name.endswith("split"):
                key = {"title": "title", "author": "author", "date": "day"}[field]
                if dump.gold.get(key):
                    total += 1
                    hits += index is not None and bool(right_value(field, dump, index, value))
        print(f"{field}: right (train, WCXB development dumps) {hits}/{total}")
        fitted[field] = {"weights": np.round(weights, 5).tolist(), "none": round(none, 5)}
    return fitted


def older_best(probs: np.ndarray, config: DumpConfig) -> np.ndarray:
    """Each line's likeliest label, a line of `body_min_probability` body: what the older
    pickers read in transforms/dumps before smoothing (close enough for their features)."""
    best = probs.argmax(axis=1)
    best[probs[:, BODY] >= config.body_min_probability] = BODY
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="directory (outside the repo) for dumps")
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--out", type=Path, default=ROOT / "transforms/dumps/line_model.json")
    parser.add_argument(
        "--docs", type=Path, help="a pickle file (outside the repo) keeping the labelled lines"
    )
    parser.add_argument(
        "--keep-line-model",
        action="store_true",
        help="keep the two passes of the line model as `--out` holds them; fit only the field"
        " rankers (on out-of-fold probabilities of this run's fold fits)",
    )
    parser.add_argument(
        "--fitted",
        type=Path,
        help="a pickle file (outside the repo) keeping the line model's fit, to refit only the"
        " field rankers (delete it when the labels or line features change)",
    )
    args = parser.parse_args()
    if args.cache:
        args.cache.mkdir(parents=True, exist_ok=True)
        extraction._CACHE = args.cache / "trafilatura-eval"
        extraction._CACHE.mkdir(exist_ok=True)
    started = time.perf_counter()
    if args.docs and args.docs.exists():
        dumps = pickle.loads(args.docs.read_bytes())
    else:
        dumps = collect(args.cache, args.pages)
        if args.docs:
            args.docs.write_bytes(pickle.dumps(dumps))
    y = np.concatenate([d.y for d in dumps])
    print(
        f"{len(dumps)} dumps, {len(y)} lines: {Counter(y.tolist())} "
        f"({time.perf_counter() - started:.0f}s)"
    )
    if args.fitted and args.fitted.exists():
        params, fulls, second = pickle.loads(args.fitted.read_bytes())
    else:
        params, fulls, second = fit_line_model(dumps)
        if args.fitted:
            args.fitted.write_bytes(pickle.dumps((params, fulls, second)))
    if args.keep_line_model:
        kept = json.loads(args.out.read_text(encoding="utf-8"))
        params = {key: kept[key] for key in ("training", "local", "context")}
    bbc, bbc_fulls, bbc_second = bbc_dumps(params)
    print(f"{len(bbc)} BBC dumps for the field rankers")
    fields = fit_rankers(dumps + bbc, fulls + bbc_fulls, second + bbc_second)
    out = {
        "about": "Line model of transforms/dumps; rebuilt by tools/fit_line_model.py",
        "labels": list(LABELS),
        "local_features": list(LOCAL),
        "context_features": list(CONTEXT),
        "field_features": list(EXTRA),
        **params,
        "fields": fields,
    }
    out["training"]["ranker_C"] = RANKER_C
    args.out.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {args.out} in {time.perf_counter() - started:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
