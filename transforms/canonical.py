"""Person-name mentions and their transliteration-independent keys, for canonical names.

Russian names reach English in several transliterations ("Sergey"/"Sergei Lavrov",
"Mikhail Khodorkovsky"/"Mihail Hodorkovskiy"). The text is never rewritten: each mention is
stored with a key from the rules in `glossaries/name_variants.toml` (ey/ei, iy/y, ks/x,
kh/h, -off/-ov, ...), and the warehouse view `canonical_names` maps every spelling of a key
to its most frequent one.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from transforms.names import org_heads, stopwords
from transforms.rules import RuleSet

# Two or three capitalised words, particles allowed inside ("Staffan de Mistura",
# "Bashar al-Assad"); longer runs are titles or organisations.
_WORD = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|(?:al|el|ad|as|ul|bin)-[A-Z][a-z]+)"
_PARTICLE = r"(?:de|da|di|van|von|der|le|la|bin|ibn)"
_MENTION = re.compile(
    rf"(?<![\w'’.-]){_WORD}(?:[^\S\n]+(?:{_PARTICLE}[^\S\n]+)?{_WORD}){{1,3}}(?![\w'’-])"
)
_PARTICLES = frozenset({"de", "da", "di", "van", "von", "der", "le", "la", "bin", "ibn"})
MAX_NAME_WORDS = 3  # given name, patronymic, surname


def name_mentions(paragraphs: list[str]) -> list[tuple[int, str, str]]:
    """(paragraph ordinal, surface, variant key) of every person-like name, in text order."""
    mentions = []
    for ordinal, paragraph in enumerate(paragraphs):
        for match in _MENTION.finditer(paragraph):
            for surface in _person_names(match.group().split()):
                mentions.append((ordinal, surface, variant_key(surface)))
    return mentions


def _person_names(words: list[str]) -> list[str]:
    """Cut a capitalised run at stop words (titles, months, places); keep 2-3 word pieces."""
    stop = stopwords() | _cut_words()
    names: list[str] = []
    piece: list[str] = []
    for word in [*words, ""]:
        if word and word.lower() not in stop:
            piece.append(word)
            continue
        while piece and piece[-1] in _PARTICLES:
            piece.pop()
        content = [w for w in piece if w not in _PARTICLES]
        if 2 <= len(content) <= MAX_NAME_WORDS and content[-1].lower() not in org_heads():
            names.append(" ".join(piece))
        piece = []
    return names


@lru_cache(maxsize=65536)
def variant_key(name: str, rules_path: Path | None = None) -> str:
    """Spelling-independent key: every word lower-cased and rewritten by the variant rules."""
    rules = _variant_rules(rules_path)
    words = []
    for word in name.lower().replace("-", " ").split():
        for pattern, replacement in rules:
            word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def canonical_person_names(names: Iterable[str], rules_path: Path | None = None) -> dict[str, str]:
    """Map every spelling of a name to its group's most frequent one (ties: first seen)."""
    seen: Counter[str] = Counter()
    first: dict[str, int] = {}
    groups: dict[str, list[str]] = {}
    for raw in names:
        name = " ".join(raw.split())
        if not name:
            continue
        seen[name] += 1
        if name in first:
            continue
        first[name] = len(first)
        groups.setdefault(variant_key(name, rules_path), []).append(name)
    mapping: dict[str, str] = {}
    for variants in groups.values():
        canonical = min(variants, key=lambda v: (-seen[v], first[v]))
        mapping.update(dict.fromkeys(variants, canonical))
    return mapping


@cache
def _cut_words(path: Path | None = None) -> frozenset[str]:
    rules = RuleSet.from_file(path) if path else RuleSet.load("name_cut_words_en.txt")
    return frozenset(word.lower() for entry in rules.plain for word in entry.split())


@cache
def _variant_rules(path: Path | None = None) -> tuple[tuple[re.Pattern[str], str], ...]:
    path = path or Path(__file__).parent / "glossaries" / "name_variants.toml"
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    return tuple((re.compile(r["pattern"]), r["replacement"]) for r in data.get("rule", []))
