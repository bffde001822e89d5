"""The clean stage: raw bytes of one file to a `Document`, by format, or a `Rejection`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field

from transforms.decode import DecodeConfig, decode_bytes
from transforms.dumps import DumpConfig, clean_dump
from transforms.event_dates import EventDateConfig, publication_day, resolve_event_date
from transforms.extract import ExtractConfig, extract_html
from transforms.records import CleanArticle, Document, Rejection

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CleanConfig:
    decode: DecodeConfig = field(default_factory=DecodeConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    dumps: DumpConfig = field(default_factory=DumpConfig)
    event_dates: EventDateConfig = field(default_factory=EventDateConfig)
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
    event = resolve_event_date(
        article.title,
        article.paragraphs,
        publication_day(article.date, article.date_source),
        config.event_dates,
    )
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
        event_date=event.first if event else None,
        event_date_source=event.source if event and event.first else None,
        line_hashes=article.line_hashes,
        dropped=article.dropped,
    )


def year_source(article: CleanArticle) -> str | None:
    """Where the year of the date came from: stated with it, or inferred from the text."""
    if not article.date.year:
        return None
    return "text" if article.date_inferred else "stated"
