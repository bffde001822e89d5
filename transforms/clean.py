"""The clean stage: raw bytes of one file to a `Document`, by format, or a `Rejection`."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from transforms.chrome import ends_sentence
from transforms.decode import DecodeConfig, decode_bytes
from transforms.dumps import DumpConfig, clean_dump, raw_lines
from transforms.extract import ExtractConfig, extract_html
from transforms.metadata import dated_header_line, weekday_event_date
from transforms.records import CleanArticle, Document, Rejection
from transforms.source_meta import OutletTemplates, SourceMeta, apply_source_meta, outlet_folder

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class CleanConfig:
    decode: DecodeConfig = field(default_factory=DecodeConfig)
    extract: ExtractConfig = field(default_factory=ExtractConfig)
    dumps: DumpConfig = field(default_factory=DumpConfig)
    # site -> hashes of its template lines, learned from the warehouse before the run
    # A short line printed by this many documents of one site is that site's template (the
    # clean stage drops it): two can be a story and its update, three is a template.
    template_min_documents: int = 3
    site_templates: Mapping[str, frozenset[str]] = field(
        default_factory=dict, metadata={"runtime": True}
    )


def doc_id_for(sha256: str) -> str:
    """Document ids derive from the raw bytes, so re-runs and crash recovery reuse them."""
    return sha256[:16]


def clean_document(
    path: str,
    sha256: str,
    data: bytes,
    fmt: str,
    config: CleanConfig = CleanConfig(),
    meta: SourceMeta | None = None,
) -> Document | Rejection:
    """Decode, then extract (HTML) or clean (text and markdown dumps); the source's metadata
    (a sidecar's values, the outlet folder) go over what the file says."""
    text = decode_bytes(data, path, fmt, config.decode)
    if isinstance(text, Rejection):
        return text
    templates = OutletTemplates(
        config.site_templates, meta.outlet if meta else None, outlet_folder(path)
    )
    if fmt == "html":
        article = extract_html(text, path, config.extract, templates)
    else:
        article = clean_dump(text, fmt, config.dumps, path, templates)
    if isinstance(article, Rejection):
        return Rejection(path, article.code, article.detail)
    if fmt != "html" and not (article.date.year or article.date.month):
        article = dated_header(text, article)
    published = article.date.to_date() if article.date.precision == "day" else None
    event_day = weekday_event_date(published, article.paragraphs)
    document = Document(
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
    return apply_source_meta(document, meta)


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
