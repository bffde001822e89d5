"""Glossaries of machine-translation artifacts: load TOML files into compiled, ordered entries.

An entry is both a repair (pattern -> replacement, with context conditions) and, where its
`evidence` weight is above zero, a feature of machine-translation detection. The format is
documented at the top of `glossaries/ru_en.toml`.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import product
from pathlib import Path

from transforms.rules import RuleSet, month_full_names

logger = logging.getLogger(__name__)

CLASSES = ("acronym", "calque", "name", "casing", "number", "punctuation")
LEXICAL_CLASSES = frozenset({"acronym", "calque", "name", "casing"})
NORMALISATION_CLASSES = frozenset({"number", "punctuation"})
CONTEXT_CHARS = 80  # conditions look at most this far around a match
# The trigger prefilter: an entry runs only on a text holding one of its triggers, a word
# (lower-case letters between non-letters: "MID-RF" holds "mid" and "rf"; "exact:may" only in
# that case), a character ("«"),
# or a shape ("shape:0,0": A stands for any capital, a for any small letter, 0 for any digit:
# a decimal comma). A romanization with too many spellings to list is
# triggered by the first letters of its words ("prefix:min").
_PIECES = re.compile(r"[A-Za-z\u00c0-\u024f]+")  # Latin letters, accented ones included
TRIGGER_LETTERS = 3
MAX_TRIGGER_SPELLINGS = 256
_SHAPE_CLASSES = {"A": "[A-Z]", "a": "[a-z]", "0": "[0-9]"}
# Named sets a pattern or condition may use, spelled {{name}}: "{{month}}" is every full
# month name, "{{agent}}" every word of `casing_agent_words_en.txt` (what an institution does:
# "said", "fined", "officials").
_SETS = {
    "month": lambda: "|".join(month_full_names()),
    "agent": lambda: "|".join(sorted(RuleSet.load("casing_agent_words_en.txt").words())),
}
_SENTENCE_OPENERS = frozenset('.!?:;"“”«(—–\n')


class GlossaryError(ValueError):
    """A glossary file that cannot be used: bad TOML, unknown class, bad regex."""


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One compiled rule; `find` yields (start, end, replacement) where its conditions hold."""

    id: str
    category: str
    pattern: re.Pattern[str]
    replacement: str | None
    evidence: float = 0.0
    before: re.Pattern[str] | None = None
    after: re.Pattern[str] | None = None
    is_regex: bool = False
    capitalize: bool = False
    word_boundary: bool = True
    inside_quotation: bool = False
    source: str = ""
    # The entry runs only on a text holding one of these (a lower-case word, "prefix:abc",
    # "shape:0,0", or characters); None: on every text.
    triggers: frozenset[str] | None = None

    @property
    def rule(self) -> str:
        if self.category in NORMALISATION_CLASSES:
            return f"{self.category}:{self.id}"
        return f"glossary:{self.category}:{self.id}"

    def find(self, text: str) -> Iterator[tuple[int, int, str | None]]:
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if (
                self.word_boundary
                and start
                and (text[start - 1].isalnum() or text[start - 1] in "_-")
            ):
                continue  # the left boundary is checked here: a regex lookbehind is 5x slower
            if self.before and not self.before.search(text, max(0, start - CONTEXT_CHARS), start):
                continue
            if self.after and not self.after.match(text, end, end + CONTEXT_CHARS):
                continue
            if self.inside_quotation and not _inside_quotation(text, start):
                continue
            if self.replacement is None:
                yield start, end, None
                continue
            after = match.expand(self.replacement) if self.is_regex else self.replacement
            if self.capitalize or (
                text[start].isupper() and after[:1].islower() and _opens_sentence(text, start)
            ):
                after = after[:1].upper() + after[1:]
            yield start, end, after


@dataclass(frozen=True, slots=True)
class Glossary:
    """Entries in file order (earlier entries win overlaps), plus a combined evidence prefilter.

    A text is scanned once for every entry that may match it (by its trigger words or
    characters) and the scan is kept for the next call on the same text: detection and
    repair look at each paragraph with different subsets of entries."""

    entries: tuple[GlossaryEntry, ...] = ()
    evidence_entries: tuple[GlossaryEntry, ...] = field(default=(), compare=False)
    memo: dict = field(default_factory=dict, compare=False, repr=False)

    def __reduce__(self) -> tuple[type, tuple]:
        return type(self), (self.entries, self.evidence_entries)  # the memo is rebuilt

    def matches(
        self, text: str, entries: Iterable[GlossaryEntry] | None = None
    ) -> list[tuple[int, int, str | None, GlossaryEntry]]:
        """Matches of `entries` (default all), earlier entries winning overlaps, sorted by start."""
        allowed = None if entries is None else self._positions(entries)
        taken: list[tuple[int, int, str | None, GlossaryEntry]] = []
        for position, start, end, after in self._scan(text):
            if allowed is not None and position not in allowed:
                continue
            if not any(start < t_end and t_start < end for t_start, t_end, _, _ in taken):
                taken.append((start, end, after, self.entries[position]))
        return sorted(taken, key=lambda match: match[0])

    def repair_entries(self, categories: frozenset[str]) -> tuple[GlossaryEntry, ...]:
        cached = self.memo.setdefault("repair_entries", {})
        if categories not in cached:
            cached[categories] = tuple(
                e for e in self.entries if e.replacement is not None and e.category in categories
            )
        return cached[categories]

    def _scan(self, text: str) -> list[tuple[int, int, int, str | None]]:
        """(entry position, start, end, replacement) of every match, in entry order."""
        scans: dict[str, list] = self.memo.setdefault("scans", {})
        found = scans.get(text)
        if found is not None:
            return found
        found = []
        for position in self._candidates(text):
            for start, end, after in self.entries[position].find(text):
                if after is not None and after == text[start:end]:
                    continue  # already as the entry writes it: it must not hide another entry
                found.append((position, start, end, after))
        if len(scans) >= SCAN_MEMO:
            scans.clear()
        scans[text] = found
        return found

    def _candidates(self, text: str) -> list[int]:
        """Positions of the entries whose triggers the text holds, in entry order."""
        index = self.memo.get("index")
        if index is None:
            index = self.memo["index"] = _TriggerIndex.build(self.entries)
        positions = set(index.always)
        pieces = set(_PIECES.findall(text))
        words = {piece.lower() for piece in pieces}
        for word in index.words & words:
            positions.update(index.by_word[word])
        for word in index.exact & pieces:
            positions.update(index.by_word[f"exact:{word}"])
        if index.prefixes:
            for prefix in index.prefixes & {w[:TRIGGER_LETTERS] for w in words}:
                positions.update(index.by_word[f"prefix:{prefix}"])
        for need, triggered in index.by_characters.items():
            if need in text:
                positions.update(triggered)
        for shape, triggered in index.by_shape:
            if shape.search(text):
                positions.update(triggered)
        return sorted(positions)

    def _positions(self, entries: Iterable[GlossaryEntry]) -> frozenset[int]:
        subsets = self.memo.setdefault("subsets", {})
        cached = subsets.get(id(entries))
        if cached is None or cached[0] is not entries:
            where = {id(entry): i for i, entry in enumerate(self.entries)}
            cached = (entries, frozenset(where[id(e)] for e in entries if id(e) in where))
            subsets[id(entries)] = cached
        return cached[1]


SCAN_MEMO = 512  # paragraphs whose scan is kept (a long document's, between detection and repair)
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True, slots=True)
class _TriggerIndex:
    always: tuple[int, ...]  # entries without triggers
    by_word: dict[str, tuple[int, ...]]  # word or "prefix:abc" -> entries it triggers
    words: frozenset[str]  # the words of by_word
    exact: frozenset[str]  # the Abc of its "exact:Abc" keys (case matters)
    prefixes: frozenset[str]  # the abc of its "prefix:abc" keys
    by_characters: dict[str, tuple[int, ...]]  # characters -> entries
    by_shape: tuple[tuple[re.Pattern[str], tuple[int, ...]], ...]  # "shape:0,0" as a regex

    @classmethod
    def build(cls, entries: tuple[GlossaryEntry, ...]) -> _TriggerIndex:
        always: list[int] = []
        by_word: dict[str, list[int]] = {}
        by_characters: dict[str, list[int]] = {}
        for position, entry in enumerate(entries):
            if entry.triggers is None:
                always.append(position)
                continue
            for trigger in entry.triggers:
                target = by_word if _is_word_trigger(trigger) else by_characters
                target.setdefault(trigger, []).append(position)
        return cls(
            tuple(always),
            {k: tuple(v) for k, v in by_word.items()},
            frozenset(k for k in by_word if ":" not in k),
            frozenset(k[6:] for k in by_word if k.startswith("exact:")),
            frozenset(k[7:] for k in by_word if k.startswith("prefix:")),
            {k: tuple(v) for k, v in by_characters.items() if not k.startswith("shape:")},
            tuple(
                (_shape_regex(k[6:]), tuple(v))
                for k, v in by_characters.items()
                if k.startswith("shape:")
            ),
        )


def _shape_regex(shape: str) -> re.Pattern[str]:
    """ "0,0" -> [0-9],[0-9]: A is any capital, a any small letter, 0 any digit."""
    return re.compile("".join(_SHAPE_CLASSES.get(c, re.escape(c)) for c in shape))


def _is_word_trigger(trigger: str) -> bool:
    return trigger.startswith(("prefix:", "exact:")) or trigger.isalpha()


def default_glossary_paths() -> list[Path]:
    """The shipped glossaries: `glossaries/*.toml` beside this module (not the name rules)."""
    folder = Path(__file__).parent / "glossaries"
    return sorted(p for p in folder.glob("*.toml") if p.name != "name_variants.toml")


def load_glossary(paths: list[Path]) -> Glossary:
    """Compile the entries of `paths` in order; a bad entry fails loudly with its file and id."""
    entries: list[GlossaryEntry] = []
    for path in paths:
        with open(path, "rb") as handle:
            try:
                data = tomllib.load(handle)
            except tomllib.TOMLDecodeError as exc:
                raise GlossaryError(f"{path}: {exc}") from exc
        for raw in data.get("entry", []):
            entries.append(_compile_entry(raw, str(path)))
    logger.debug("loaded %s glossary entries from %s files", len(entries), len(paths))
    evidence = tuple(e for e in entries if e.evidence > 0)
    return Glossary(entries=tuple(entries), evidence_entries=evidence)


def _compile_entry(raw: dict[str, object], source: str) -> GlossaryEntry:
    """Validate one TOML table and compile its pattern and conditions."""
    entry_id = str(raw.get("id") or raw.get("pattern") or raw.get("cyrillic") or "")
    category = str(raw.get("class", ""))
    if category not in CLASSES:
        raise GlossaryError(f"{source}: entry {entry_id!r}: class {category!r} not in {CLASSES}")
    pattern = raw.get("pattern")
    cyrillic = raw.get("cyrillic")
    is_regex = bool(raw.get("regex", False))
    triggers: frozenset[str] | None = None
    if isinstance(cyrillic, str) and cyrillic and pattern is None:
        body, triggers = romanized(cyrillic, capitalised=category == "name")
    elif isinstance(pattern, str) and pattern:
        body = _expand_sets(pattern, source, entry_id) if is_regex else re.escape(pattern)
        first = re.match(r"[^\W\d_]+", pattern)
        if not is_regex and first:
            triggers = frozenset({first.group().lower()})
    else:
        raise GlossaryError(f"{source}: entry {entry_id!r}: give a pattern or a cyrillic form")
    if raw.get("drop_article"):
        body = rf"(?:(?<![\w-])[Tt]he\s+)?(?:{body})"
    if isinstance(raw.get("trigger"), list):
        triggers = frozenset(str(t).lower() if str(t).isalpha() else str(t) for t in raw["trigger"])
    if not raw.get("case_sensitive", True):
        body = f"(?i:{body})"
    if raw.get("word_boundary", True):
        body = rf"(?:{body})(?![\w-])"
    replacement = raw.get("replacement")
    try:
        return GlossaryEntry(
            id=entry_id,
            category=category,
            pattern=re.compile(body),
            replacement=None if replacement is None else str(replacement),
            evidence=float(raw.get("evidence", 0.0)),  # type: ignore[arg-type]
            before=_condition(raw, "before", source, entry_id),
            after=_condition(raw, "after", source, entry_id),
            is_regex=is_regex,
            capitalize=bool(raw.get("capitalize", False)),
            word_boundary=bool(raw.get("word_boundary", True)),
            inside_quotation=bool(raw.get("inside_quotation", False)),
            source=source,
            triggers=triggers,
        )
    except re.error as exc:
        raise GlossaryError(f"{source}: entry {entry_id!r}: {exc}") from exc


def _condition(
    raw: dict[str, object], name: str, source: str, entry_id: str
) -> re.Pattern[str] | None:
    if not raw.get(name):
        return None
    body = _expand_sets(str(raw[name]), source, entry_id)
    return re.compile(f"(?:{body})$" if name == "before" else body)


def romanized(cyrillic: str, capitalised: bool = False) -> tuple[str, frozenset[str]]:
    """A regex matching every romanization of a Cyrillic form (`translit_ru_latin.txt`), and
    its triggers. An all-capitals word is an abbreviation, romanized letter by letter in
    capitals or title case ("ЦБ": TsB, TSB, CzB, CB); another word may open in either case
    (only in capitals when `capitalised`: a name) and goes on in lower case ("Минобороны":
    Minoborony, minoborony). Other characters stand for themselves; spaces match any run of
    spaces."""
    spellings = latin_spellings()
    words: list[str] = []
    firsts: set[str] = set()
    for number, word in enumerate(cyrillic.split()):
        letters: list[list[str]] = []
        abbreviation = word.isupper()
        for position, char in enumerate(word):
            options = spellings.get(char.lower())
            if options is None:
                letters.append([char])
            elif abbreviation:
                letters.append(sorted({o.upper() for o in options} | {o.title() for o in options}))
            elif position == 0 and capitalised:
                letters.append(sorted({o.title() for o in options if o}))
            elif position == 0:
                letters.append(sorted({o.title() for o in options} | set(options)))
            else:
                letters.append(list(options))
        words.append("".join(_alternation(options) for options in letters))
        if number == 0:
            firsts = _first_words(letters)
    return r"\s+".join(words), frozenset(firsts)


@cache
def latin_spellings() -> dict[str, tuple[str, ...]]:
    """Cyrillic letter -> its Latin spellings, from `translit_ru_latin.txt`."""
    table: dict[str, tuple[str, ...]] = {}
    for line in RuleSet.load("translit_ru_latin.txt").plain:
        letter, *options = line.split()
        table[letter] = tuple("" if option == "-" else option for option in options)
    return table


def _alternation(options: list[str]) -> str:
    escaped = sorted({re.escape(o) for o in options}, key=len, reverse=True)
    if len(escaped) == 1:
        return escaped[0]
    return f"(?:{'|'.join(escaped)})"


def _first_words(letters: list[list[str]]) -> set[str]:
    """Triggers of a romanization: the lower-case first piece of each spelling of its first
    word, or the first letters of those ("prefix:min") when the spellings are too many."""
    count = 1
    for options in letters:
        count *= len(options)
    if count > MAX_TRIGGER_SPELLINGS:
        return {
            f"prefix:{''.join(c)[:TRIGGER_LETTERS].lower()}"
            for c in product(*letters[:TRIGGER_LETTERS])
        }
    found: set[str] = set()
    for combination in product(*letters):
        piece = _PIECES.match("".join(combination))
        if piece:
            found.add(piece.group().lower())
    return found


def _expand_sets(pattern: str, source: str, entry_id: str) -> str:
    def expand(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in _SETS:
            raise GlossaryError(f"{source}: entry {entry_id!r}: unknown set {{{{{name}}}}}")
        return f"(?:{_SETS[name]()})"

    return re.sub(r"\{\{(\w+)\}\}", expand, pattern)


def _opens_sentence(text: str, position: int) -> bool:
    """Whether `position` opens the text, a sentence, a quotation or a parenthesis."""
    i = position - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    return i < 0 or text[i] in _SENTENCE_OPENERS


def _inside_quotation(text: str, position: int) -> bool:
    """Whether a curly or angle quotation opened before `position` is still open there."""
    before = text[:position]
    return before.count("“") + before.count("«") > before.count("”") + before.count("»")
