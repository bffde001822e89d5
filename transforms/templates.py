"""Site templates: short lines a site prints on many of its pages are its chrome, not content.

Every cleaned document reports hashes of its short lines; the warehouse counts in how many
documents of a site each hash occurs (`site_lines`), and the next run drops lines whose hash
reached the threshold for that site. The evidence grows with the corpus, and
`strip_template_lines` re-checks an older document's paragraphs against today's templates.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

logger = logging.getLogger(__name__)

_NOT_WORD = re.compile(r"[\W_]+")
_LETTER = re.compile(r"[^\W\d_]")

SiteTemplates = Mapping[str, frozenset[str]]  # site -> hashes of its template lines


@dataclass(frozen=True, slots=True)
class TemplateConfig:
    # Chrome lines (menus, share bars, promos, footers) are short; paragraphs that several
    # articles of a site share are quoted wire copy, left to paragraph deduplication.
    max_words: int = 25
    # Lines without letters ("1", "|") carry no evidence; a 2-letter minimum keeps "XS".
    min_letters: int = 2


DEFAULT_CONFIG = TemplateConfig()


def line_key(text: str) -> str:
    """Casefolded words of a line: spacing, punctuation and markup do not matter."""
    return _NOT_WORD.sub(" ", text.casefold()).strip()


def line_hash(text: str) -> str:
    """Short stable hash of a line's key (16 hex digits)."""
    return _key_hash(line_key(text))


def _key_hash(key: str) -> str:
    return hashlib.blake2b(key.encode("utf-8"), digest_size=8).hexdigest()


def is_candidate(text: str, config: TemplateConfig = DEFAULT_CONFIG) -> bool:
    """Whether a line is short enough to be template chrome."""
    return _candidate_key(line_key(text), config)


def _candidate_key(key: str, config: TemplateConfig) -> bool:
    return (
        bool(key)
        and len(key.split()) <= config.max_words
        and len(_LETTER.findall(key)) >= config.min_letters
    )


def template_hashes(lines: Iterable[str], config: TemplateConfig = DEFAULT_CONFIG) -> list[str]:
    """Distinct hashes of a document's candidate lines, in first-seen order."""
    keys = (line_key(t) for t in lines)
    return list(dict.fromkeys(_key_hash(k) for k in keys if _candidate_key(k, config)))


def is_template(text: str, templates: frozenset[str]) -> bool:
    """Whether a line is one of its site's template lines."""
    if not templates:
        return False
    key = line_key(text)
    return _candidate_key(key, DEFAULT_CONFIG) and _key_hash(key) in templates


def strip_template_lines(
    paragraphs: list[str], site: str | None, templates: SiteTemplates
) -> list[str]:
    """Paragraphs of a document without its site's template lines (for backfills, too)."""
    known = templates.get(site or "", frozenset())
    return [p for p in paragraphs if not is_template(p, known)]
