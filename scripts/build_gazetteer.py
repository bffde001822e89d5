"""Build `transforms/glossaries/gazetteer_en.txt`: names of international news in English.

    PYTHONPATH=. .venv/bin/python scripts/build_gazetteer.py [--data ../shared/data]

The transliteration matcher (`transforms/translit.py`) maps a name in Russian romanization
("Dzhon Kerri", "Vashington") to the one name here with the same phonetic key. Sources:

- people: two- and three-word person names in BBC News and Reuters-21578, found by the
  pipeline's own name finder (`transforms.canonical.name_mentions`), kept when seen at least
  3 times in at least 2 articles;
- places: Reuters datelines ("SALVADOR, Feb 26 -") and its place labels, seen 3 times;
- organisations: capitalised phrases ending in an organisation head word ("Council",
  "Bank") that the casing lexicon trusts, seen at least 5 times;
- `scripts/gazetteer_own.txt`: people, places and organisations of news since 1990 written
  from general knowledge (the corpora end in 1987 and 2005).

Each line gives the source of the name (`bbc:N`, `reuters:N` with its count, or `own`).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.news_corpus import bbc_documents, build_arguments, mostly_capitals, reuters_documents  # noqa: E402
from transforms.canonical import name_mentions  # noqa: E402
from transforms.names import org_heads  # noqa: E402

OUT = ROOT / "transforms" / "glossaries" / "gazetteer_en.txt"
OWN = Path(__file__).parent / "gazetteer_own.txt"
CASING = ROOT / "transforms" / "glossaries" / "casing_news_en.txt"
MIN_PERSON, MIN_DOCS, MIN_PLACE, MIN_ORG = 3, 2, 3, 5
_TITLES = frozenset(["Mr", "Mrs", "Ms", "Dr", "Sir", "Lord", "Lady", "Dame", "Prof"])
_DATELINE = re.compile(r"^([A-Z][A-Z .'-]+[A-Z]),")

HEADER = """\
# Names of international news in English: people, places and organisations, one a line:
# name<TAB>kind<TAB>source; kind is person, place, org, or name where the corpus does not
# tell which. Built by scripts/build_gazetteer.py (rebuild it with that script)
# from BBC News and Reuters-21578 (source bbc:N / reuters:N, N = mentions) and from
# scripts/gazetteer_own.txt (source own). transforms/translit.py matches names in Russian
# romanization against these and against the names the warehouse's native documents use.
"""


def main() -> int:
    args = build_arguments(OUT)
    found: dict[str, tuple[str | None, str]] = {}
    people: Counter[str] = Counter()
    for corpus, documents in (
        ("bbc", [(i, d[1:]) for i, d in bbc_documents(args.data)]),
        ("reuters", list(reuters_documents(args.data))),
    ):
        people.update(_people(documents))
        for name, n in _people(documents).items():
            found.setdefault(name, (None, f"{corpus}:{n}"))
    places = _places(args.data)
    for name, n in places.items():
        found[name] = ("place", f"reuters:{n}")
    for name, n in _organisations().items():
        found.setdefault(name, ("org", f"bbc+reuters:{n}"))
    own = _own()
    for name, kind in own.items():
        found[name] = (kind, "own")
    given = _given_names([*people, *(n for n, k in own.items() if k == "person")])
    heads = org_heads()
    for name, (kind, source) in found.items():
        if kind is None:
            found[name] = (_kind(name, given, heads), source)
    if len(found) == len(own):
        print(f"no BBC News or Reuters-21578 under {args.data}")
        return 1
    lines = [HEADER]
    for name, (kind, source) in sorted(found.items(), key=lambda item: (str(item[1][0]), item[0])):
        lines.append(f"{name}\t{kind}\t{source}")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    kinds = Counter(kind for kind, _ in found.values())
    print(f"{len(found)} names ({dict(kinds)}); {len(own)} of them own")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


def _people(documents: list[tuple[str, list[str]]]) -> dict[str, int]:
    mentions: Counter[str] = Counter()
    documents_of: dict[str, set[str]] = defaultdict(set)
    for doc_id, paragraphs in documents:
        paragraphs = [p for p in paragraphs if not mostly_capitals(p)]
        for _, surface, _ in name_mentions(paragraphs):
            words = surface.split()
            if any(w.isupper() and len(w) > 1 for w in words) or words[0] in _TITLES:
                continue
            mentions[surface] += 1
            documents_of[surface].add(doc_id)
    return {
        name: n
        for name, n in mentions.items()
        if n >= MIN_PERSON and len(documents_of[name]) >= MIN_DOCS
    }


def _given_names(people: list[str]) -> frozenset[str]:
    """First words that open at least 3 different names ("Alan", "John"): given names."""
    firsts = Counter(name.split()[0] for name in set(people))
    return frozenset(word for word, n in firsts.items() if n >= 3)


def _kind(name: str, given: frozenset[str], heads: frozenset[str]) -> str:
    """person when it opens with a given name, org when it ends in an organisation head,
    else name (a person, place or organisation the corpus does not tell apart)."""
    words = name.split()
    if words[-1].lower() in heads:
        return "org"
    return "person" if words[0] in given else "name"


def _places(data: Path) -> dict[str, int]:
    places: Counter[str] = Counter()
    for path in sorted((data / "reuters-21578").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            match = _DATELINE.match((item.get("dateline") or "").strip())
            if match:
                places[match.group(1).title()] += 1
            for label in item.get("places") or []:
                if len(label) > 3:  # "usa", "uk": codes, not names
                    places[label.replace("-", " ").title()] += 1
    return {name: n for name, n in places.items() if n >= MIN_PLACE}


def _organisations() -> dict[str, int]:
    """Trusted phrases of the shipped casing lexicon that end in an organisation head."""
    heads = org_heads()
    organisations: dict[str, int] = {}
    for line in CASING.read_text(encoding="utf-8").splitlines():
        fields = line.split("\t")
        if line.startswith("#") or len(fields) < 4:
            continue  # only a phrase's dominant form carries four fields
        form, n = fields[0], int(fields[1])
        if n >= MIN_ORG and form.split()[-1].lower() in heads:
            organisations[form] = n
    return organisations


def _own() -> dict[str, str]:
    names: dict[str, str] = {}
    for line in OWN.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, kind = line.split("\t")
            if kind != "adjective":  # adjectives of places serve the casing lexicon
                names[name] = kind
    return names


if __name__ == "__main__":
    raise SystemExit(main())
