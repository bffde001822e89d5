"""HTML pages to articles with trafilatura, then the same post-cleaning as text dumps."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import use_config

from transforms.dumps import strip_chrome
from transforms.metadata import find_mentioned_dates, infer_year, parse_date, site_from_url
from transforms.normalize import normalize_text, split_joined_sentences
from transforms.records import CleanArticle, PartialDate, Rejection

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ExtractConfig:
    # Tables often carry article facts (results, figures); comments are reader chrome.
    include_tables: bool = True
    include_comments: bool = False
    # Neither precision nor recall mode by default: benchmarks/extraction.py compares them.
    favor_precision: bool = False
    favor_recall: bool = False
    # Pathologically deep or huge trees make lxml slow; trafilatura skips larger ones.
    max_tree_size: int = 500_000


@cache
def _trafilatura_settings(max_tree_size: int):
    """trafilatura reads its limits from a ConfigParser, not from keyword arguments."""
    settings = use_config()
    settings.set("DEFAULT", "MAX_TREE_SIZE", str(max_tree_size))
    return settings


def extract_html(
    html: str, path: str, config: ExtractConfig = ExtractConfig()
) -> CleanArticle | Rejection:
    """Main text and metadata of one HTML page; never fetches anything it links to."""
    result = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=config.include_comments,
        include_tables=config.include_tables,
        favor_precision=config.favor_precision,
        favor_recall=config.favor_recall,
        config=_trafilatura_settings(config.max_tree_size),
        output_format="python",
    )
    if result is None or not (result.text or "").strip():
        return Rejection(path, "extract_no_text", "trafilatura found no main text in the page")
    text = split_joined_sentences(normalize_text(result.text))
    paragraphs = strip_chrome([line.strip() for line in text.split("\n") if line.strip()])
    if not paragraphs:
        return Rejection(path, "extract_no_text", "only site chrome left after cleaning")
    title = normalize_text(result.title).strip() if result.title else None
    if paragraphs and title and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]
    mentioned = find_mentioned_dates("\n".join(paragraphs))
    parsed = parse_date(result.date) if result.date else None
    date = infer_year(parsed, mentioned) if parsed else PartialDate()
    url = result.url if result.url and urlsplit(result.url).scheme in ("http", "https") else None
    return CleanArticle(
        title=title,
        paragraphs=paragraphs,
        author=result.author or None,
        url=url,
        site=site_from_url(url) if url else (result.hostname or None),
        date=date,
        date_source="metadata" if date.precision != "unknown" else None,
        date_inferred=parsed is not None and parsed.year is None and date.year is not None,
        mentioned_dates=mentioned,
    )
