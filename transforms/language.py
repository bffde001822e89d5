"""Language of a document and of the paragraphs that differ from it (langdetect, seeded).

langdetect costs ~6 ms a call whatever the length: more than the rest of the pipeline spends
on a text dump. A document whose leading sample is Latin script and made of English function
words at a share real English reaches and other languages do not is English without it; any
other document gets langdetect on a bounded sample. Paragraphs get langdetect only where
script or stop-word evidence says the language may change.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

from transforms.dumps.features import stopword_share
from transforms.records import Document

logger = logging.getLogger(__name__)

DetectorFactory.seed = 0  # langdetect is random unless seeded; tables must be reproducible

_NOT_ASCII_LETTERS = re.compile(r"[^A-Za-z]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_WORD = re.compile(r"\b[^\W\d_]+")


@dataclass(frozen=True, slots=True)
class LanguageConfig:
    # A 2,000-character sample gives the same answer as the full text on news articles
    # and keeps the per-document cost flat.
    sample_chars: int = 2_000
    # Share of English function words (transforms/data/stopwords_en.txt) in the sample that
    # decides English without langdetect. Measured on the first 2,000 characters: BBC's 2,225
    # articles p1 0.293, median 0.43; news prose in de, da, nl, sv, it, fr, es, pt, pl, id, tr
    # 0.00-0.17 (tests/transforms/test_language.py holds those samples).
    english_stopword_share: float = 0.30
    min_sample_words: int = 30  # fewer words are too little evidence for the stop-word rule
    # Paragraphs shorter than this give langdetect too little to go on.
    min_paragraph_chars: int = 40
    # A paragraph of an English document with a lower share may be in another language: 2.0%
    # of BBC paragraphs of 8+ words (langdetect confirms English), the de, nl, sv samples.
    min_english_stopword_share: float = 0.15
    # ... counted only when it has this many distinct lower-case running words: a language
    # shows in those, while rosters, result tables and title-case headlines (names, figures,
    # abbreviations) give langdetect nothing but noise ("Shr 35 cts vs 44 cts, Net ..." came
    # back Swedish). German capitalises its nouns: a 12-word German sentence still has 6.
    min_running_words: int = 6


def detect_language(doc: Document, config: LanguageConfig = LanguageConfig()) -> Document:
    """Fill `language`, `language_confidence` and `paragraph_languages` of one document."""
    paragraphs = doc.paragraphs
    sample = _sample(paragraphs, config.sample_chars)
    doc_script = dominant_script(sample)
    if doc_script == "LATIN" and _is_english_prose(sample, config):
        language, confidence, method = "en", None, "stopwords"
    else:
        (language, confidence), method = _detect(sample), "langdetect"
    per_paragraph: list[str | None] = []
    for text in paragraphs:
        if len(text) >= config.min_paragraph_chars and _may_differ(
            text, language, doc_script, config
        ):
            paragraph_language, _ = _detect(text)
            per_paragraph.append(paragraph_language or language)
        else:
            per_paragraph.append(language)
    return replace(
        doc,
        language=language,
        language_confidence=confidence,
        language_method=method if language else None,
        paragraph_languages=per_paragraph,
    )


def dominant_script(text: str) -> str | None:
    """The Unicode script most letters of `text` belong to (LATIN, CYRILLIC, ...)."""
    text = text[:2_000]
    counts = Counter(_script(char) for char in _NON_ASCII.findall(text) if char.isalpha())
    counts["LATIN"] += len(_NOT_ASCII_LETTERS.sub("", text))
    script, letters = counts.most_common(1)[0]
    return script if letters else None


@lru_cache(maxsize=4_096)
def _script(char: str) -> str:
    return unicodedata.name(char, "UNKNOWN").split(" ", 1)[0]


def _sample(paragraphs: list[str], limit: int) -> str:
    """The leading paragraphs up to `limit` characters: enough for a stable answer."""
    taken: list[str] = []
    size = 0
    for text in paragraphs:
        taken.append(text)
        size += len(text)
        if size >= limit:
            break
    return "\n".join(taken)[:limit]


def _detect(text: str) -> tuple[str | None, float | None]:
    if not text.strip():
        return None, None
    try:
        best = detect_langs(text)[0]
    except LangDetectException:
        return None, None
    return best.lang, round(best.prob, 4)


def _may_differ(
    text: str, language: str | None, doc_script: str | None, config: LanguageConfig
) -> bool:
    """Cheap evidence that a paragraph is not in the document's language."""
    if dominant_script(text) != doc_script:
        return True
    if language != "en":
        return False
    if _running_words(text) < config.min_running_words:
        return False
    return stopword_share(text) < config.min_english_stopword_share


def _running_words(text: str) -> int:
    """Distinct words in lower case: the running text of a language, not its names, figures
    or abbreviations."""
    return len({word for word in _WORD.findall(text) if word[0].islower()})


def _is_english_prose(sample: str, config: LanguageConfig) -> bool:
    return (
        len(sample.split()) >= config.min_sample_words
        and stopword_share(sample) >= config.english_stopword_share
    )
