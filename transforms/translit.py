"""Names left in Russian romanization, matched back to their English spelling.

Machine translation from Russian renders names it does not know letter by letter: "Dzhon
Kerri" (Джон Керри), "Barak Obama", "Vashington". Rather than one glossary entry per name,
every word gets a phonetic key (`glossaries/translit_key.txt`: dzh and j, kh and h, w and v,
c and k or s, vowels dropped) shared by its English spelling and its romanizations, and a
name of the text is matched to the names of a gazetteer with the same key and number of
words: the shipped `glossaries/gazetteer_en.txt` (people, places and organisations of
international news) and the names the warehouse's native documents use (its casing lexicon).

A match is rewritten only when it is one name (two names with the key: left alone and counted
as ambiguous), the text's spelling could be a romanization (no English-only spelling such as
"c", "w", "th": `translit_spelling_en.txt`), and the difference is the romanization's: the
text shows a Russian-only spelling (dzh, kh, an apostrophe for the soft sign:
`translit_spelling_ru.txt`), or the gazetteer's name an English-only one or an English "-y"
where the text has the Russian "-i" (Kerry / Kerri). A name that is itself Russian
(`translit_origin_ru.txt`: Lavrov, Navalny) is never rewritten into another of its spellings,
and a single word is matched only alone or beside titles ("in Vashington", "President
Makron"), never inside a longer name ("Chicago Bulls" is not "Chicago Belize").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from transforms.names import stopwords as english_words_and_titles
from transforms.rules import RuleSet
from transforms.truecase import TextEdit

logger = logging.getLogger(__name__)

MAX_WORDS = 3
# A capitalised word of a name: letters, an inner hyphen or apostrophe, a trailing soft sign.
_WORD = r"[A-Z][a-zA-Z]*(?:['’ʹ-][A-Za-z]+)*['’ʹ]?"
_RUN = re.compile(rf"(?<![\w'’ʹ.-]){_WORD}(?:[^\S\n]+{_WORD})*(?![\w'’ʹ-])")
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")  # "Kerri's", "United States'"


@dataclass(frozen=True, slots=True)
class NameIndex:
    """Names by (number of words, phonetic key), the names themselves, and their words."""

    by_key: dict[tuple[int, str], frozenset[str]]
    names: frozenset[str]
    words: frozenset[str]

    @classmethod
    def build(cls, names: Iterable[str]) -> NameIndex:
        by_key: dict[tuple[int, str], set[str]] = {}
        known: set[str] = set()
        words: set[str] = set()
        for raw in names:
            name = " ".join(raw.split())
            parts = name.split()
            if not parts or len(parts) > MAX_WORDS:
                continue
            known.add(name)
            words.update(parts)
            by_key.setdefault((len(parts), name_key(name)), set()).add(name)
        return cls({k: frozenset(v) for k, v in by_key.items()}, frozenset(known), frozenset(words))


@dataclass(frozen=True, slots=True)
class NameMatches:
    edits: list[TextEdit]
    ambiguous: int  # names with two or more candidates, left alone


def match_names(paragraph: str, indexes: Iterable[NameIndex]) -> NameMatches:
    """Edits that give romanized names of `paragraph` their English spelling, left to right."""
    indexes = tuple(indexes)
    known = _known_words(indexes)
    titles = english_words_and_titles()
    edits: list[TextEdit] = []
    ambiguous = 0
    for run in _RUN.finditer(paragraph):
        text = run.group()
        if " " not in text and (text in known or text.lower() in english_words()):
            continue  # one known word, the commonest run: nothing to match
        words = [(m.start() + run.start(), m.group()) for m in _WORDS.finditer(text)]
        if words[-1][1][-1] in "'’" and _in_single_quotes(paragraph, run.start()):
            words[-1] = (words[-1][0], words[-1][1][:-1])  # 'Beijing': a quotation mark
        initial = _opens_sentence(paragraph, run.start())
        plain = [w.lower() in titles for _, w in words]
        i = 0
        while i < len(words):
            # a single word may be matched only alone or beside titles
            alone = all(plain[j] for j in range(len(words)) if j != i)
            taken = _match_at(words, i, indexes, initial and i == 0, alone)
            if taken is None:
                i += 1
                continue
            n, target, count = taken
            if count > 1:
                ambiguous += 1
            elif target is not None:
                start = words[i][0]
                last_start, last = words[i + n - 1]
                end = last_start + len(_POSSESSIVE.sub("", last))
                edits.append(TextEdit(start, end, paragraph[start:end], target, "name:translit"))
            i += n
    return NameMatches(edits, ambiguous)


_WORDS = re.compile(r"\S+")
_KNOWN: dict[tuple[int, ...], tuple[tuple[NameIndex, ...], frozenset[str]]] = {}


def _known_words(indexes: tuple[NameIndex, ...]) -> frozenset[str]:
    """The words of every name of `indexes` (kept for the same indexes)."""
    key = tuple(id(index) for index in indexes)
    cached = _KNOWN.get(key)
    if cached is None or any(a is not b for a, b in zip(cached[0], indexes, strict=True)):
        if len(_KNOWN) > 8:
            _KNOWN.clear()
        cached = _KNOWN[key] = (indexes, frozenset().union(*(i.words for i in indexes)))
    return cached[1]


def _match_at(
    words: list[tuple[int, str]],
    i: int,
    indexes: tuple[NameIndex, ...],
    initial: bool,
    alone: bool,
) -> tuple[int, str | None, int] | None:
    """(words taken, the name to write or None, candidates) for the longest name at word i.
    A single word opening a sentence is capitalised anyway: it must look Russian itself."""
    for n in range(min(MAX_WORDS, len(words) - i), 0, -1):
        parts = [_POSSESSIVE.sub("", w) for _, w in words[i : i + n]]
        if any(_POSSESSIVE.search(w) for _, w in words[i : i + n - 1]):
            continue  # a possessive ends a name: "Putin's Kerri"
        surface = " ".join(parts)
        if any(surface in index.names for index in indexes):
            return n, None, 0  # already a known name
        if any(_NOT_A_NAME_WORD.fullmatch(p) for p in parts):
            continue  # "AAPL", "S Bruno": capitals and initials are no romanized name
        if n > 1 and any(p.lower() in english_words() for p in parts):
            continue  # "Mr Dein", "President Makron": a title is not part of the name
        if n == 1 and (
            not alone
            or surface.lower() in english_words()
            or any(surface in index.words for index in indexes)
        ):
            return None  # inside a longer name, an English word, or a known word of a name
        key = (n, name_key(surface))
        candidates = {name for index in indexes for name in index.by_key.get(key, ())}
        candidates = {
            c
            for c in candidates
            if _is_romanization_of(parts, c.split(), n == 1 and initial)
            and (n > 1 or _vowels(surface) == _vowels(c))  # a lone word keeps its vowels
        }
        if candidates:
            return n, (next(iter(candidates)) if len(candidates) == 1 else None), len(candidates)
    return None


_NOT_A_NAME_WORD = re.compile(r"[A-Z]{2,}\w*|[A-Z]\.?|[A-Z][a-z]?\.|(?!Mc|Mac)\w*[a-z][A-Z]\w*")


def _is_romanization_of(surface: list[str], target: list[str], strict: bool = False) -> bool:
    """Whether the text's words read as a Russian romanization of the target's English
    spelling. None of them may show an English-only spelling, and each keeps the name's
    syllables. A Russian-only spelling anywhere in them (dzh, kh, a soft sign) explains
    any difference of vowels ("Dzho Baiden"); without one, each word that differs must keep
    the target's vowels ("Barak" / "Barack", "Vashington" / "Washington") or, where the target
    shows an English-only spelling, at least its syllables ("Mei" / "May"); and when `strict`
    (a lone word opening a sentence) only a Russian-only spelling will do. A lone word
    needs one of these spellings on either side ("Vashington" / "Washington": w)."""
    english, russian = spelling_patterns()
    lowered = [w.lower() for w in surface]
    if any(english.search(w) for w in lowered):
        return False
    gaps = [abs(_syllables(s) - _syllables(t)) for s, t in zip(lowered, target, strict=True)]
    if any(gaps) and (len(target) == 1 or max(gaps) > 1):
        return False  # "Yudhoyono" is not "Aden": a spelling keeps the name's syllables
    if len(target) > 1 and any(russian_origin().search(t.lower()) for t in target):
        return False  # a Russian name: every romanization of it is English already
    if any(russian.search(w) for w in lowered):
        return True
    if strict:
        return False
    if len(target) == 1:  # a lone word: the target must show an English-only spelling
        return bool(english.search(target[0].lower()))
    differing = [(s, t) for s, t in zip(surface, target, strict=True) if s != t]
    return all(
        _vowels(s) == _vowels(t)
        or (s.lower().endswith("i") and t.lower().endswith("y"))
        or (english.search(t.lower()) and _syllables(s) == _syllables(t))
        for s, t in differing
    )


_QUOTE_OPEN = re.compile(r"(?:^|(?<=[\s(\[]))['‘](?=\w)")
_QUOTE_CLOSE = re.compile(r"(?<=\w)['’](?=[\s.,;:!?)\]]|$)")


def _in_single_quotes(text: str, position: int) -> bool:
    """Whether a single quotation opened before `position` is still open there."""
    before = text[max(0, position - 300) : position + 1]
    return len(_QUOTE_OPEN.findall(before)) > len(_QUOTE_CLOSE.findall(before))


_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SILENT_E = re.compile(r"(?<=[^aeiouy])e$")


def _vowels(word: str) -> str:
    """The vowels of a word in order, y as i, repeats and an English silent final e dropped:
    a single word must keep them ("Vashington" / "Washington": aio; not "Opel" / "Apple")."""
    vowels = re.sub(r"[^aeiou]", "", _SILENT_E.sub("", word.lower()).replace("y", "i"))
    return re.sub(r"(.)\1+", r"\1", vowels)


def _syllables(word: str) -> int:
    """Vowel groups of a word, an English final silent e not counted ("Mike": 1)."""
    return len(_VOWEL_GROUPS.findall(_SILENT_E.sub("", word.lower())))


def _opens_sentence(text: str, position: int) -> bool:
    i = position - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in '.!?:;"“”«(—–\n'


@lru_cache(maxsize=65_536)
def name_key(name: str) -> str:
    """The phonetic key of a name: each word's key, space-separated (hyphens kept)."""
    return " ".join("-".join(_word_key(_plain(p)) for p in w.split("-")) for w in name.split())


def _word_key(word: str) -> str:
    for pattern, replacement in key_rules():
        word = pattern.sub(replacement, word)
    return word


def _plain(word: str) -> str:
    """Lower case without accents, but with the carons of scholarly š, č, ž (key rules)."""
    kept = []
    for char in unicodedata.normalize("NFKD", word.lower()):
        if not unicodedata.combining(char) or (char == "\u030c" and kept and kept[-1] in "scz"):
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


@cache
def key_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The rewrites of `translit_key.txt`, in order."""
    rules = []
    for line in RuleSet.load("translit_key.txt").plain:
        pattern, _, replacement = line.partition(" =>")
        rules.append((re.compile(pattern.strip()), replacement.strip()))
    return tuple(rules)


@cache
def spelling_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """English-only and Russian-romanization-only spellings (`translit_spelling_*.txt`)."""
    english = RuleSet.load("translit_spelling_en.txt").regex()
    russian = RuleSet.load("translit_spelling_ru.txt").regex()
    assert english is not None and russian is not None
    return english, russian


@cache
def english_words() -> frozenset[str]:
    """English function words (`stopwords_en.txt`) and titles (`names_stopwords.txt`)."""
    return RuleSet.load("stopwords_en.txt").words() | english_words_and_titles()


@cache
def russian_origin() -> re.Pattern[str]:
    """Endings of Russian and post-Soviet names (`translit_origin_ru.txt`)."""
    pattern = RuleSet.load("translit_origin_ru.txt").regex()
    assert pattern is not None
    return pattern


@cache
def shipped_names() -> NameIndex:
    """The gazetteer of international news (`gazetteer_en.txt`), indexed once per process."""
    rules = RuleSet.load("gazetteer_en.txt")
    return NameIndex.build(line.split("\t", 1)[0] for line in rules.plain)
