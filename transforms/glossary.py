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
from pathlib import Path

logger = logging.getLogger(__name__)

CLASSES = ("acronym", "calque", "name", "casing", "number", "punctuation")
LEXICAL_CLASSES = frozenset({"acronym", "calque", "name", "casing"})
NORMALISATION_CLASSES = frozenset({"number", "punctuation"})
CONTEXT_CHARS = 80  # conditions look at most this far around a match


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
            if self.capitalize:
                after = after[:1].upper() + after[1:]
            yield start, end, after


@dataclass(frozen=True, slots=True)
class Glossary:
    """Entries in file order (earlier entries win overlaps), plus a combined evidence prefilter."""

    entries: tuple[GlossaryEntry, ...] = ()
    evidence_entries: tuple[GlossaryEntry, ...] = field(default=(), compare=False)

    def matches(
        self, text: str, entries: Iterable[GlossaryEntry] | None = None
    ) -> list[tuple[int, int, str | None, GlossaryEntry]]:
        """Matches of `entries` (default all), earlier entries winning overlaps, sorted by start."""
        taken: list[tuple[int, int, str | None, GlossaryEntry]] = []
        for entry in self.entries if entries is None else entries:
            for start, end, after in entry.find(text):
                if not any(start < t_end and t_start < end for t_start, t_end, _, _ in taken):
                    taken.append((start, end, after, entry))
        return sorted(taken, key=lambda match: match[0])

    def repair_entries(self, categories: frozenset[str]) -> list[GlossaryEntry]:
        return [e for e in self.entries if e.replacement is not None and e.category in categories]


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
    entry_id = str(raw.get("id") or raw.get("pattern") or "")
    category = str(raw.get("class", ""))
    if category not in CLASSES:
        raise GlossaryError(f"{source}: entry {entry_id!r}: class {category!r} not in {CLASSES}")
    pattern = raw.get("pattern")
    if not isinstance(pattern, str) or not pattern:
        raise GlossaryError(f"{source}: entry {entry_id!r}: missing pattern")
    is_regex = bool(raw.get("regex", False))
    body = pattern if is_regex else re.escape(pattern)
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
            before=re.compile(f"(?:{raw['before']})$") if raw.get("before") else None,
            after=re.compile(str(raw["after"])) if raw.get("after") else None,
            is_regex=is_regex,
            capitalize=bool(raw.get("capitalize", False)),
            word_boundary=bool(raw.get("word_boundary", True)),
            inside_quotation=bool(raw.get("inside_quotation", False)),
            source=source,
        )
    except re.error as exc:
        raise GlossaryError(f"{source}: entry {entry_id!r}: {exc}") from exc


def _inside_quotation(text: str, position: int) -> bool:
    """Whether a curly or angle quotation opened before `position` is still open there."""
    before = text[:position]
    return before.count("“") + before.count("«") > before.count("”") + before.count("»")
