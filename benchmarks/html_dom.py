"""Whether DOM features let a chooser pick a better candidate than extract_html on WCXB pages.

For each page of the WCXB development half, the seven candidate extractions of
benchmarks/html_candidates.py (trafilatura default, recall, precision, fast; baseline,
readability, jusText; cleaned as `extract_html` cleans) and wirehouse's own choice are placed in
the page's tree (lxml, as trafilatura parses it; script, style, form and similar subtrees
skipped). A text-bearing element belongs to a candidate when half of its own word 3-grams occur
in the candidate; the candidate's node is the deepest element holding 90% of those words.
Features per candidate:

- `text`: its words (log), its share of the page's words, the log length ratio to wirehouse's
  text and the two multiset covers between them, which candidate it is (one-hot);
- `dom`: `text` plus, for the candidate's node and for wirehouse's: tag (article, main, section,
  div, body), id/class tokens (article/content/post/main vs sidebar/comment/related/...),
  depth, share of the page's words and of its <p> elements, link density, how much of the node
  the candidate fills, <article> elements inside it; the page's <article> count; and how much of
  the candidate lies inside the page's largest itemprop=articleBody, <article> and <main>
  element and how much of each it covers (and the same against a JSON-LD articleBody);
- `dom+agreement`: `dom` plus where the two nodes stand to each other (same node, one inside
  the other, the share of each text inside the other's node) and how many other candidates
  agree with the candidate (each keeps 80% of the other's words).

A gradient-boosted classifier (scikit-learn) learns whether a candidate beats wirehouse's text
on a page by more than 0.02 F1; on a page, the likeliest such candidate replaces wirehouse's
text when its probability passes the threshold. Printed: the mean change in body word-F1
(benchmarks/wcxb.py's metric) over wirehouse, 5-fold cross-validated by page and repeated over
five shuffles of the folds, with the spread across folds; the pages one setting switches; and,
with `--checkpoint`, the same setting fitted on the whole development half and applied to the
held-out half (a checkpoint to report, never to choose by).

With `--paragraphs`, the same question one level down: html_candidates.py's paragraph-drop
classifier over wirehouse's paragraphs (5-fold by page x 3 shuffles) with and without the DOM
features of the element holding each paragraph (its tag, how far up a chrome-like or
article-like id/class sits, whether it lies in wirehouse's node or the page's article markup,
its link density, chrome tags such as aside, nav or figure above it). Run:
    .venv/bin/python benchmarks/html_dom.py [--cache /tmp/html-candidates] [--checkpoint]
        [--paragraphs]
"""

from __future__ import annotations

import argparse
import math
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "form"}
NODE_TAGS = ("article", "main", "section", "div", "body")
POSITIVE = re.compile(r"article|content|post|entry|story|main|text|body|prose|rich", re.I)
NEGATIVE = re.compile(
    r"sidebar|comment|related|footer|nav|menu|widget|share|social|promo|advert|\bad\b|banner"
    r"|recommend|popular|newsletter|subscribe|header|breadcrumb|card|teaser|list",
    re.I,
)
_LD_BODY = re.compile(r'"articleBody"\s*:\s*"((?:[^"\\]|\\.)*)"')
FEATURE_SETS = ("text", "dom", "dom+agreement")
THRESHOLDS = (0.4, 0.5, 0.6)


def _tokens(text: str) -> list[str]:
    from benchmarks.wcxb import tokens

    return tokens(text)


def grams(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


@dataclass
class PageTree:
    """A page's elements in document order with their parent, own words and subtree counts."""

    tags: list[str] = field(default_factory=list)
    attrs: list[str] = field(default_factory=list)
    parent: list[int] = field(default_factory=list)
    depth: list[int] = field(default_factory=list)
    own: list[list[str]] = field(default_factory=list)
    words: list[int] = field(default_factory=list)  # subtree words
    link_words: list[int] = field(default_factory=list)  # subtree words inside <a>
    paragraphs: list[int] = field(default_factory=list)  # subtree <p> elements
    articles: list[int] = field(default_factory=list)  # subtree <article> elements
    semantic: dict[str, int | None] = field(default_factory=dict)
    ld_body: Counter = field(default_factory=Counter)
    children: dict[int, list[int]] = field(default_factory=dict)
    own_grams: list[set] = field(default_factory=list)


def page_tree(html: str) -> PageTree:
    """The page parsed as extract_html parses it, reduced to what the features need."""
    from trafilatura.utils import load_html

    from transforms import extract

    if extract.nesting_depth(html) > extract.ExtractConfig().max_depth:
        html = extract._LAYOUT_TAG.sub(" ", html)
    page, in_link = PageTree(), []
    semantic: dict[str, list[int]] = {"itemprop": [], "article": [], "main": []}
    root = load_html(html)
    ld = [e.text or "" for e in root.iter("script") if e.get("type") == "application/ld+json"]
    stack = [(root, -1, 0, False)]
    while stack:  # depth-first, children in document order
        element, parent, depth, linked = stack.pop()
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag in SKIP:
            continue
        index = len(page.tags)
        page.tags.append(tag)
        page.attrs.append(" ".join(filter(None, (element.get("class"), element.get("id")))))
        page.parent.append(parent)
        page.depth.append(depth)
        page.children.setdefault(parent, []).append(index)
        text = (element.text or "") + " " + " ".join(c.tail or "" for c in element)
        page.own.append(_tokens(text))
        in_link.append(linked or tag == "a")
        if (element.get("itemprop") or "").lower() == "articlebody":
            semantic["itemprop"].append(index)
        if tag == "article":
            semantic["article"].append(index)
        if tag == "main" or (element.get("role") or "").lower() == "main":
            semantic["main"].append(index)
        for child in reversed(element):
            stack.append((child, index, depth + 1, in_link[index]))
    count = len(page.tags)
    page.words = [len(own) for own in page.own]
    linked_words = zip(page.own, in_link, strict=True)
    page.link_words = [len(own) if linked else 0 for own, linked in linked_words]
    page.paragraphs = [int(tag == "p") for tag in page.tags]
    page.articles = [int(tag == "article") for tag in page.tags]
    for i in range(count - 1, 0, -1):  # children come after their parent
        up = page.parent[i]
        page.words[up] += page.words[i]
        page.link_words[up] += page.link_words[i]
        page.paragraphs[up] += page.paragraphs[i]
        page.articles[up] += page.articles[i]
    page.own_grams = [grams(own) for own in page.own]
    page.semantic = {name: _largest(page, ids) for name, ids in semantic.items()}
    page.ld_body = Counter(_tokens(" ".join(m for raw in ld for m in _LD_BODY.findall(raw))))
    return page


def _largest(page: PageTree, ids: list[int]) -> int | None:
    return max(ids, key=lambda i: page.words[i]) if ids else None


def located(page: PageTree, paragraphs: list[str]) -> list[int]:
    """Per element, the words of its subtree that belong to the candidate's text."""
    found = grams(_tokens("\n".join(paragraphs)))
    inside = [0] * len(page.tags)
    for i, own in enumerate(page.own_grams):
        if len(page.own[i]) >= 3 and len(own & found) >= 0.5 * len(own):
            inside[i] = len(page.own[i])
    for i in range(len(inside) - 1, 0, -1):
        inside[page.parent[i]] += inside[i]
    return inside


def node_of(page: PageTree, inside: list[int]) -> int:
    """The deepest element that holds 90% of the candidate's located words (the root if none)."""
    node, total = 0, inside[0] if inside else 0
    while total:
        best = max(page.children.get(node, []), key=lambda c: inside[c], default=None)
        if best is None or inside[best] < 0.9 * total:
            break
        node = best
    return node


def node_features(page: PageTree, inside: list[int], words: Counter) -> dict[str, float]:
    """A candidate's text and its node, and where it stands to the page's article markup."""
    count, total = sum(words.values()), inside[0]
    page_words = max(page.words[0], 1)
    node = node_of(page, inside)
    size = max(page.words[node], 1)
    found = {"words_log": math.log1p(count), "page_share": count / page_words}
    found["located"] = total / max(count, 1)
    found |= {f"tag_{tag}": float(page.tags[node] == tag) for tag in NODE_TAGS}
    found["positive"] = float(bool(POSITIVE.search(page.attrs[node])))
    found["negative"] = float(bool(NEGATIVE.search(page.attrs[node])))
    found["depth"] = page.depth[node]
    found["node_share"] = size / page_words
    found["node_links"] = page.link_words[node] / size
    found["node_paragraphs"] = page.paragraphs[node] / max(page.paragraphs[0], 1)
    found["node_fill"] = total / size
    found["node_articles"] = min(page.articles[node], 10)
    for name, element in page.semantic.items():
        missing = element is None or not total
        found[f"{name}_precision"] = -1 if missing else inside[element] / total
        found[f"{name}_recall"] = -1 if missing else inside[element] / max(page.words[element], 1)
    both = sum((words & page.ld_body).values())
    found["ld_precision"] = both / max(count, 1) if page.ld_body else -1
    found["ld_recall"] = both / sum(page.ld_body.values()) if page.ld_body else -1
    found["page_articles"] = min(page.articles[0], 10)
    return found


def _within(page: PageTree, ancestor: int, node: int) -> bool:
    while node != -1:
        if node == ancestor:
            return True
        node = page.parent[node]
    return False


def page_rows(html: str, paragraphs: dict[str, list[str]]) -> list[tuple[str, dict]]:
    """(candidate, features) for each candidate whose text differs from wirehouse's."""
    from benchmarks.html_candidates import NAMES

    page = page_tree(html)
    bags = {n: Counter(_tokens("\n".join(p))) for n, p in paragraphs.items()}
    inside = {n: located(page, p) for n, p in paragraphs.items()}
    nodes = {n: node_of(page, found) for n, found in inside.items()}
    mine = bags["wirehouse"]
    own = node_features(page, inside["wirehouse"], mine)
    rows = []
    for name in NAMES:
        if paragraphs[name] == paragraphs["wirehouse"]:
            continue
        theirs = bags[name]
        n0, n1 = max(sum(mine.values()), 1), sum(theirs.values())
        both = sum((mine & theirs).values())
        text = {"ratio": math.log((n1 + 1) / (n0 + 1)), "in_wirehouse": both / max(n1, 1)}
        text |= {"wirehouse_in": both / n0} | {f"is_{n}": float(n == name) for n in NAMES}
        dom = node_features(page, inside[name], theirs)
        text |= {f"c_{k}": dom[k] for k in ("words_log", "page_share")}
        text |= {f"w_{k}": own[k] for k in ("words_log", "page_share")}
        dom = {f"c_{k}": v for k, v in dom.items()} | {f"w_{k}": v for k, v in own.items()}
        a, b = nodes[name], nodes["wirehouse"]
        agreement = {"same_node": float(a == b)}
        agreement |= {"node_in_wirehouse": float(_within(page, b, a))}
        agreement |= {"wirehouse_in_node": float(_within(page, a, b))}
        agreement["share_in_wirehouse_node"] = inside[name][b] / max(inside[name][0], 1)
        agreement["wirehouse_share_in_node"] = inside["wirehouse"][a] / max(
            inside["wirehouse"][0], 1
        )
        agreement["votes"] = sum(
            (both := sum((theirs & bags[other]).values())) >= 0.8 * max(n1, 1)
            and both >= 0.8 * max(sum(bags[other].values()), 1)
            for other in NAMES
            if other != name
        )
        rows.append(
            (name, {"text": text, "dom": text | dom, "dom+agreement": text | dom | agreement})
        )
    return rows


@dataclass
class Half:
    """One WCXB half's candidate rows: features, F1 gain over wirehouse, page of each row."""

    ids: list[str] = field(default_factory=list)
    base: list[float] = field(default_factory=list)  # wirehouse's F1 per page
    features: dict[str, list[dict]] = field(default_factory=lambda: {s: [] for s in FEATURE_SETS})
    gain: list[float] = field(default_factory=list)
    page: list[int] = field(default_factory=list)
    name: list[str] = field(default_factory=list)


def read_half(split: str, cache: Path | None, limit: int = 0) -> Half:
    from benchmarks import wcxb
    from benchmarks.html_candidates import cached_candidates, wirehouse

    half = Half()
    for page in wcxb.pages(split, limit):
        paragraphs = cached_candidates(page.file_id, page.html, cache)["paragraphs"]
        paragraphs["wirehouse"] = wirehouse(paragraphs)
        f1 = {n: wcxb.word_f1("\n\n".join(p), page.body) for n, p in paragraphs.items()}
        half.ids.append(page.file_id)
        half.base.append(f1["wirehouse"])
        for name, sets in page_rows(page.html, paragraphs):
            for kind in FEATURE_SETS:
                half.features[kind].append(sets[kind])
            half.gain.append(f1[name] - f1["wirehouse"])
            half.page.append(len(half.ids) - 1)
            half.name.append(name)
    return half


def _model():
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(
        max_iter=100, learning_rate=0.05, max_leaf_nodes=8, min_samples_leaf=20,
        l2_regularization=1.0, random_state=0,
    )  # fmt: skip


def _matrix(rows: list[dict], columns: list[str]):
    import numpy as np

    return np.array([[row[c] for c in columns] for row in rows], dtype=float)


def _switch(probability, half: Half, pages, threshold: float) -> dict[int, int]:
    """Per page, the row of the likeliest candidate when it passes the threshold."""
    import numpy as np

    page = np.array(half.page)
    chosen = {}
    for p in pages:
        rows = np.flatnonzero(page == p)
        if len(rows) and probability[rows].max() >= threshold:
            chosen[int(p)] = int(rows[probability[rows].argmax()])
    return chosen


def cross_validate(half: Half, kind: str, seeds: int = 5) -> dict[float, list[list[float]]]:
    """Per threshold, per shuffle, each fold's mean F1 change over wirehouse on its pages."""
    import numpy as np
    from sklearn.model_selection import KFold

    columns = list(half.features[kind][0])
    x, gain = _matrix(half.features[kind], columns), np.array(half.gain)
    page = np.array(half.page)
    found: dict[float, list[list[float]]] = {t: [] for t in THRESHOLDS}
    for seed in range(seeds):
        folds = {t: [] for t in THRESHOLDS}
        for train_pages, test_pages in KFold(5, shuffle=True, random_state=seed).split(half.ids):
            train, test = np.isin(page, train_pages), np.isin(page, test_pages)
            probability = np.zeros(len(gain))
            model = _model().fit(x[train], gain[train] > 0.02)
            probability[test] = model.predict_proba(x[test])[:, 1]
            for t in THRESHOLDS:
                chosen = _switch(probability, half, test_pages, t)
                folds[t].append(sum(gain[r] for r in chosen.values()) / len(test_pages))
        for t in THRESHOLDS:
            found[t].append(folds[t])
    return found


PARAGRAPH_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "td", "th", "figcaption", "blockquote")
PARAGRAPH_TAGS += ("a", "span", "div", "pre", "code", "dd", "dt")
CHROME_TAGS = ("aside", "nav", "footer", "header", "figure")


@cache
def _stop_words() -> frozenset[str]:
    from justext import get_stoplist

    return frozenset(get_stoplist("English"))


def paragraph_features(
    page: PageTree, node: int, paragraph: str, position: int, count: int, others: list[set]
) -> list[float]:
    """One of wirehouse's paragraphs: html_candidates.py's text features (cover by each
    candidate, length, stop words, position, closing punctuation, table) and the element that
    holds it (tag, distance to a chrome- or article-like id/class, inside wirehouse's node or
    the page's article markup, link density, depth below the node, chrome tags above it)."""
    from benchmarks.html_candidates import grams as paragraph_grams
    from benchmarks.html_candidates import share

    stop = _stop_words()
    words = _tokens(paragraph) or [""]
    own = paragraph_grams(words)  # a paragraph under three words is one gram
    found = [share(own, other) for other in others]
    found += [math.log1p(len(words)), sum(w in stop for w in words) / len(words)]
    found += [position / count, float(paragraph.rstrip()[-1:] in ".!?\"'")]
    found += [float(paragraph.startswith("|")), math.log1p(count)]
    holder, most = None, 0
    for i, held in enumerate(page.own_grams):
        if held and len(page.own[i]) > most and len(held & own) >= 0.5 * len(held):
            holder, most = i, len(page.own[i])
    if holder is None:
        return found + [1.0] + [0.0] * (len(PARAGRAPH_TAGS) + 10) + [-1, -1]
    chain, i = [], holder
    while i != -1:
        chain.append(i)
        i = page.parent[i]
    negative = next((d for d, i in enumerate(chain) if NEGATIVE.search(page.attrs[i])), 99)
    positive = next((d for d, i in enumerate(chain) if POSITIVE.search(page.attrs[i])), 99)
    found += [0.0] + [float(page.tags[holder] == tag) for tag in PARAGRAPH_TAGS]
    found += [min(negative, 20), min(positive, 20), float(node in chain)]
    found += [float(page.semantic[s] in chain) for s in ("itemprop", "article", "main")]
    found += [page.link_words[holder] / max(page.words[holder], 1)]
    found += [len(chain) - page.depth[node]]
    found += [float(any(page.tags[i] in CHROME_TAGS for i in chain))]
    found += [float(any(page.tags[i] == "li" for i in chain))]
    up = chain[1] if len(chain) > 1 else chain[0]
    found += [page.words[up] / max(page.words[0], 1), page.link_words[up] / max(page.words[up], 1)]
    return found


def cross_validate_paragraphs(split: str, cache: Path | None, limit: int = 0) -> None:
    """html_candidates.py's paragraph-drop classifier with and without the holders' DOM
    features, 5-fold by page x 3 shuffles: mean F1 change over wirehouse per drop threshold."""
    import numpy as np
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import KFold

    from benchmarks import wcxb
    from benchmarks.html_candidates import NAMES, all_grams, cached_candidates, share, wirehouse
    from benchmarks.html_candidates import grams as paragraph_grams

    rows, labels, groups, texts, golds = [], [], [], [], []
    for page in wcxb.pages(split, limit):
        candidates = cached_candidates(page.file_id, page.html, cache)["paragraphs"]
        mine = wirehouse(candidates)
        tree = page_tree(page.html)
        node = node_of(tree, located(tree, mine))
        others = [all_grams(_tokens("\n".join(candidates[n]))) for n in NAMES]
        gold = all_grams(_tokens(page.body))
        for position, paragraph in enumerate(mine):
            rows.append(paragraph_features(tree, node, paragraph, position, len(mine), others))
            labels.append(share(paragraph_grams(_tokens(paragraph)), gold) >= 0.5)
            groups.append(len(golds))
            texts.append(paragraph)
        golds.append(page.body)
    x, y, group = np.array(rows), np.array(labels), np.array(groups)
    print(f"\nParagraph-drop classifier over wirehouse's {len(y)} paragraphs ({(~y).sum()} not")
    print("in the gold body), 5-fold by page x 3 shuffles: mean F1 change over wirehouse")
    print("| features | drop below | change | per-shuffle means | fold SD | worst fold |")
    print("|---|---|---|---|---|---|")
    for kind, columns in (("text", slice(0, len(NAMES) + 6)), ("text+dom", slice(None))):
        found = {t: [] for t in (0.05, 0.1, 0.2, 0.3)}
        for seed in range(3):
            for train_pages, test_pages in KFold(5, shuffle=True, random_state=seed).split(golds):
                train, test = np.isin(group, train_pages), np.isin(group, test_pages)
                model = HistGradientBoostingClassifier(
                    max_iter=200, learning_rate=0.05, max_leaf_nodes=15, random_state=0
                )
                model.fit(x[train][:, columns], y[train])
                probability = np.zeros(len(y))
                probability[test] = model.predict_proba(x[test][:, columns])[:, 1]
                for t, folds in found.items():
                    change = 0.0
                    for p in test_pages:
                        own = np.flatnonzero(group == p)
                        kept = "\n\n".join(texts[i] for i in own if probability[i] >= t)
                        whole = "\n\n".join(texts[i] for i in own)
                        change += wcxb.word_f1(kept, golds[p]) - wcxb.word_f1(whole, golds[p])
                    folds.append(change / len(test_pages))
        for t, folds in found.items():
            runs = np.array(folds).reshape(3, 5)
            means = " ".join(f"{m:+.4f}" for m in runs.mean(axis=1))
            print(
                f"| {kind} | {t} | {runs.mean():+.4f} | {means} | "
                f"{runs.std(axis=1).mean():.4f} | {runs.min():+.4f} |"
            )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="html_candidates.py's cache directory")
    parser.add_argument("--pages", type=int, default=0)
    parser.add_argument("--checkpoint", action="store_true", help="also apply to held-out")
    parser.add_argument("--paragraphs", action="store_true", help="also the paragraph drops")
    args = parser.parse_args()
    sys.path.append(str(ROOT))
    import numpy as np

    from benchmarks import wcxb

    if not wcxb.ready(args.cache):
        return 0
    dev = read_half("dev", args.cache, args.pages)
    print(f"\n## WCXB development half, {len(dev.ids)} pages, {len(dev.gain)} candidate rows")
    oracle = np.zeros(len(dev.ids))
    for p, g in zip(dev.page, dev.gain, strict=True):
        oracle[p] = max(oracle[p], g)
    print(f"wirehouse body word-F1 {np.mean(dev.base):.4f}", end="; ")
    print(f"per-page oracle over the candidates {np.mean(dev.base) + oracle.mean():.4f}\n")
    print("Chooser, 5-fold by page x 5 shuffles: mean F1 change over wirehouse")
    print("| features | threshold | change | per-shuffle means | fold SD | worst fold |")
    print("|---|---|---|---|---|---|")
    for kind in FEATURE_SETS:
        for t, runs in cross_validate(dev, kind).items():
            folds = np.array(runs)
            means = " ".join(f"{m:+.4f}" for m in folds.mean(axis=1))
            print(
                f"| {kind} | {t} | {folds.mean():+.4f} | {means} | "
                f"{folds.std(axis=1).mean():.4f} | {folds.min():+.4f} |"
            )
    kind, threshold = "dom+agreement", 0.5
    print(f"\nPages switched out of fold ({kind}, threshold {threshold}, first shuffle):")
    columns = list(dev.features[kind][0])
    x, gain = _matrix(dev.features[kind], columns), np.array(dev.gain)
    probability = np.zeros(len(gain))
    from sklearn.model_selection import KFold

    page = np.array(dev.page)
    for train_pages, test_pages in KFold(5, shuffle=True, random_state=0).split(dev.ids):
        train, test = np.isin(page, train_pages), np.isin(page, test_pages)
        model = _model().fit(x[train], gain[train] > 0.02)
        probability[test] = model.predict_proba(x[test])[:, 1]
    chosen = _switch(probability, dev, range(len(dev.ids)), threshold)
    for p, r in sorted(chosen.items(), key=lambda item: gain[item[1]]):
        print(f"- {dev.ids[p]}: to {dev.name[r]}, F1 {gain[r]:+.3f} (p {probability[r]:.2f})")
    if args.checkpoint:
        held = read_half("held-out", args.cache, args.pages)
        model = _model().fit(x, gain > 0.02)
        probability = model.predict_proba(_matrix(held.features[kind], columns))[:, 1]
        chosen = _switch(probability, held, range(len(held.ids)), threshold)
        change = sum(held.gain[r] for r in chosen.values()) / len(held.ids)
        print(f"\n## Checkpoint: held-out half, {len(held.ids)} pages ({kind}, {threshold})")
        before = np.mean(held.base)
        print(f"wirehouse {before:.4f}; with the chooser {before + change:.4f}", end=" ")
        print(f"({len(chosen)} pages switched)")
    if args.paragraphs:
        cross_validate_paragraphs("dev", args.cache, args.pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
