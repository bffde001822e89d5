"""A document's raw lines, each marked kept or not with why: what `wirehouse explain` prints.

A dump's record is its drop rows (`cleaning_drops`): every non-blank raw line is body text
unless a row names it. An HTML page has no drop rows; what trafilatura returned is its
record, so the page's text lines (as a browser breaks them into blocks) are marked kept when
the body holds them and `not_in_body` otherwise (trafilatura left them out, or the chrome and
template rules removed them after it), the headline `title`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from transforms.drops import dropped_lines, raw_lines
from transforms.page_lines import page_lines
from transforms.records import DroppedLine
from transforms.templates import line_key

logger = logging.getLogger(__name__)

DUMP_FORMATS = ("text", "markdown")
_WORD = re.compile(r"[^\W_]+")
KEPT = "kept"


@dataclass(frozen=True, slots=True)
class ExplainConfig:
    # A page line is kept when the body holds this share of its words: trafilatura may drop
    # an inline bit (a "[1]" footnote mark, an ad slot) of a paragraph it keeps.
    kept_share: float = 0.9


DEFAULT_CONFIG = ExplainConfig()


@dataclass(frozen=True, slots=True)
class ExplainedLine:
    """One non-blank line of a document: `reason` is 'kept' or why the body does not hold it."""

    line_no: int
    text: str
    reason: str
    detail: str = ""  # what decided (the line model's probability and strongest signal)

    @property
    def kept(self) -> bool:
        return self.reason == KEPT


def explain_dump(raw_text: str, drops: Sequence[DroppedLine]) -> list[ExplainedLine]:
    """Every non-blank line of a dump: dropped with its row's reason, else kept."""
    reasons = {d.line_no: (d.reason, d.detail) for d in drops}
    return [
        ExplainedLine(number, line.strip(), *reasons.get(number, (KEPT, "")))
        for number, line in enumerate(raw_lines(raw_text), 1)
        if line.strip()
    ]


def realign_dump(raw_text: str, fmt: str, body: str) -> list[ExplainedLine]:
    """A dump loaded before drops were recorded: lines the body holds are kept, the others are
    `not_in_body` (no reason was stored; a backfill records them)."""
    drops = dropped_lines(raw_text, fmt, [body], lambda line_no, text: "not_in_body")
    return explain_dump(raw_text, drops)


def explain_html(
    page: str, body: str, title: str | None, config: ExplainConfig = DEFAULT_CONFIG
) -> list[ExplainedLine]:
    """The page's text lines: kept when the body holds their words (matched in order with
    difflib over the page's and the body's words), `partly_kept` when it holds some of them,
    the headline `title`, the others `not_in_body`."""
    lines = page_lines(page)
    tokens: list[str] = []
    owner: list[int] = []  # the line of each page word
    for index, line in enumerate(lines):
        words = _WORD.findall(line.casefold())
        tokens += words
        owner += [index] * len(words)
    matched = [0] * len(lines)
    matcher = SequenceMatcher(None, tokens, _WORD.findall(body.casefold()))
    for block in matcher.get_matching_blocks():
        for position in range(block.a, block.a + block.size):
            matched[owner[position]] += 1
    explained = []
    for index, line in enumerate(lines):
        share = matched[index] / max(1, len(_WORD.findall(line.casefold())))
        reason = (
            KEPT
            if share >= config.kept_share
            else "title"
            if _is_title(line, title)
            else "partly_kept"
            if matched[index]
            else "not_in_body"
        )
        explained.append(ExplainedLine(index + 1, line, reason))
    return explained


def _is_title(line: str, title: str | None) -> bool:
    """The headline, or the headline of a title that appends the site ("... | Site")."""
    key, title_key = line_key(line), line_key(title or "")
    return bool(key) and (key == title_key or (title_key.startswith(key + " ") and " " in key))
