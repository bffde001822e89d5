"""Direct quotations and who said them, where the sentence names the speaker.

Outlets print the same quote from one wire story; the quote's id is the hash of its
normalised text, so the warehouse keeps it once and lists the documents that carried it.
Speakers come from the attributions news writing uses around a quote:
'"...," Kerry said', '"...," said John Kerry', 'Kerry said: "..."', 'according to Kerry'.
A pronoun ("he said") names nobody, so the speaker stays empty rather than guessed.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from transforms.dedup import normalize_text, paragraph_hash
from transforms.names import stopwords

logger = logging.getLogger(__name__)

# Straight and curly double quotes, low-9 and guillemets; single quotes are too often
# apostrophes to open a quotation.
_OPENERS = '"“„«»'
_CLOSERS = '"”“»«'
_QUOTE = re.compile(rf"[{_OPENERS}](?P<text>[^{_OPENERS}{_CLOSERS}\n]+?)[{_CLOSERS}]")
_VERBS = (
    r"said|says|told|tells|added|adds|stated|explained|noted|wrote|writes|declared|insisted|"
    r"warned|argued|asked|replied|recalled|announced|continued|concluded|urged|admitted"
)
_TOKEN = r"(?:[A-Z][\w'’.-]*|al-\w+|of|bin|de|van|von|der|da|di|le|la)"
_NAME = rf"(?P<name>[A-Z][\w'’.-]*(?:\s+{_TOKEN}){{0,5}})"
# After the closing mark: '," Kerry said' / '," said Kerry' / '," according to Kerry'.
_AFTER = re.compile(
    rf"^\s*[,.!?]?\s*(?:(?:{_VERBS})\s+{_NAME}"
    rf"|(?:[a-z][\w'’-]*\s+){{0,4}}{_NAME.replace('name', 'name2')}\s+(?:{_VERBS})\b"
    rf"|according\s+to\s+{_NAME.replace('name', 'name3')})"
)
# Before the opening mark: 'Kerry said: ' / 'Kerry told reporters, ' / 'According to Kerry, '.
_BEFORE = re.compile(
    rf"(?:{_NAME}\s+(?:{_VERBS})(?:\s+[a-z]+){{0,2}}|[Aa]ccording\s+to\s+"
    rf"{_NAME.replace('name', 'name2')})\s*[:,]?\s*$"
)
_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i", "you", "officials", "police"})


@dataclass(frozen=True, slots=True)
class QuoteConfig:
    # Shorter quotations are scare quotes and titles ("zero-day", "American Pie"), not
    # statements; seeds and ecbplus-dev statements run 6+ words.
    min_words: int = 5


@dataclass(frozen=True, slots=True)
class Quote:
    """One direct quotation in a document's paragraph `ordinal`."""

    quote_id: str
    ordinal: int
    text: str
    speaker: str | None


def quote_id(text: str) -> str:
    """Id of a quotation: equal for the same words whatever the quote marks or case."""
    return paragraph_hash(text)


def clean_speaker(name: str | None) -> str | None:
    """Drop leading titles and trailing function words ("Secretary of State John Kerry" ->
    "John Kerry"); None for pronouns and empty names."""
    if not name:
        return None
    tokens = name.split()
    stop = stopwords()
    while tokens and tokens[-1].casefold().rstrip(".") in stop:
        tokens.pop()
    start = 0
    for index, token in enumerate(tokens):
        if token.casefold().rstrip(".") in stop or token in {"of", "de", "la", "le"}:
            start = index + 1
    tokens = tokens[start:]
    if not tokens or tokens[0].casefold() in _PRONOUNS:
        return None
    return " ".join(tokens).rstrip(".,")


def _speaker(paragraph: str, match: re.Match[str]) -> str | None:
    after = _AFTER.match(paragraph[match.end() :])
    if after:
        return clean_speaker(after.group("name") or after.group("name2") or after.group("name3"))
    before = _BEFORE.search(paragraph[: match.start()])
    if before:
        return clean_speaker(before.group("name") or before.group("name2"))
    return None


def extract_quotes(paragraphs: list[str], config: QuoteConfig = QuoteConfig()) -> list[Quote]:
    """Quotations of `min_words` or more, each with its speaker when the text names one;
    a quote printed twice in one document is kept once (its first paragraph)."""
    quotes: list[Quote] = []
    seen: set[str] = set()
    for ordinal, paragraph in enumerate(paragraphs):
        for match in _QUOTE.finditer(paragraph):
            text = match.group("text").strip(" ,")
            if len(normalize_text(text).split()) < config.min_words:
                continue
            key = quote_id(text)
            if key in seen:
                continue
            seen.add(key)
            quotes.append(Quote(key, ordinal, text, _speaker(paragraph, match)))
    return quotes
