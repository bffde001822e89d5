"""The clean stage: raw bytes of one file to a `Document`, by format, or a `Rejection`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from transforms.chrome import ends_sentence
from transforms.decode import DecodeConfig, decode_bytes
from transforms.drop_reasons import RuleReasons
from transforms.drops import dropped_lines, raw_lines, word_string
from transforms.dumps import DumpConfig, clean_dump
from transforms.extract import ExtractConfig, extract_html
from transforms.metadata import dated_header_line, weekday_event_date
from transforms.records import CleanArticle, Document, DroppedLine, Rejection
from transforms.templates import line_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CleanConfig:
    decode: DecodeConfig = field(default_factory=DecodeConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    dumps: DumpConfig = field(default_factory=DumpConfig)
    # site -> hashes of its template lines, learned from the warehouse before the run
    site_templates: Mapping[str, frozenset[str]] = field(default_factory=dict)


def doc_id_for(sha256: str) -> str:
    """Document ids derive from the raw bytes, so re-runs and crash recovery reuse them."""
    return sha256[:16]


def clean_document(
    path: str, sha256: str, data: bytes, fmt: str, config: CleanConfig = CleanConfig()
) -> Document | Rejection:
    """Decode, then extract (HTML) or clean (text and markdown dumps)."""
    text = decode_bytes(data, path, fmt, config.decode)
    if isinstance(text, Rejection):
        return text
    if fmt == "html":
        article = extract_html(text, path, config.extract, config.site_templates)
    else:
        article = clean_dump(text, fmt, config.dumps, path, config.site_templates)
    if isinstance(article, Rejection):
        return Rejection(path, article.code, article.detail)
    if fmt != "html" and not article.dropped:
        article = replace(article, dropped=explain_drops(text, fmt, article, config))
    if fmt != "html" and not (article.date.year or article.date.month):
        article = dated_header(text, article)
    published = article.date.to_date() if article.date.precision == "day" else None
    event_day = weekday_event_date(published, article.paragraphs)
    return Document(
        doc_id=doc_id_for(sha256),
        path=path,
        sha256=sha256,
        format=fmt,
        raw_text=text,
        title=article.title,
        paragraphs=article.paragraphs,
        author=article.author,
        url=article.url,
        site=article.site,
        date=article.date,
        date_source=article.date_source,
        date_inferred=article.date_inferred,
        mentioned_dates=article.mentioned_dates,
        year_source=year_source(article),
        event_date=event_day,
        event_date_source="weekday" if event_day else None,
        line_hashes=article.line_hashes,
        dropped=article.dropped,
    )


def explain_drops(
    text: str, fmt: str, article: CleanArticle, config: CleanConfig
) -> list[DroppedLine]:
    """The raw lines a dump's body does not hold, with the reason the current rules give."""
    reason = RuleReasons(
        fmt=fmt,
        title_key=line_key(article.title or ""),
        body_words=word_string(" ".join(article.paragraphs)),
        templates=config.site_templates.get(article.site or "", frozenset()),
        chrome=config.dumps.chrome,
    )
    return dropped_lines(text, fmt, article.paragraphs, reason)


def dated_header(text: str, article: CleanArticle) -> CleanArticle:
    """A dump without a date from its header rules, dated by the nearest short line above its
    first sentence of kept text that states a full date (publication evidence, unlike a day
    its text mentions: metadata.dated_header_line). The cleaner keeps a header line naming a
    day it could not read ("Written By Feb 11, 2019 · 3 min read") at the top of the body."""
    lines = raw_lines(text)
    dropped = {d.line_no for d in article.dropped}
    first = next(
        (
            n
            for n, line in enumerate(lines, 1)
            if line.strip() and n not in dropped and _sentence_line(line)
        ),
        len(lines) + 1,
    )
    found = dated_header_line(lines[: first - 1])
    return replace(article, date=found, date_source="date_line") if found else article


def _sentence_line(line: str, header_max_words: int = 15) -> bool:
    """Article text rather than a header line: longer than a byline, or closing a sentence."""
    return len(line.split()) > header_max_words or ends_sentence(line.strip())


def year_source(article: CleanArticle) -> str | None:
    """Where the year of the date came from: stated with it, or inferred from the text."""
    if not article.date.year:
        return None
    return "text" if article.date_inferred else "stated"
