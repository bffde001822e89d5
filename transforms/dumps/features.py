"""Signals of each logical line of a dump, as numbers the line model weighs.

Local signals: length, English function-word share, sentence punctuation, case, digits, link
share, heading and list markup, code, the chrome word lists of transforms/chrome.py (one
feature per kind), byline and date-line shapes, position, repetition in the page and the
words a short line shares with the page's prose (a headline names what the article tells).
Context signals (what the neighbours were found to be) are added by the model's second pass.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence

from transforms.chrome import BIO_ROLES, chrome_kind, ends_sentence, is_call_to_action, note_author
from transforms.chrome import DEFAULT_CONFIG as CHROME
from transforms.dumps.header import bare_name, byline_and_date, is_byline_opener
from transforms.dumps.lexer import Line
from transforms.metadata import BYLINE_OPENERS, find_mentioned_dates, parse_url_line
from transforms.rules import RuleSet

STOPWORDS = RuleSet.load("stopwords_en.txt").words()
_IS_STOPWORD = STOPWORDS.__contains__
CREDIT_OPENERS = tuple(sorted(RuleSet.load("credit_lines.txt").words()))
CHROME_KINDS = ("chrome", "section", "debris", "promo", "notice", "footer", "comments", "caption")
LOCAL = (
    "words_log",
    "w1",
    "w2_3",
    "w4_7",
    "w8_15",
    "w16_30",
    "w31_plus",
    "stopwords",
    "no_stopwords",
    "closes_sentence",
    "ends_colon",
    "ends_question",
    "opens_quote",
    "lower_start",
    "capitalised_words",
    "all_caps",
    "digits",
    "link_share",
    "heading1",
    "heading2_6",
    "list_item",
    "numbered_item",
    "code",
    *(f"kind_{kind}" for kind in CHROME_KINDS),
    "call_to_action",
    "date_line",
    "date_line_day",
    "states_day",
    "byline",
    "byline_opener",
    "bare_name",
    "author_note",
    "url_line",
    "separators",
    "word_length",
    "repeated",
    "later_copy",
    "position",
    "lines_before",
    "lines_after",
    "topic_words",
    "markdown",
    "markdown_link_share",
    "credit_line",
    "after_section",
    "next_to_debris",
    "sentence_run",
    "sentence_run_words",
    "sentences_around",
)
# Where a row of LOCAL signals says the line closes a sentence (read by the pickers and rankers).
CLOSES_SENTENCE = LOCAL.index("closes_sentence")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_DIGIT = re.compile(r"\d")
_UPPER = re.compile(r"[A-Z]")
_SEPARATORS = re.compile(r"\s[|•·»›/]\s")
_QUOTE_OPEN = frozenset("\"“‘'«")
# Lines up to this many words are read for bylines, date lines and names (a byline with a job
# title and a date runs to 15 words); longer ones are sentences.
HEADER_MAX_WORDS = 15
# A line names the article's topic by the content words it shares with the page's prose lines
# (12+ words, closing a sentence); only the first 40 such lines are read.
TOPIC_PROSE_MIN_WORDS = 12
TOPIC_PROSE_LINES = 40
# Case and topic words are read on lines up to this long (headlines, labels, menu items).
TOPIC_MAX_WORDS = 30
# A "Related" or "Most read" header lists this many headlines below it (no sentence between).
SECTION_REACH = 6
# Lines on each side of a line whose share of sentence lines is a signal.
AROUND = 3


def _load_code_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The line starts (plain lines and `^` regexes, matched at the start) and the other regexes
    (searched anywhere) of transforms/data/dumps_code.txt."""
    rules = RuleSet.load("dumps_code.txt")
    anywhere: list[str] = []
    starts = [f"{re.escape(entry)}(?:\\s|$)" for entry in rules.plain]
    for pattern in rules.patterns:
        if pattern.startswith("^"):
            starts.append(f"(?:{pattern[1:]})")
        else:
            anywhere.append(f"(?:{pattern})")
    return re.compile("|".join(starts)), re.compile("|".join(anywhere))


_CODE_START, _CODE_ANYWHERE = _load_code_rules()
_PROSE_CLOSE = re.compile(r"[.!?…](?:\s?[\"'”’)\]])*$")
_INITIAL_END = re.compile(r"(?:^|\s)[A-Z]\.$")  # "John F." ends no sentence; "He was 77." does


def is_code(text: str) -> bool:
    """A line of a code listing or a console session (transforms/data/dumps_code.txt); a line
    that closes a sentence is prose even when it names a function()."""
    stripped = text.strip()
    if not stripped or (_PROSE_CLOSE.search(stripped) and " " in stripped):
        return False
    return bool(_CODE_START.match(stripped) or _CODE_ANYWHERE.search(stripped))


# The kind_* columns of each chrome kind (and of none), built once.
_KIND_COLUMNS: dict[str | None, tuple[float, ...]] = {
    kind: tuple(float(kind == k) for k in CHROME_KINDS) for kind in CHROME_KINDS
}
_NO_KIND = (0.0,) * len(CHROME_KINDS)
_OPENER_WORDS = frozenset(opener.split()[0] for opener in BYLINE_OPENERS)
_PART_MARKS = re.compile(r"[|•·—–,-]")


def _may_state(text: str, digits: int) -> bool:
    """Whether `byline_and_date` can find anything in a line: a digit (a date), a byline
    opener first, a separator or comma (a name and a role or a date), or a job title last."""
    if digits or _PART_MARKS.search(text):
        return True
    words = text.split()
    return words[0].casefold().rstrip(":") in _OPENER_WORDS or words[-1].casefold() in BIO_ROLES


def stopword_share(text: str) -> float:
    """Share of English function words among the words of a line."""
    words = _WORD.findall(text.casefold())
    return sum(map(_IS_STOPWORD, words)) / len(words) if words else 0.0


def line_features(
    lines: Sequence[Line], markdown: bool
) -> tuple[list[list[float]], list[bool], list[str | None]]:
    """The LOCAL signals of every line, in order (one list of floats per line), which lines
    are sentence lines (see `_add_runs`) and each line's chrome kind (transforms/chrome.py)."""
    total = len(lines)
    keys = Counter(line.key for line in lines)
    seen: set[str] = set()
    closes = [ends_sentence(line.text) for line in lines]
    tokens = [_WORD.findall(line.text) for line in lines]
    folded_lines = [
        # ASCII case-folds letter for letter, so its words fold one by one alike
        [t.lower() for t in found] if line.text.isascii() else _WORD.findall(line.text.casefold())
        for line, found in zip(lines, tokens, strict=True)
    ]
    topic = _topic_words(lines, closes, tokens)
    rows = []
    sentence = [False] * total
    kinds: list[str | None] = [None] * total
    last_section = -SECTION_REACH - 1  # the "Related" header the lines below may list
    for index, line in enumerate(lines):
        text = line.text
        words = line.words
        folded = folded_lines[index]
        stops = sum(map(_IS_STOPWORD, folded))
        upper = lower = 0
        if words <= TOPIC_MAX_WORDS:  # a long line is prose or a notice whatever its case
            initials = [t[0] for t in tokens[index]]
            upper, lower = sum(map(str.isupper, initials)), sum(map(str.islower, initials))
        digits = len(_DIGIT.findall(text)) if _DIGIT.search(text) else 0
        letters = len(text) - text.count(" ") - digits
        kind = chrome_kind(line, CHROME)  # type: ignore[arg-type]
        kinds[index] = kind
        short = words <= HEADER_MAX_WORDS
        header_like = short and (digits > 0 or _UPPER.search(text) is not None)
        author, date = (
            byline_and_date(text) if header_like and _may_state(text, digits) else (None, None)
        )
        first_words = text.split(None, 2)[:2]
        opener = bool(first_words) and (
            is_byline_opener(first_words[0].casefold().rstrip(":"))
            or is_byline_opener(" ".join(first_words).casefold().rstrip(":"))
        )
        shared = 0.0
        if words <= TOPIC_MAX_WORDS and topic:
            content = {w for w in folded if len(w) >= 3 and w not in STOPWORDS}
            shared = sum(map(topic.__contains__, content)) / len(content) if content else 0.0
        sentence[index] = (
            words >= 2
            and bool(_PROSE_CLOSE.search(text[-12:]))
            and not _INITIAL_END.search(text[-3:])
            and kind is None
            and line.link_share <= 0.5
        )
        if sentence[index]:
            last_section = -SECTION_REACH - 1
        repeated = keys[line.key] > 1 and len(line.key) >= 3
        later = repeated and line.key in seen
        seen.add(line.key)
        rows.append(
            [
                math.log1p(words) / 4,
                float(words == 1),
                float(2 <= words <= 3),
                float(4 <= words <= 7),
                float(8 <= words <= 15),
                float(16 <= words <= 30),
                float(words > 30),
                stops / len(folded) if folded else 0.0,
                float(words >= 3 and stops == 0),
                float(closes[index]),
                float(text.endswith(":")),
                float(text.endswith("?")),
                float(text[0] in _QUOTE_OPEN),
                float(text[0].islower()),
                upper / (upper + lower) if upper + lower >= 2 else 0.0,
                float(letters >= 4 and text.upper() == text),
                digits / max(1, letters + digits),
                line.link_share,
                float(line.heading == 1),
                float(line.heading >= 2),
                float(line.list_item),
                float(line.numbered),
                float(line.code or (short and is_code(text))),
                *_KIND_COLUMNS.get(kind, _NO_KIND),
                float(short and is_call_to_action(line)),  # type: ignore[arg-type]
                float(date is not None),
                float(date is not None and date.precision == "day"),
                float(
                    short
                    and digits > 0
                    and any(d.precision == "day" for d in find_mentioned_dates(text))
                ),
                float(author is not None),
                float(opener),
                float(header_like and author is None and bare_name(text) is not None),
                float(note_author(text) is not None) if words > 5 else 0.0,
                float(
                    short
                    and ("http" in line.raw or "www." in line.raw)
                    and parse_url_line(line.raw) is not None
                ),
                float(bool(_SEPARATORS.search(text))),
                min(letters / max(1, words) / 10, 2.0),
                float(repeated),
                float(later),
                index / max(1, total - 1),
                math.log1p(index) / 5,
                math.log1p(total - 1 - index) / 5,
                shared,
                float(markdown),
                line.link_share if markdown else 0.0,
                float(line.key.startswith(CREDIT_OPENERS)),
                float(index - last_section <= SECTION_REACH),
                0.0,  # next_to_debris, filled below
            ]
        )
        if kind == "section":
            last_section = index
    debris = LOCAL.index("next_to_debris")
    kind_debris = LOCAL.index("kind_debris")
    for index in range(total):
        near = rows[index - 1][kind_debris] if index else 0.0
        near = max(near, rows[index + 1][kind_debris] if index + 1 < total else 0.0)
        rows[index][debris] = near if lines[index].words <= HEADER_MAX_WORDS else 0.0
    _add_runs(rows, sentence, [line.words for line in lines])
    return rows, sentence, kinds


def _add_runs(rows: list[list[float]], sentence: list[bool], words: list[int]) -> None:
    """Append the run signals: how many sentence lines (2+ words, closing punctuation that is
    not a name's initial, no chrome, mostly not link text) run together with this line and
    how many words they hold, and the share of sentence lines among the `AROUND` lines on
    each side. Wire copy is runs of short
    sentences; menus and link lists never are."""
    total = len(rows)
    run_length = [0] * total
    run_words = [0] * total
    start = 0
    while start < total:
        stop = start + 1
        if sentence[start]:
            while stop < total and sentence[stop]:
                stop += 1
            length, count = stop - start, sum(words[start:stop])
            for index in range(start, stop):
                run_length[index], run_words[index] = length, count
        start = stop
    prefix = [0]
    for flag in sentence:
        prefix.append(prefix[-1] + flag)
    for index, row in enumerate(rows):
        low, high = max(0, index - AROUND), min(total, index + AROUND + 1)
        others = high - low - 1
        around = (prefix[high] - prefix[low] - sentence[index]) / others if others else 0.0
        row += [math.log1p(run_length[index]) / 3, math.log1p(run_words[index]) / 6, around]


def _topic_words(
    lines: Sequence[Line], closes: list[bool], tokens: list[list[str]]
) -> Counter[str]:
    """Content words of the page's prose lines with how many lines use each (`closes`: which
    lines close a sentence; `tokens`: each line's words)."""
    counts: Counter[str] = Counter()
    taken = 0
    for line, closing, found in zip(lines, closes, tokens, strict=True):
        if line.words >= TOPIC_PROSE_MIN_WORDS and closing:
            words = {w.casefold() for w in found}
            counts.update(w for w in words if len(w) >= 3 and w not in STOPWORDS)
            taken += 1
            if taken >= TOPIC_PROSE_LINES:
                break
    return counts
