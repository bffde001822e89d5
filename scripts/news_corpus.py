"""Native English news from ../shared/data, as paragraphs: BBC News and Reuters-21578.

Shared by the scripts that build shipped knowledge (casing lexicon, gazetteer) and by
`benchmarks/mt_repair.py`; `news_labels` gives each article its coarse kind (the unrelated
reports of `benchmarks/fit_event_model.py`). A document is (doc_id, paragraphs); the split
used for held-out figures is `held_out(doc_id)` (first byte of its SHA-256 odd), as for
every data set here.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"

Document = tuple[str, list[str]]


def build_arguments(out: Path) -> argparse.Namespace:
    """The flags of a script that builds a data file from the corpora: where they are
    (`--data`) and the file it writes (`--out`)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=out)
    return parser.parse_args()


def held_out(doc_id: str) -> bool:
    return hashlib.sha256(doc_id.encode()).digest()[0] % 2 == 1


def bbc_documents(data: Path = DATA) -> Iterator[Document]:
    """Every BBC News file: its title line and body lines (one file is not UTF-8: replaced)."""
    for path in sorted((data / "bbc-news").glob("*/*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        yield (
            f"bbc/{path.parent.name}/{path.name}",
            [line.strip() for line in text.splitlines() if line.strip()],
        )


def _reuters_items(data: Path) -> Iterator[tuple[str, dict]]:
    """(doc_id, item) of every Reuters-21578 record, in file order: the one reader of them."""
    for path in sorted((data / "reuters-21578").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            yield f"reuters/{item['attrs']['newid']}", item


def reuters_documents(data: Path = DATA) -> Iterator[Document]:
    """Every Reuters-21578 article with a body: its body paragraphs (the wire wraps lines at
    70 characters and indents a new paragraph), without the "Reuter" sign-off."""
    for doc_id, item in _reuters_items(data):
        body = html.unescape(item.get("body") or "")
        body = re.sub(r"\s*Reuter\s*(&#3;|\x03)?\s*$", "", body.strip()).replace("\x03", "")
        paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{2,}", body) if p.strip()]
        if paragraphs:
            yield doc_id, paragraphs


def news_labels(data: Path = DATA) -> dict[str, frozenset[str]]:
    """The coarse kind of each article of `bbc_documents` and `reuters_documents`, by doc_id:
    a BBC article's category folder (`bbc:business`), a Reuters article's TOPICS
    (`reuters:earn`; all of them when it has several, as one article may be about crude and
    shipping), `reuters:none` when the indexers looked (TOPICS="YES") and found none of the
    topics. Two articles whose labels share none tell of different events (the corpora lie
    17 years apart, a category or topic is one kind of news); a Reuters article nobody
    indexed (TOPICS="NO" or "BYPASS", none listed) has no label: its kind is not known."""
    labels = {
        f"bbc/{path.parent.name}/{path.name}": frozenset({f"bbc:{path.parent.name}"})
        for path in sorted((data / "bbc-news").glob("*/*.txt"))
    }
    for doc_id, item in _reuters_items(data):
        if found := item.get("topics") or []:
            labels[doc_id] = frozenset(f"reuters:{topic}" for topic in found)
        elif item["attrs"].get("topics") == "YES":
            labels[doc_id] = frozenset({"reuters:none"})
    return labels


def reuters_titles(data: Path = DATA) -> dict[str, str]:
    """The headline (TITLE) of each Reuters-21578 article that has one, by doc_id."""
    titles = {}
    for doc_id, item in _reuters_items(data):
        if title := " ".join(html.unescape(item.get("title") or "").split()):
            titles[doc_id] = title
    return titles


def mostly_capitals(text: str) -> bool:
    """A wire table, a headline in capitals: no evidence of how names are cased."""
    letters = [c for c in text if c.isalpha()]
    return not letters or sum(c.isupper() for c in letters) > 0.5 * len(letters)
