"""Every line a dump cleaner did not keep, with why: the record behind `cleaning_drops` and
`wirehouse explain`.

A cleaner keeps whole lines (or the lines of a wrapped paragraph) and drops the rest, so the
words of its body are the words of the kept raw lines, in order. `dropped_lines` finds those
lines by aligning the body's words with each raw line's words, and records every other
non-blank line with the most specific reason its `reason` callable knows, else where the line
sits (above, within or below the article). A cleaner that labels its lines itself (a line
model) passes `reason=lambda line_no, text: labels.get(line_no)`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from itertools import accumulate

from transforms.dumps import raw_lines
from transforms.normalize import normalize_text
from transforms.records import DroppedLine

logger = logging.getLogger(__name__)

# A line no rule names, right under a line dropped for one of these, goes with it: the links
# under a "Related" header, the reader comments under their header, what follows a footer;
# a clip's title goes with the player debris under it too.
CONTINUED = frozenset({"related_links", "comments", "footer", "player_debris"})
CONTINUED_UPWARDS = frozenset({"player_debris"})
# Reasons that say little about a line: a neighbour's reason above takes precedence.
WEAK = frozenset({None, "short_line"})
Reason = Callable[[int, str], str | None]  # (line number, raw line) -> reason, or None

# The line breaks of normalize_text (and of ftfy's fix_line_breaks): lines are numbered alike
# in the cleaner, in `cleaning_drops` and in `wirehouse explain`.

# Words as the aligner compares them: letters and digits, casefolded; "_" is markdown emphasis.
_WORD = re.compile(r"[^\W_]+")
_NOT_WORD = re.compile(r"[\W_]+")
_NOT_WORD_IN_LINE = re.compile(r"[^\w\n]+|_+")
# Markdown that is not text a reader saw, as the dump cleaner reads it: images (alt text too)
# and link targets, and reference labels. Within a line first, then those html2text wrapped
# over lines (an image's alt text or target, a link's target; a blank line ends a paragraph).
_MD_HIDDEN_IN_LINE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)|\]\([^)\n]*\)?|\]\[[^\]\n]*\]")
_MD_HIDDEN_SPANNING = re.compile(
    r"!\[[^\]]*\n[^\]]*\]\([^)]*\)|!\[[^\]\n]*\]\([^)\n]*\n[^)]*\)"
    r"|\]\([^)\n]*\n(?:[^)\n]|\n(?![ \t]*\n))*\)?"
)
# What opens a markdown line of its own (a heading, list item, quote, table row, fence), so
# it continues no paragraph; a heading is a line of its own.
_MD_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|>|\||\d{1,3}[.)]\s|```|~~~|[=-]{3,})")
_MD_HEADING = re.compile(r"^\s*#{1,6}\s")
# Characters normalize_text removes inside words; the aligner drops them without running ftfy.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\u180e\ufeff\u00ad]")


def dropped_lines(
    raw_text: str, fmt: str, kept: Sequence[str], reason: Reason | None = None
) -> list[DroppedLine]:
    """Each non-blank line of `raw_text` whose words are not part of the body `kept`, with
    `reason(line_no, line)` or, when that says nothing, where the line sits."""
    lines = raw_lines(raw_text)
    words = line_words(lines, fmt)
    taken = align([(w,) for w in words], *_body(_visible(" ".join(kept))))
    if taken is None:
        taken = _align_harder(lines, fmt, kept)
    first, last = (min(taken), max(taken)) if taken else (len(lines), -1)
    drops: list[DroppedLine] = []
    previous = -1  # the last non-blank line
    for group in _dropped_groups(lines, fmt, taken):
        index = group[0]
        joined = " ".join(lines[i].strip() for i in group)
        markup = not any(words[i] for i in group)
        why = "markup" if markup else reason(index + 1, joined) if reason else None
        if why in WEAK and drops and drops[-1].line_no == previous + 1:
            why = drops[-1].reason if drops[-1].reason in CONTINUED else why
        if why is None:
            why = "above_article" if index < first else "below_article" if index > last else None
        drops += [DroppedLine(i + 1, lines[i].strip(), why or "within_article") for i in group]
        previous = group[-1]
    return _continue_upwards(drops, lines)


def _dropped_groups(lines: list[str], fmt: str, taken: set[int]) -> list[list[int]]:
    """The dropped non-blank lines, those of one wrapped markdown paragraph together (their
    reason is the paragraph's: "Rescue teams from" alone names no rule)."""
    groups: list[list[int]] = []
    for index, line in enumerate(lines):
        if index in taken or not line.strip():
            continue
        if (
            fmt == "markdown"
            and groups
            and groups[-1][-1] == index - 1
            and not _MD_BLOCK_START.match(line)
            and not _MD_HEADING.match(lines[index - 1])
        ):
            groups[-1].append(index)
        else:
            groups.append([index])
    return groups


def _continue_upwards(drops: list[DroppedLine], lines: list[str]) -> list[DroppedLine]:
    """A line placed only by where it sits, right above a line dropped for a reason of
    CONTINUED_UPWARDS, takes that reason."""
    placed = ("above_article", "within_article", "below_article")
    for index in range(len(drops) - 2, -1, -1):
        here, below = drops[index], drops[index + 1]
        between = lines[here.line_no : below.line_no - 1]
        if (
            here.reason in placed
            and below.reason in CONTINUED_UPWARDS
            and not any(line.strip() for line in between)
        ):
            drops[index] = DroppedLine(here.line_no, here.text, below.reason)
    return drops


def _align_harder(lines: list[str], fmt: str, kept: Sequence[str]) -> set[int]:
    """Alignment where the cheap reading failed: each line also with its markup (a link the
    cleaner did not recognise keeps its target), then words as the cleaner read them (ftfy's
    repairs of mojibake and entities); as a last resort lines found in order."""
    readings = line_readings(lines, fmt, normalize=False)
    body, ends = _body(_visible(" ".join(kept)))
    taken = align(readings, body, ends)
    if taken is None:
        readings = line_readings(lines, fmt)
        body, ends = _body(" ".join(kept))
        taken = align(readings, body, ends)
    if taken is None:
        logger.info("body words not all found among the raw lines; alignment is partial")
        taken = align_partial(readings, body)
    return taken


def line_readings(lines: list[str], fmt: str, normalize: bool = True) -> list[tuple[str, str]]:
    """Each line's words without and with its markdown link targets; as the cleaner read it
    (after normalize_text) unless `normalize` is false."""
    normalized = lines
    if normalize:
        normalized = raw_lines(normalize_text("\n".join(lines)))
        if len(normalized) != len(lines):
            normalized = lines
    stripped = line_words(normalized, fmt)
    invisible = [_visible(line) for line in normalized]
    return [(w, word_string(line)) for w, line in zip(stripped, invisible, strict=True)]


def _body(text: str) -> tuple[str, set[int]]:
    """The body's words as `_words` writes them, and where each word ends in that string."""
    words = _WORD.findall(text.casefold())
    return "".join(words), set(accumulate(map(len, words)))


def _visible(text: str) -> str:
    """The text without the invisible characters normalize_text removes (str.translate with
    a table is slow on non-ASCII text; a regex is not)."""
    return text if text.isascii() else _INVISIBLE.sub("", text)


def word_string(text: str) -> str:
    """Casefolded letters and digits, without the spaces and marks between words: a cleaner
    glues what markup parted ("[Jane Doe](/a)Published" reads "Jane DoePublished")."""
    return _NOT_WORD.sub("", text.casefold())


def line_words(lines: Sequence[str], fmt: str) -> list[str]:
    """Each line's words as `_words` writes them, without markdown a reader never saw (the
    cleaner reads link syntax in text dumps too, line by line). One pass over the whole text:
    a match keeps its line breaks, so the lines keep their numbers."""
    text = _visible("\n".join(lines))
    if "](" in text or "][" in text:
        if fmt == "markdown":
            text = _MD_HIDDEN_SPANNING.sub(lambda m: "\n" * m.group(0).count("\n"), text)
        text = _MD_HIDDEN_IN_LINE.sub("", text)
    return _NOT_WORD_IN_LINE.sub("", text.casefold()).split("\n")


def without_link_targets(line: str) -> str:
    """A markdown line without images and link targets: "[label](url)" reads "[label"."""
    return _MD_HIDDEN_IN_LINE.sub("", line) if "](" in line or "][" in line else line


def align(
    words: Sequence[Sequence[str]], body: str, ends: set[int] | None = None
) -> set[int] | None:
    """Indexes of the lines whose words (one of each line's readings), in order, make up the
    body; None when no choice of lines does. The first copy of a repeated line is kept.

    A first pass takes each line that matches where the last one ended, and, given the
    body's word `ends`, ends on one ("The" is not the start of "There were"); when that does
    not spell the whole body, `_align_exact` searches."""
    taken: set[int] = set()
    at = 0
    for index, readings in enumerate(words):
        for line in readings:
            if line and body.startswith(line, at) and (ends is None or at + len(line) in ends):
                taken.add(index)
                at += len(line)
                break
    if at == len(body):
        return taken
    return _align_exact(words, body)


def _align_exact(words: Sequence[Sequence[str]], body: str) -> set[int] | None:
    """The same, when taking each matching line greedily went wrong (a menu line "Share"
    before a paragraph opening "Share prices ..."): positions from which the remaining lines
    can still spell the rest of the body, computed from the end (anywhere, not only at word
    ends: a cleaner glues what markup parted)."""
    finishes: list[set[int]] = [set() for _ in range(len(words) + 1)]
    finishes[-1] = {len(body)}
    for index in range(len(words) - 1, -1, -1):
        after = finishes[index + 1]
        here = set(after)
        for line in words[index]:
            if line:
                here.update(_starts_before(line, after, body))
        finishes[index] = here
    if 0 not in finishes[0]:
        return None
    taken: set[int] = set()
    at = 0
    for index, readings in enumerate(words):
        for line in readings:
            if line and body.startswith(line, at) and at + len(line) in finishes[index + 1]:
                taken.add(index)
                at += len(line)
                break
    return taken


def _starts_before(line: str, ends: set[int], body: str) -> list[int]:
    """Where `line` occurs in the body ending at one of `ends`: by looking at each end, or at
    each occurrence when there are fewer of those."""
    size = len(line)
    if len(ends) <= 64 or body.count(line) >= len(ends):
        return [e - size for e in ends if e >= size and body.startswith(line, e - size)]
    starts = []
    found = body.find(line)
    while found >= 0:
        if found + size in ends:
            starts.append(found)
        found = body.find(line, found + 1)
    return starts


def align_partial(words: Sequence[Sequence[str]], body: str, min_jump: int = 40) -> set[int]:
    """Lines found in the body in order, for a body the lines cannot spell exactly (the
    cleaner kept markup it usually removes): a line is taken where the last one ended, or
    further on when it is long enough (`min_jump` letters) not to be found there by chance."""
    taken: set[int] = set()
    at = 0
    for index, readings in enumerate(words):
        for line in readings:
            if not line:
                continue
            found = at if body.startswith(line, at) else -1
            if found < 0 and len(line) >= min_jump:
                found = body.find(line, at)
            if found >= 0:
                taken.add(index)
                at = found + len(line)
                break
    return taken
