"""One loader for rules data: the word lists, phrase lists and regexes in `transforms/data/` and
`transforms/glossaries/` that users extend without touching code.

One syntax for every file: one entry per line, surrounding spaces stripped; a blank line, or a
line that is `#` or starts with `# `, is a comment (so `#include` is an entry); a line starting
with `re:` is a Python regular expression, every other line a plain entry. What an entry means
(a whole line, a prefix, a phrase) is said in each file's header comment.
"""

from __future__ import annotations

import re
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
