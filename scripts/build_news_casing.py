"""Build `transforms/glossaries/casing_news_en.txt`: how native English news cases names.

    PYTHONPATH=. .venv/bin/python scripts/build_news_casing.py [--data ../shared/data]

Reads BBC News and Reuters-21578 (../shared/data; paragraphs mostly in capitals skipped) and
finds, with the repair stage's own counter (`transforms.truecase.count_casing`), the
capitalised phrases of 2-5 words the warehouse's rule would trust; then counts every casing
each of them is written in anywhere in the corpus ("Asian Dollar Market" beside "Asian dollar
market", which the counter's patterns do not see), and ships a phrase whose dominant form is
still at least `min_count` uses and `min_share` of its cased and mixed uses, with every form
and its count, so counts the warehouse learns add to them. The dominant form's line also
carries how often the phrase was written all in lower case, and whether its words have a
common-noun reading ("white house", "security council": `literal`) or not ("european
commission": `name`), which decide where an all-lower-case span may be capitalised.

Single words are shipped only for adjectives of places ("Russian", "Iraqi", "Chinese"): a
word with an adjective ending (-an, -ese, -ish, -i, -ic) made of a place name of Reuters'
place labels or scripts/gazetteer_own.txt (its last letter or two may go) and at most four
more letters, capitalised at least 10 times and used as a name ("Mr X", "X said") in at most
2% of its uses, or an adjective listed in scripts/gazetteer_own.txt; either way written in
lower case in at most 1% of its uses. Only phrase forms and counts are written, no article
text.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.news_corpus import (  # noqa: E402
    bbc_documents,
    build_arguments,
    mostly_capitals,
    reuters_documents,
)
from transforms.truecase import (  # noqa: E402
    FUNCTION_WORDS,
    TruecaseConfig,
    _is_name_form,
    _sentence_initial,
    count_casing,
    learned_forms,
)

OUT = ROOT / "transforms" / "glossaries" / "casing_news_en.txt"
# A word with this many lower-case uses has a common-noun reading ("house", "council").
LITERAL_MIN_LOWER = 5
# Single words: adjectives of places ("russian", "chinese", "iraqi"); names of places and
# people are not capitalised from a word count.
ADJECTIVE = re.compile(r"[A-Z][a-z]+(?:an|ese|ish|i|ic)")
OWN_NAMES = Path(__file__).parent / "gazetteer_own.txt"
# ... and hardly ever used as a person's or company's name: "Mr Greenspan", "Eastman said".
NAME_USES = 0.02
_AS_NAME = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr)\.?\s+([A-Z][a-z]+)\b"
    r"|(?<!\bthe )(?<!\bThe )(?<!\ba )\b([A-Z][a-z]+)(?:'s|\s+(?:said|says|told|added))\b"
)
WORD_MIN_COUNT = 10
WORD_MAX_LOWER = 0.01  # "american" 15 times in lower case beside 2,167 "American"
_WORD = re.compile(r"(?<![\w'’.-])[A-Za-z][a-z]+(?:-[A-Za-z][a-z]+)*(?![\w'’-])")

HEADER = """\
# How native English news cases names: phrase forms and counts learned from BBC News (2,225
# articles) and Reuters-21578 (19,043 articles with a body) by scripts/build_news_casing.py;
# rebuild it with that script. Phrase forms and counts only, no article text.
#
# One form a line: form<TAB>count. The first line of a phrase is its dominant form and adds
# <TAB>lower-case count<TAB>reading: how often the phrase was written all in lower case, and
# `literal` when its words are common nouns too ("white house"), `name` when not ("european
# commission"). Single words are nationality and religion adjectives. transforms/truecase.py
# loads it (load_news_casing) and adds the counts the warehouse learns from its own native
# documents.
"""


def main() -> int:
    args = build_arguments(OUT)
    bodies = [doc[1:] for _, doc in bbc_documents(args.data)]  # the first line is the title
    bodies += [doc for _, doc in reuters_documents(args.data)]
    paragraphs = [p for body in bodies for p in body if not mostly_capitals(p)]
    if not paragraphs:
        print(f"no BBC News or Reuters-21578 under {args.data}")
        return 1
    config = TruecaseConfig()
    forms = learned_forms(count_casing(paragraphs, config), config)
    candidates = {key for key, counts in forms.items() if _trusted(counts, config)}
    every_form, lower_phrases, lower_words, capital_words, as_name = _all_forms(
        paragraphs, candidates
    )
    trusted = {key: every_form[key] for key in candidates if _trusted(every_form[key], config)}
    lines = [HEADER]
    for key in sorted(trusted, key=lambda k: (-max(trusted[k].values()), k)):
        ranked = sorted(trusted[key].items(), key=lambda item: (-item[1], item[0]))
        literal = all(
            w in FUNCTION_WORDS or lower_words[w] >= LITERAL_MIN_LOWER for w in key.split()
        )
        form, n = ranked[0]
        reading = "literal" if literal else "name"
        lines.append(f"{form}\t{n}\t{lower_phrases[key]}\t{reading}")
        lines += [f"{other}\t{count}" for other, count in ranked[1:]]
    places, adjectives = _place_words(args.data)
    words = [
        (word, n)
        for word, n in capital_words.items()
        if (word in adjectives or (n >= WORD_MIN_COUNT and ADJECTIVE.fullmatch(word)))
        and lower_words[word.lower()] <= WORD_MAX_LOWER * n
        and (word in adjectives or (as_name[word] <= NAME_USES * n and _of_a_place(word, places)))
    ]
    for word, n in sorted(words, key=lambda item: (-item[1], item[0])):
        lines.append(f"{word}\t{n}\t{lower_words[word.lower()]}\tname")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    size = args.out.stat().st_size
    print(f"{len(trusted)} phrases, {len(words)} words from {len(paragraphs)} paragraphs")
    print(f"wrote {args.out} ({size / 1024:.0f} KiB)")
    return 0


def _place_words(data: Path) -> tuple[frozenset[str], frozenset[str]]:
    """Words of place names (Reuters' place labels and the places of gazetteer_own.txt), and
    the adjectives of places and peoples written in gazetteer_own.txt."""
    words: set[str] = set()
    adjectives: set[str] = set()
    for path in sorted((data / "reuters-21578").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            for label in item.get("places") or []:
                words.update(w.title() for w in label.split("-") if len(w) > 3)
    for line in OWN_NAMES.read_text(encoding="utf-8").splitlines():
        if line.endswith("\tplace"):
            words.update(line.split("\t")[0].split())
        elif line.endswith("\tadjective"):
            adjectives.add(line.split("\t")[0])
    return frozenset(words), frozenset(adjectives)


def _of_a_place(word: str, places: frozenset[str]) -> bool:
    """ "Iraqi" of Iraq, "Chinese" of China, "Turkish" of Turkey: the word is a place name
    (its last two letters may go) with an ending of at most four letters, not the place."""
    if word in places:
        return False
    for place in places:
        stem = place[:-2] if len(place) > 5 else place[:-1]
        if len(stem) >= 3 and word.startswith(stem) and len(word) - len(stem) <= 4:
            return True
    return False


def _trusted(counts: dict[str, int], config: TruecaseConfig) -> bool:
    if not counts:
        return False
    form, n = max(counts.items(), key=lambda item: item[1])
    share = n / sum(counts.values())
    return n >= config.min_count and share >= config.min_share and _is_name_form(form)


def _all_forms(
    paragraphs: list[str], candidates: set[str]
) -> tuple[dict[str, Counter[str]], Counter[str], Counter[str], Counter[str], Counter[str]]:
    """Every cased or mixed form of each candidate phrase (not opening a sentence, where any
    first word is capitalised), its all-lower-case uses, and the lower-case, capitalised (not
    opening a sentence) and name-like ("Mr X", "X said") uses of each word."""
    lengths = sorted({len(key.split()) for key in candidates})
    forms: dict[str, Counter[str]] = {key: Counter() for key in candidates}
    phrases: Counter[str] = Counter()
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    as_name: Counter[str] = Counter()
    for paragraph in paragraphs:
        for match in _AS_NAME.finditer(paragraph):
            as_name[match.group(1) or match.group(2)] += 1
        for match in _WORD.finditer(paragraph):
            word = match.group()
            if word.islower():
                lower[word] += 1
            elif word[1:].islower() and not _sentence_initial(paragraph, match.start()):
                capital[word] += 1
        words = [(m.start(), m.group()) for m in _PHRASE_WORD.finditer(paragraph)]
        for i in range(len(words)):
            for n in lengths:
                span = words[i : i + n]
                if len(span) < n:
                    break
                key = " ".join(w.lower() for _, w in span)
                if key not in candidates:
                    continue
                if not _adjacent(paragraph, span):
                    continue
                form = " ".join(w for _, w in span)
                if form == key:
                    phrases[key] += 1
                elif not _sentence_initial(paragraph, span[0][0]) or form[1:] != key[1:]:
                    forms[key][form] += 1
    return forms, phrases, lower, capital, as_name


_PHRASE_WORD = re.compile(
    r"(?<!['’])(?:[A-Za-z](?:\.[A-Za-z])+\.|[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z])"
)


def _adjacent(text: str, span: list[tuple[int, str]]) -> bool:
    """Words separated by spaces only (no comma or full stop between them)."""
    return all(not text[a + len(w) : b].strip() for (a, w), (b, _) in pairwise(span))


if __name__ == "__main__":
    raise SystemExit(main())
