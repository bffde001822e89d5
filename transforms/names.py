"""Proper names in an article: people, places, organisations, as normalised keys.

A run of capitalised tokens ("Sergei Lavrov", "Betty Ford Center", "Bank of England") is a
name once leading titles ("Secretary of State"), sentence-initial common words ("After"),
months and weekdays are removed. Keys are case-folded without accents or periods; a two- or
three-word name also yields its last word ("john kerry" -> "kerry") so that a later "Kerry"
meets it, unless that word is a generic head ("center", "ministry").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from functools import lru_cache

from transforms.rules import RuleSet

logger = logging.getLogger(__name__)

_TOKEN = re.compile(r"[^\W\d_](?:[\w'’.-]*\w)?\.?|[.!?:;,\"“”()\[\]|/]|\n|\d+", re.UNICODE)
_SENTENCE_END = frozenset({".", "!", "?", ":", ";", "\n", '"', "“", "”", "(", ")", "[", "]", "|"})
_BREAKS = frozenset({",", "/"})  # end a name without starting a sentence
_CONNECTORS = frozenset(
    {"of", "de", "del", "da", "di", "du", "la", "le", "van", "von", "der", "bin"}
)
_HYPHEN_SUFFIX = re.compile(r"-[a-z][\w-]*$")  # "US-led" -> "US"; "al-Assad" is kept
_ARABIC_PREFIX = re.compile(r"^(?:al|el|ad|as|ul|bin)-[A-Z]")
_POSSESSIVE = re.compile(r"['’]s?$")
# Title-cased headlines make every word look like a name: in a short line without a final
# full stop, beyond this share of capitalised words, names count only if the running text
# has them too (seed headlines: 0.2-0.4 sentence case, 0.8-1.0 title case; a sentence dense
# with names, "U.S. Secretary of State John Kerry met ... in Moscow, Russia", reaches 0.71).
TITLE_CASE_SHARE = 0.7
MAX_HEADLINE_WORDS = 20
MAX_NAME_TOKENS = 5  # longer runs are headlines or lists, not names
# Rows of figures (earnings tables: "Shr 3.65 dlrs vs 1.38 dlrs") open with a label written
# in capitals on every row; such a line of at most this many words and at least one figure
# per two words is a table row. Of ecbplus-dev's 8,618 raw lines it matches 324: URLs, date
# stamps, a score line ("No. 1 Creighton Bluejays 65, No. 9 Drake Bulldogs 53") and a table
# of boxers' records; no sentence (the fitting half's cross-validated figures are unchanged).
MAX_ROW_WORDS = 8
_VERBAL = ("ing", "ed", "ly")  # "Following", "Established", "Finally" open sentences


@lru_cache(maxsize=4)
def _word_list(filename: str) -> frozenset[str]:
    return RuleSet.load(filename).words()


def stopwords() -> frozenset[str]:
    """Words never kept alone or at the edge of a name (function words, months, titles)."""
    return _word_list("names_stopwords.txt")


def org_heads() -> frozenset[str]:
    """Generic last words of organisation and place names."""
    return _word_list("names_org_heads.txt")


@lru_cache(maxsize=65_536)
def name_key(phrase: str) -> str:
    """Case-folded, accent-free, period-free form of a name: "U.S." -> "us", "Zoë" -> "zoe"."""
    text = unicodedata.normalize("NFKD", phrase)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace(".", "").replace("’", "'")
    return " ".join(text.split())


def _is_capitalised(token: str) -> bool:
    return token[0].isupper() or bool(_ARABIC_PREFIX.match(token))


def _clean_token(token: str) -> str:
    """Drop a possessive, a lowercase hyphen suffix and a trailing full stop."""
    if token[-2:] in ("'s", "’s"):
        token = token[:-2]
    if not _ARABIC_PREFIX.match(token):
        token = _HYPHEN_SUFFIX.sub("", token)
    return token.rstrip(".") if token.count(".") == 1 else token


Run = tuple[list[str], bool]


def _runs(tokens: list[str]) -> list[Run]:
    """Capitalised runs (connectors allowed inside), each flagged if it starts a sentence."""
    runs: list[Run] = []
    current: list[str] = []
    initial = False
    sentence_start = True
    for token in tokens:
        if token in _SENTENCE_END or token in _BREAKS or token[0].isdigit():
            if current:
                runs.append((current, initial))
            current = []
            sentence_start = sentence_start or token in _SENTENCE_END
            continue
        if _is_capitalised(token):
            if not current:
                initial = sentence_start
            current.append(_clean_token(token))
        elif current and token in _CONNECTORS:
            current.append(token)
        elif current:
            runs.append((current, initial))
            current = []
        # "Mr." or "U.S." do not end a sentence; "talks." does.
        sentence_start = token.endswith(".") and token.count(".") == 1 and len(token) > 4
        if sentence_start and current:
            runs.append((current, initial))
            current = []
    if current:
        runs.append((current, initial))
    return runs


@lru_cache(maxsize=65_536)
def _is_stop(token: str) -> bool:
    folded = token.casefold()
    return folded in stopwords() or re.split(r"['’]", folded)[0] in stopwords()


def _names_of_run(run: Run, mid_caps: set[str], lowercase_words: set[str]) -> list[list[str]]:
    """Cut a run at stop words and titles; drop a sentence starter that is no name elsewhere."""
    tokens, initial = run
    if initial and tokens:
        first = tokens[0].casefold()
        if len(tokens) == 1 and first not in mid_caps:
            return []
        if first in lowercase_words or (first not in mid_caps and first.endswith(_VERBAL)):
            tokens = tokens[1:]
    parts: list[list[str]] = [[]]
    for token in tokens:
        if _is_stop(token) and token not in _CONNECTORS:
            parts.append([])
        else:
            parts[-1].append(token)
    names = []
    for part in parts:
        while part and part[0] in _CONNECTORS:
            part = part[1:]
        while part and part[-1] in _CONNECTORS:
            part = part[:-1]
        if (
            part
            and len(part) <= MAX_NAME_TOKENS
            and (len(part) > 1 or len(part[0]) > 2 or part[0].isupper())
        ):
            names.append(part)
    return names


def _is_title_case(text: str, tokens: list[str]) -> bool:
    """A short line without a final full stop, mostly capitalised: a headline or a link."""
    words = [t for t in tokens if t[0].isalpha()]
    if not 3 <= len(words) <= MAX_HEADLINE_WORDS or text.rstrip().endswith("."):
        return False
    return sum(_is_capitalised(w) for w in words) / len(words) >= TITLE_CASE_SHARE


def _is_table_row(text: str, tokens: list[str]) -> bool:
    """A short line of figures ("Net 8,700,000 vs 3,600,000", "Revs 2.7 billion vs 2.1
    billion"): a row of a table, not a sentence; its first word is a label, not a name."""
    words = sum(t[0].isalpha() for t in tokens)
    figures = sum(t[0].isdigit() for t in tokens)
    return (
        figures > 0
        and words <= MAX_ROW_WORDS
        and 2 * figures >= words
        and not text.rstrip().endswith(".")
    )


def _keys(part: list[str]) -> list[str]:
    key = name_key(" ".join(part))
    last = name_key(part[-1])
    if 2 <= len(part) <= 3 and last not in org_heads() and len(last) > 2:
        return [key, last]
    return [key]


def extract_names(title: str | None, paragraphs: list[str]) -> list[str]:
    """Sorted unique name keys of an article.

    Title-cased lines (headlines, link lists) and table rows add only names that the running
    text has too, or all of theirs when the running text names nothing. A table row's labels
    are no sentence openers: "Net" opening every row is not taken for a name.
    """
    texts = ([title] if title else []) + paragraphs
    tokens_by_text = [_TOKEN.findall(text) for text in texts]
    runs_by_text = [_runs(tokens) for tokens in tokens_by_text]
    # a table row's labels neither open sentences nor stand for names of their own
    rows = [_is_table_row(text, tokens) for text, tokens in zip(texts, tokens_by_text, strict=True)]
    lowercase_words = {t for tokens in tokens_by_text for t in tokens if t[0].islower()}
    prose = [runs for runs, row in zip(runs_by_text, rows, strict=True) if not row]
    mid_caps = {
        token.casefold()
        for runs in prose
        for tokens, initial in runs
        for token in (tokens[1:] if initial else tokens)
    }
    # A word opening two sentences and never written in lower case is a name ("Kerry said").
    openers = Counter(tokens[0].casefold() for runs in prose for tokens, initial in runs if initial)
    mid_caps |= {w for w, n in openers.items() if n >= 2 and w not in lowercase_words}
    names: set[str] = set()
    headline_names: set[str] = set()
    for text, tokens, runs, row in zip(texts, tokens_by_text, runs_by_text, rows, strict=True):
        target = headline_names if row or _is_title_case(text, tokens) else names
        for run in runs:
            for part in _names_of_run(run, mid_caps, lowercase_words):
                target.update(_keys(part))
    names |= headline_names & names if names else headline_names
    return sorted(names)
