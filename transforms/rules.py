"""One loader for rules data: the word lists, phrase lists and regexes in `transforms/data/` and
`transforms/glossaries/` that users extend without touching code.

One syntax for every file: one entry per line, surrounding spaces stripped; a blank line, or a
line that is `#` or starts with `# `, is a comment (so `#include` is an entry); a line starting
with `re:` is a Python regular expression, every other line a plain entry. What an entry means
(a whole line, a prefix, a phrase) is said in each file's header comment.
"""

from __future__ import annotations

import re
import re._constants as sre_constants
import re._parser as sre_parse
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
FOLDERS = (HERE / "data", HERE / "glossaries")


@dataclass(frozen=True, slots=True)
class RuleSet:
    """The entries of one rules file, in file order."""

    name: str
    plain: tuple[str, ...]  # plain entries as written
    patterns: tuple[str, ...]  # the `re:` entries, without the prefix

    @staticmethod
    @cache
    def load(name: str) -> RuleSet:
        """The rules file `name` (e.g. "chrome_lines.txt") of the shipped folders, cached."""
        return RuleSet.parse(name, _find(name).read_text(encoding="utf-8"))

    @staticmethod
    def from_file(path: Path) -> RuleSet:
        """A rules file outside the shipped folders (a user's own list), same syntax."""
        return RuleSet.parse(path.name, path.read_text(encoding="utf-8"))

    @staticmethod
    def parse(name: str, text: str) -> RuleSet:
        plain: list[str] = []
        patterns: list[str] = []
        for raw in text.splitlines():
            line = raw.strip()
            if not line or line == "#" or line.startswith("# "):
                continue
            if line.startswith("re:"):
                patterns.append(line[3:])
            else:
                plain.append(line)
        return RuleSet(name, tuple(plain), tuple(patterns))

    def words(self) -> frozenset[str]:
        """The plain entries, case-folded: for case-insensitive lookups."""
        return frozenset(entry.casefold() for entry in self.plain)

    def regex(self) -> re.Pattern[str] | None:
        """One alternation of the `re:` entries, or None when the file has none."""
        if not self.patterns:
            return None
        return re.compile("|".join(f"(?:{pattern})" for pattern in self.patterns))


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Whether a text contains any of some literal phrases or any match of some regexes: what
    `re.search` over their one alternation says, at a fraction of its cost (a long alternation
    is tried at every position of every line). Phrases are substring tests; the regexes that
    start with `^` are one alternation tried at the start only; each other regex runs only
    when the text holds the literal strings it cannot match without."""

    phrases: tuple[str, ...]
    anchored: re.Pattern[str] | None
    others: tuple[tuple[tuple[str, ...], re.Pattern[str]], ...]

    @staticmethod
    def build(phrases: Iterable[str] = (), patterns: Iterable[str] = ()) -> AnyOf:
        starts = [p for p in patterns if _anchored(sre_parse.parse(p))]
        rest = [p for p in patterns if p not in starts]
        return AnyOf(
            tuple(sorted(phrases, key=len, reverse=True)),
            re.compile("|".join(f"(?:{p})" for p in starts)) if starts else None,
            tuple((tuple(_required(sre_parse.parse(p))), re.compile(p)) for p in rest),
        )

    def search(self, text: str) -> bool:
        if any(map(text.__contains__, self.phrases)):
            return True
        if self.anchored is not None and self.anchored.match(text):
            return True
        for needed, pattern in self.others:
            if all(map(text.__contains__, needed)) and pattern.search(text):
                return True
        return False

    def __bool__(self) -> bool:
        return bool(self.phrases or self.anchored or self.others)


def _anchored(tree: sre_parse.SubPattern) -> bool:
    """Whether every match of a parsed regex starts at the text's start (`^`, no MULTILINE)."""
    if tree.state.flags & re.MULTILINE or not tree.data:
        return False
    op, av = tree.data[0]
    if op is sre_constants.AT:
        return av is sre_constants.AT_BEGINNING
    if op is sre_constants.SUBPATTERN:
        return _anchored(av[-1])
    if op is sre_constants.BRANCH:
        return all(_anchored(branch) for branch in av[1])
    return False


def _required(tree: sre_parse.SubPattern, ignore_case: bool = False) -> list[str]:
    """Literal strings every match of a parsed regex contains (runs of literal characters
    outside optional parts and alternations, case-sensitive ones only): a text without one of
    them cannot match."""
    if ignore_case or tree.state.flags & re.IGNORECASE:
        return []
    found: list[str] = []
    run = ""
    for op, av in tree.data:
        if op is sre_constants.LITERAL:
            run += chr(av)
            continue
        found += [run] if run else []
        run = ""
        if op is sre_constants.SUBPATTERN:
            found += _required(av[-1], bool(av[1] & re.IGNORECASE))
        elif op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] >= 1:
            found += _required(av[2])
    found += [run] if run else []
    return found


def _find(name: str) -> Path:
    for folder in FOLDERS:
        path = folder / name
        if path.is_file():
            return path
    raise FileNotFoundError(f"no rules file {name} in {', '.join(str(f) for f in FOLDERS)}")


@cache
def month_names() -> dict[str, int]:
    """Every spelling of a month (full name and abbreviations, lower-case) -> its number, from
    `months_en.txt`: the one list of month names."""
    months: dict[str, int] = {}
    for number, entry in enumerate(RuleSet.load("months_en.txt").plain, 1):
        for spelling in entry.casefold().split():
            months[spelling] = number
    return months


def month_full_names() -> tuple[str, ...]:
    """The full month names, lower-case, in calendar order."""
    return tuple(entry.casefold().split()[0] for entry in RuleSet.load("months_en.txt").plain)


def month_pattern() -> str:
    """A regex alternation of every month spelling, longest first (no groups, no anchors)."""
    return "|".join(sorted(map(re.escape, month_names()), key=len, reverse=True))


@cache
def weekday_names() -> dict[str, int]:
    """Every spelling of a weekday (full name and abbreviations, lower-case) -> its number,
    Monday 0, from `weekdays_en.txt`: the one list of weekday names."""
    weekdays: dict[str, int] = {}
    for number, entry in enumerate(RuleSet.load("weekdays_en.txt").plain):
        for spelling in entry.casefold().split():
            weekdays[spelling] = number
    return weekdays


def weekday_full_names() -> tuple[str, ...]:
    """The full weekday names, lower-case, from Monday."""
    return tuple(entry.casefold().split()[0] for entry in RuleSet.load("weekdays_en.txt").plain)
