"""Header fields of a dump: which line is the headline, which names the author, which dates
the publication.

One ranker per field (a conditional logit, as discrete-choice models pick one option of a
set): the candidates are the lines the line model finds likeliest for the field whose text
yields a value (a headline, a name, a date), plus "none". Each candidate is scored from the
line's signals (transforms/dumps/features.py), its context and label probabilities
(transforms/dumps/model.py), and where it sits against the article and the other fields (under
the headline, above the first paragraph, the earliest of the page's dates, a name the page
prints again); the likeliest option wins. Weights live in `line_model.json` beside the line
model's and are fitted by `tools/fit_line_model.py` on the same development pages, so the
choice is calibrated and says which signals decided.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from transforms.chrome import note_author
from transforms.dumps.features import CLOSES_SENTENCE, LOCAL, STOPWORDS
from transforms.dumps.header import (
    any_date,
    author_of,
    byline_and_date,
    byline_name,
    is_byline_opener,
)
from transforms.dumps.lexer import Line
from transforms.dumps.model import BODY, BYLINE, CONTEXT, DATE, PARAMS, TITLE
from transforms.records import PartialDate
from transforms.rules import RuleSet

FIELDS = ("title", "author", "date")
LABEL_OF = {"title": TITLE, "author": BYLINE, "date": DATE}
# Candidates per field: the lines the line model ranks highest for it that yield a value. On
# the WCXB development half the right line is among the first 8 for 88% of titles, 64% of
# authors and 71% of dates, and 12 adds little beyond (coverage measured before fitting).
CANDIDATES = 12
# Lines scanned down the model's order to find them.
SCAN = 48
# Longest lines read: a headline runs to 30 words, a byline with its date and role to 25.
MAX_WORDS = {"title": 30, "author": 25, "date": 30}
EXTRA = (
    "log_p",
    "log_rank",
    "above_body",
    "in_body",
    "below_body",
    "no_body",
    "copies",
    "value_copies",
    "value_words",
    "value_share",
    "first_line",
    "cut",
    "title_distance",
    "title_below",
    "title_above",
    "no_title",
    "after_opener",
    "one_word",
    "lower_name",
    "note",
    "name_lines",
    "update",
    "year_missing",
    "month_only",
    "earliest",
    "latest",
    "author_line",
    "author_near",
    "older",
    "older_first",
    "older_none",
    "common_words",
    "given_name",
    "label_above",
    "date_next",
    "shaped",
    "echo",
    "lede_overlap",
    "menu_run",
)
_BREADCRUMB = re.compile(r"\s+[»›>]\s+")  # "Home » Travel » <headline>"
_UPDATE_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(RuleSet.load("date_update_words.txt").words())) + r")\b"
)
_SHAPED = [LOCAL.index("date_line"), LOCAL.index("byline")]
_DATE_LINE = LOCAL.index("date_line")
# Lines on each side read for a run of menu items (up to MENU_WORDS words, closing no
# sentence).
MENU_REACH = 3
MENU_WORDS = 3
_CONTENT_WORD = re.compile(r"[^\W\d_]{3,}")
# Byline-shaped lines added to the author's candidates wherever the line model ranks them
# (`shaped_bylines`), at most this many, top down.
SHAPED = 4
_NO_HEADLINE = [LOCAL.index(name) for name in ("list_item", "numbered_item", "date_line")]
# Given names of news in English (scripts/build_given_names.py): a name opening with one is a
# person's, not a menu's or a site's ("Jane Doe" against "Recent Posts", "Admin").
_GIVEN = RuleSet.load("given_names_en.txt").words()
_OPENER = re.compile(r"\bby\b|^(?:author|written|posted|byline)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Ranker:
    """A field's weights over its candidates' features and the score of 'none'."""

    weights: np.ndarray
    none: float


@dataclass(frozen=True, slots=True)
class Candidates:
    """A field's candidate lines (indexes into the page's lines), their values and features."""

    field: str
    indexes: list[int]
    values: list[object]
    rows: np.ndarray


@dataclass(frozen=True, slots=True)
class Pick:
    """The ranker's choice: a line index (None: no line names the field), its value, the
    choice's probability and the signals that raised it most over the other candidates."""

    index: int | None
    value: object
    probability: float
    signals: tuple[str, ...] = ()


def field_names() -> tuple[str, ...]:
    """Names of a candidate's features, in order: the line's own and context signals, the
    line model's second-pass probabilities, then EXTRA."""
    return (*LOCAL, *CONTEXT, "p2_body", "p2_title", "p2_byline", "p2_date", *EXTRA)


@cache
def load_rankers(path: Path = PARAMS) -> dict[str, Ranker]:
    """The fitted rankers of `line_model.json`, read once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data.get("field_features", ())) != EXTRA:
        raise ValueError(f"{path} was fitted for other field features: refit it")
    fitted = data["fields"]
    rankers = {
        name: Ranker(np.asarray(fitted[name]["weights"], float), float(fitted[name]["none"]))
        for name in FIELDS
    }
    size = len(field_names())
    if any(len(r.weights) != size for r in rankers.values()):
        raise ValueError(f"{path} was fitted for other field features: refit it")
    return rankers


def headline_of(text: str) -> str:
    """The headline a title line holds: the last part of a breadcrumb."""
    return _BREADCRUMB.split(text.strip())[-1]


def find_candidates(
    field: str,
    lines: Sequence[Line],
    probs: np.ndarray,
    full: np.ndarray,
    excluded: set[int] | frozenset[int] = frozenset(),
    notes: Sequence[int] = (),
    headline_max_words: int = 25,
    body_from: float = 0.4,
    older: int | None = None,
    note_tail: int = 3,
) -> tuple[list[int], list[object]]:
    """The field's candidate lines and values: down the line model's order for the field, the
    first `CANDIDATES` lines whose text yields a value; for the author also the author notes
    (`notes`: lines opening "Jane Doe is a senior writer ..." with fewer than `note_tail`
    (DumpConfig.note_tail_lines) likely body lines below them: an author's note is one of
    the article's last lines). A sentence closing with a
    period and longer than `headline_max_words` (DumpConfig) is a caption or a lede, never
    the headline (WCXB development half: titles run to 22 words, 2 of 332 close with a
    period). A line of `body_from`+ body probability (DumpConfig.body_min_probability) is kept
    as article text, so it is a candidate only when it has the shape of the field's line
    (`_reads_as_text`): the headline is never a kept sentence, and a day or a name a sentence
    mentions ("born 5 April 1920 in Leeds, ...", "By the end of the night ...") is no date
    line and no byline. The older picker's line (`older`, see `candidate_rows`) is always a
    candidate when its text yields a value."""
    label = LABEL_OF[field]
    score = probs[:, label] + (probs[:, BYLINE] if field == "date" else 0.0)
    order = np.argsort(-score, kind="stable")[:SCAN]
    indexes: list[int] = []
    values: list[object] = []
    for index in order:
        index = int(index)
        line = lines[index]
        if index in excluded or line.words > MAX_WORDS[field]:
            continue
        if field == "title" and line.words > headline_max_words and line.text.endswith("."):
            continue
        if field == "title" and full[index, _NO_HEADLINE].any():
            continue  # a numbered step, a list item or a date line is no headline
        if field == "title" and _UPDATE_WORDS.search(line.key) and any_date(line.text):
            continue  # a timestamp ("PUBLISHED: 12 March 2013 | UPDATED: ...") neither
        if probs[index, BODY] >= body_from and _reads_as_text(field, full[index]):
            continue
        value = _value(field, line.text)
        if value is not None:
            indexes.append(index)
            values.append(value)
            if len(indexes) >= CANDIDATES:
                break
    if older is not None and older not in indexes and older not in excluded:
        value = _older_value(field, lines[older].text)
        if value is not None:
            indexes.append(older)
            values.append(value)
    if field == "author":
        body = np.flatnonzero(probs[:, BODY] >= body_from)
        for index in notes:
            if int((body > index).sum()) >= note_tail:
                continue  # a note about a person the story tells of, not its author's
            if index not in indexes and index not in excluded:
                name = note_author(lines[index].text)
                if name:
                    indexes.append(index)
                    values.append(name)
        for index, name in shaped_bylines(lines, full, set(indexes) | set(excluded)):
            indexes.append(index)
            values.append(name)
    return indexes, values


def shaped_bylines(
    lines: Sequence[Line], full: np.ndarray, taken: set[int]
) -> list[tuple[int, str]]:
    """Lines with a byline's shape and the name each gives, top down (at most `SHAPED`): a
    name after a byline opener ("By Jane Doe", "Text by Jane Doe", "12/19 - 2025 by ibby"),
    a name under an opener alone ("Author" / "Jane Doe"), or a name of up to four words
    over a date line ("Jane Doe" / "Dec 18, 2025"); never a line closing a sentence."""
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        if index in taken or not _byline_shaped(lines, full, index):
            continue
        name = byline_name(line.text)
        if name:
            found.append((index, name))
            if len(found) >= SHAPED:
                break
    return found


def _byline_shaped(lines: Sequence[Line], full: np.ndarray, index: int) -> bool:
    """Whether a line has a byline's shape (see `shaped_bylines`)."""
    line = lines[index]
    if line.words > MAX_WORDS["author"] or full[index, CLOSES_SENTENCE]:
        return False
    return bool(
        _OPENER.search(line.text)
        or _label_above(lines, index)
        or (line.words <= 4 and _date_next(full, index))
    )


def _label_above(lines: Sequence[Line], index: int) -> bool:
    """Whether the line above is a byline opener alone ("By", "Author:", "Posted by")."""
    return index > 0 and is_byline_opener(lines[index - 1].key.rstrip(":").strip())


def _date_next(full: np.ndarray, index: int) -> bool:
    """Whether one of the two lines below is a date line."""
    return bool(full[index + 1 : index + 3, _DATE_LINE].any())


def _older_value(field: str, text: str) -> object:
    """The value the older picker reads from its line (the author's: `author_of`, else the
    name of "By A | March 3")."""
    if field == "author":
        return author_of(text) or byline_and_date(text)[0]
    return _value(field, text)


def _reads_as_text(field: str, row: np.ndarray) -> bool:
    """Whether a likely body line is article text for the field, from its signals: a line
    closing a sentence, and for the author and the date also a line with neither a byline's
    nor a date line's shape."""
    if field == "title":
        return bool(row[CLOSES_SENTENCE])
    return bool(row[CLOSES_SENTENCE]) or not row[_SHAPED].any()


def _value(field: str, text: str) -> object:
    if field == "title":
        value = headline_of(text)
        return value if len(value.split()) >= 1 else None
    if field == "author":
        return byline_name(text)
    date = byline_and_date(text)[1] or any_date(text)
    return date if date is not None and (date.year or (date.month and date.day)) else None


def candidate_rows(
    field: str,
    indexes: list[int],
    values: list[object],
    lines: Sequence[Line],
    full: np.ndarray,
    probs: np.ndarray,
    body_from: float,
    title_index: int | None = None,
    author_index: int | None = None,
    notes: Sequence[int] = (),
    older: int | None = None,
    older_first: bool = False,
) -> np.ndarray:
    """Features of each candidate: the line's own and context signals (`full`), the line
    model's second-pass probabilities, and EXTRA: where it sits against the article (lines
    of `body_from`+ body probability) and the other fields, how often the page prints it,
    and whether the older picker chose it (`older`: the line the likeliest title or byline
    line gives, transforms/dumps `_older_title` / `_pick_author`; `older_first`: the older
    picker took the first line as a clean dump's headline; `older_none`: it found none, the
    same on every candidate, so it moves them all against "none")."""
    total = len(lines)
    body = np.flatnonzero(probs[:, BODY] >= body_from)
    first_body = int(body[0]) if body.size else total
    last_body = int(body[-1]) if body.size else -1
    label = LABEL_OF[field]
    keys = Counter(lines[i].key for i in range(total)) if indexes else Counter()
    lower = _lower_words(lines) if field == "author" and indexes else frozenset()
    value_keys = Counter(_value_key(v) for v in values)
    days = [_day_key(v) for v in values] if field == "date" else []
    known_days = [d for d in days if d is not None]
    earliest = min(known_days) if known_days else None
    latest = max(known_days) if known_days else None
    extra = np.zeros((len(indexes), len(EXTRA)))
    note_set = set(notes)
    for row, (index, value) in enumerate(zip(indexes, values, strict=True)):
        line = lines[index]
        text = line.text
        value_text = value if isinstance(value, str) else ""
        cells = {
            "log_p": math.log(probs[index, label] + 1e-4) / 5,
            "log_rank": math.log1p(row) / 3,
            "above_body": math.log1p(first_body - index) / 3 if index < first_body else 0.0,
            "in_body": float(first_body <= index <= last_body),
            "below_body": math.log1p(index - last_body) / 3 if index > last_body >= 0 else 0.0,
            "no_body": float(last_body < 0),
            "copies": math.log1p(keys[line.key] - 1),
            "value_copies": math.log1p(value_keys[_value_key(value)] - 1),
            "value_words": min(len(value_text.split()), 10) / 5,
            "value_share": len(value_text) / max(1, len(text)),
            "first_line": float(index == 0),
            "cut": float(field == "title" and value_text != text.strip()),
            "older": float(index == older),
            "older_first": float(index == older and older_first),
            "older_none": float(older is None),
        }
        if field == "title":
            cells["echo"] = _echo(value_text, index, lines)
            cells["lede_overlap"] = _lede_overlap(value_text, index, lines, body)
            cells["menu_run"] = _menu_run(index, lines, full)
        if field != "title":
            if title_index is None:
                cells["no_title"] = 1.0
            else:
                cells["title_distance"] = math.log1p(abs(index - title_index)) / 3
                cells["title_below"] = float(index > title_index)
                cells["title_above"] = float(index < title_index)
        if field == "author":
            words = value_text.split()
            cells["after_opener"] = float(bool(_OPENER.search(text)))
            cells["one_word"] = float(len(words) == 1)
            cells["lower_name"] = float(value_text[:1].islower())
            cells["note"] = float(index in note_set)
            cells["name_lines"] = _name_lines(value_text, lines)
            cells["common_words"] = _common_share(words, lower)
            cells["given_name"] = float(bool(words) and words[0].casefold() in _GIVEN)
            cells["label_above"] = float(_label_above(lines, index))
            cells["date_next"] = float(_date_next(full, index))
            cells["shaped"] = float(_byline_shaped(lines, full, index))
        if field == "date" and isinstance(value, PartialDate):
            day = days[row]
            cells["update"] = float(bool(_UPDATE_WORDS.search(line.key)))
            cells["year_missing"] = float(value.year is None)
            cells["month_only"] = float(value.day is None)
            cells["earliest"] = float(day is not None and day == earliest)
            cells["latest"] = float(day is not None and day == latest)
            cells["author_line"] = float(byline_and_date(text)[0] is not None)
            cells["author_near"] = float(
                author_index is not None and abs(index - author_index) <= 2
            )
        extra[row] = [cells.get(name, 0.0) for name in EXTRA]
    if not indexes:
        return np.zeros((0, full.shape[1] + 4 + len(EXTRA)))
    chosen = np.asarray(indexes)
    second = probs[chosen][:, [BODY, TITLE, BYLINE, DATE]]
    return np.hstack([full[chosen], second, extra])


def _echo(headline: str, index: int, lines: Sequence[Line]) -> float:
    """How many other lines print the headline inside more text (a breadcrumb "Home > Blog >
    <headline>", a share text, the page's "<headline> | Site" title)."""
    key = headline.casefold().strip()
    if len(key) < 12:
        return 0.0
    count = sum(
        1 for i, line in enumerate(lines) if i != index and key in line.key and line.key != key
    )
    return math.log1p(count)


def _lede_overlap(headline: str, index: int, lines: Sequence[Line], body: np.ndarray) -> float:
    """Share of the headline's content words that the first body line below it uses."""
    below = body[body > index]
    words = {w.casefold() for w in _CONTENT_WORD.findall(headline)} - STOPWORDS
    if not below.size or not words:
        return 0.0
    lede = {w.casefold() for w in _CONTENT_WORD.findall(lines[int(below[0])].text)}
    return len(words & lede) / len(words)


def _menu_run(index: int, lines: Sequence[Line], full: np.ndarray) -> float:
    """Share of the `MENU_REACH` lines on each side that read as menu items."""
    around = [
        i
        for i in range(index - MENU_REACH, index + MENU_REACH + 1)
        if i != index and 0 <= i < len(lines)
    ]
    if not around:
        return 0.0
    menu = sum(lines[i].words <= MENU_WORDS and not full[i, CLOSES_SENTENCE] for i in around)
    return menu / len(around)


def _value_key(value: object) -> str:
    if isinstance(value, PartialDate):
        return f"{value.year}-{value.month}-{value.day}"
    return str(value).casefold()


def _day_key(value: object) -> tuple[int, int, int] | None:
    if isinstance(value, PartialDate) and value.year and value.month:
        return (value.year, value.month, value.day or 0)
    return None


_LOWER_WORD = re.compile(r"(?<![\w.@-])[a-z][a-z'-]+")


def _lower_words(lines: Sequence[Line]) -> frozenset[str]:
    """The words the page prints in lower case somewhere ("email", "page", "price")."""
    return frozenset(w for line in lines for w in _LOWER_WORD.findall(line.text))


def _common_share(words: list[str], lower: frozenset[str]) -> float:
    """Share of a name's capitalised words that the page also prints in lower case: common
    words ("Email Address", "Select Page", "Recent Posts"), not a person's name."""
    capital = [w.casefold() for w in words if w[:1].isupper()]
    return sum(w in lower for w in capital) / len(capital) if capital else 0.0


def _name_lines(name: str, lines: Sequence[Line]) -> float:
    """How many of the page's lines print the name (a byline repeated in an author box)."""
    if len(name) < 3:
        return 0.0
    key = name.casefold()
    return math.log1p(max(0, sum(key in line.key for line in lines) - 1))


def pick(ranker: Ranker, names: Sequence[str], found: Candidates) -> Pick:
    """The likeliest of a field's candidates, or none; with its probability and signals."""
    if not found.indexes:
        return Pick(None, None, 1.0)
    scores = found.rows @ ranker.weights
    top = int(scores.argmax())
    every = np.append(scores, ranker.none)
    every = np.exp(every - every.max())
    every /= every.sum()
    if scores[top] <= ranker.none:
        return Pick(None, None, float(every[-1]))
    push = (found.rows[top] - found.rows.mean(axis=0)) * ranker.weights
    strongest = np.argsort(-push)[:3]
    signals = tuple(f"{names[j]}{push[j]:+.1f}" for j in strongest if push[j] > 0)
    return Pick(found.indexes[top], found.values[top], float(every[top]), signals)
