"""Build `transforms/data/event_background.tsv`: how rare each term, name and figure is in news.

    PYTHONPATH=. .venv/bin/python scripts/build_event_lexicon.py [--data ../shared/data]
        [--out FILE] [--min-count N] [--sources bbc,reuters]

Event matching weighs a shared word by its rarity (IDF). Counted over the reports of one
assignment, a topic's words grow rarer as unrelated reports join the batch, so two same-kind
events of the topic look closer and the grouping of one analyst's reports changes with what
else was loaded. Counted over a fixed background corpus instead, a pair's evidence depends on
the two reports alone. The background is general news that holds no event-labelled data: BBC
News 2004-2005 (headline and body) and Reuters-21578 (body), each distinct article once. Each
article goes through `event_features` as the flow's reports do, and the file holds, for each
key `--min-count` or more articles carry, how many carry it (a term among the `max_terms` a
report keeps, a name key, a stated figure); a key left out counts as carried by none. Only
keys and counts are written, no article text.

The sources and `--min-count` were chosen by the ECB+ fitting half's leave-one-topic-out
B-cubed F1 (benchmarks/fit_event_model.py --cv-only --background FILE): see the README.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.news_corpus import DATA, bbc_documents, reuters_documents  # noqa: E402
from transforms.event_features import (  # noqa: E402
    BACKGROUND_PATH,
    EventConfig,
    event_features,
)
from transforms.event_model import (  # noqa: E402
    PAIR_FEATURES,
    EventModel,
    Regression,
)
from transforms.records import Document  # noqa: E402

MIN_COUNT = 10  # keys fewer articles carry are left out (counted as carried by none)
SOURCES = ("bbc", "reuters")


def articles(data: Path, sources: tuple[str, ...]) -> Iterator[tuple[str, str | None, list[str]]]:
    """(doc_id, headline, paragraphs) of the chosen corpora; each distinct article once."""
    seen: set[str] = set()
    found: list[Iterator[tuple[str, str | None, list[str]]]] = []
    if "bbc" in sources:  # first line the headline
        found.append((doc_id, lines[0], lines[1:]) for doc_id, lines in bbc_documents(data))
    if "reuters" in sources:  # headlines in capitals: no casing evidence for names
        found.append((doc_id, None, lines) for doc_id, lines in reuters_documents(data))
    for corpus in found:
        for doc_id, headline, paragraphs in corpus:
            digest = hashlib.sha256("\n".join([headline or "", *paragraphs]).encode()).digest()
            if paragraphs and digest not in seen:
                seen.add(digest)
                yield doc_id, headline, paragraphs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=BACKGROUND_PATH)
    parser.add_argument("--min-count", type=int, default=MIN_COUNT)
    parser.add_argument("--sources", default=",".join(SOURCES))
    args = parser.parse_args()
    sources = tuple(args.sources.split(","))
    zero = Regression((0.0,) * len(PAIR_FEATURES), 0.0)
    config = EventConfig(model=EventModel(zero, zero, 1.0, 1.0))
    counts: dict[str, Counter[str]] = {"term": Counter(), "name": Counter(), "number": Counter()}
    n_docs = 0
    for doc_id, headline, paragraphs in articles(args.data, sources):
        doc = Document(doc_id, doc_id, "", "text", "", headline, paragraphs)
        features = event_features(doc, config)
        counts["term"].update(features.terms.keys())  # articles carrying it, not uses
        counts["name"].update(features.names)
        counts["number"].update(features.numbers)
        n_docs += 1
    rows = [
        f"{kind}\t{key}\t{count}"
        for kind, counted in counts.items()
        for key, count in sorted(counted.items())
        if count >= args.min_count and "\t" not in key
    ]
    header = [
        f"# Document frequencies of event-matching keys in {' + '.join(sources)} news (each",
        "# distinct article once; keys of fewer than"
        f" {args.min_count} articles left out), rebuilt by",
        "# scripts/build_event_lexicon.py: kind <tab> key <tab> articles.",
        f"documents\t\t{n_docs}",
    ]
    args.out.write_text("\n".join(header + rows) + "\n", encoding="utf-8")
    print(f"{n_docs} articles, {len(rows)} keys -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
