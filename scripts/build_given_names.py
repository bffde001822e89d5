"""Build `transforms/glossaries/given_names_en.txt`: given names ("John", "Maria") of news in
English, for the dump author ranker (`transforms/dumps/fields.py`, feature `given_name`).

    PYTHONPATH=. .venv/bin/python scripts/build_given_names.py [--data ../shared/data]

A given name is the first word of at least `MIN_NAMES` name of two or three words in
`gazetteer_en.txt` (of kind `person` or `name`: "John Major", "Kofi Annan") that opens more
such names than other entries, that BBC News and Reuters-21578 (scripts/news_corpus.py)
write in lower case in at most `MAX_LOWER` of its uses ("International", "West" or "Mark"
open names too, but are common words), and that they print right before another name in at
least `MIN_BEFORE_NAME` of its capitalised uses: news names a person by the surname alone
after the first mention, so a given name hardly ever stands alone, while a place or a company
does ("in Texas", "Sony said"). Only the words are written, no article text.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.news_corpus import bbc_documents, build_arguments, reuters_documents  # noqa: E402

GAZETTEER = ROOT / "transforms" / "glossaries" / "gazetteer_en.txt"
OUT = ROOT / "transforms" / "glossaries" / "given_names_en.txt"
MIN_NAMES = 1
MAX_LOWER = 0.01
MIN_BEFORE_NAME = 0.8
_WORD = re.compile(r"[A-Za-z]+")
_GIVEN = re.compile(r"[A-Z][a-z]+")
_NEXT_NAME = re.compile(r" (?:[A-Z]\.? )?[A-Z][a-z]")  # "John Major", "John F. Kennedy"

HEADER = """\
# Given names of news in English, one a line: first words of names of people in
# gazetteer_en.txt that BBC News and Reuters-21578 hardly ever write in lower case or alone.
# Built by scripts/build_given_names.py (rebuild it with that script). The dump author ranker
# (transforms/dumps/fields.py) weighs whether a candidate name opens with one of these.
"""


def main() -> int:
    args = build_arguments(OUT)
    people: Counter[str] = Counter()
    others: Counter[str] = Counter()
    for line in GAZETTEER.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, kind, _ = line.split("\t")
        words = name.split()
        if not _GIVEN.fullmatch(words[0]):
            continue
        if kind in ("person", "name") and 2 <= len(words) <= 3:
            people[words[0]] += 1
        else:
            others[words[0]] += 1
    found = {w for w, n in people.items() if n >= MIN_NAMES and n > others[w]}
    lower: Counter[str] = Counter()
    cased: Counter[str] = Counter()
    before_name: Counter[str] = Counter()
    for documents in (bbc_documents(args.data), reuters_documents(args.data)):
        for _, paragraphs in documents:
            for paragraph in paragraphs:
                for match in _WORD.finditer(paragraph):
                    word = match.group()
                    if word.islower():
                        lower[word] += 1
                    elif word[:1].isupper():
                        cased[word] += 1
                        if _NEXT_NAME.match(paragraph, match.end()):
                            before_name[word] += 1
    if not cased:
        print(f"no BBC News or Reuters-21578 under {args.data}")
        return 1
    given = sorted(
        w
        for w in found
        if lower[w.lower()] <= MAX_LOWER * (lower[w.lower()] + cased[w])
        and before_name[w] >= MIN_BEFORE_NAME * cased[w]
    )
    args.out.write_text(HEADER + "\n".join(given) + "\n", encoding="utf-8")
    print(f"{len(given)} given names of {len(found)} first words; wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
