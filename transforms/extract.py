"""HTML pages to articles with trafilatura, then the same post-cleaning as text dumps."""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

import trafilatura
from trafilatura.settings import set_date_params, use_config
from trafilatura.utils import load_html

from transforms.chrome import strip_chrome
from transforms.metadata import (
    find_mentioned_dates,
    header_date,
    infer_year,
    parse_date,
    site_from_url,
)
from transforms.normalize import normalize_text, split_joined_sentences
from transforms.page_lines import page_lines
from transforms.records import CleanArticle, PartialDate, Rejection
from transforms.templates import SiteTemplates, strip_template_lines, template_hashes

logger = logging.getLogger(__name__)

_VOID = "area|base|br|col|embed|hr|img|input|link|meta|param|source|track|wbr"
# A tag runs from "<" to the first ">". Closing tags capture their "/", tags that open an
# element their ">"; void and self-closing tags match without capturing, so they nest nothing.
_TAG = re.compile(
    r"<(/)[a-zA-Z][^>]*>"
    rf"|<(?ai:{_VOID})(?![\w:-])[^>]*>"
    r"|<[a-zA-Z][^>]*/>"
    r"|<[a-zA-Z][^>]*(>)"
)
_WORD = re.compile(r"\w+")
# Containers that only lay a page out; their text stays when the tags go.
_LAYOUT_TAG = re.compile(r"</?(?:div|span|section|font|center|main|aside|nav)\b[^>]*>", re.I)


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
    # libxml2 stops building a tree 256 levels down, and lxml then drops the text below; real
    # pages nest under 60 levels. Deeper pages lose their layout containers before parsing.
    max_depth: int = 200
    # htmldate's extensive search, when no markup states a date, takes one from the page's
    # text (the most frequent date-like string; a copyright year becomes 1 January): a day
    # the text mentions, not the publication. Off, the URL, meta tags, JSON-LD, <time> and
    # date-classed elements, bare timestamps and the date line under the headline
    # (metadata.header_date) still date a page. benchmarks/dates.py, WCXB held-out half:
    # day accuracy 0.856 on, 0.840 off (0.824 without the date line); wrong days 44 on, 36
    # off; pages without a gold date dated 59 of 60 on, 27 off.
    extensive_date_search: bool = False
    # trafilatura's default mode stops at the first container it trusts and loses the sections
    # of long guides and reviews that sit beside it; its recall mode reaches them but on some
    # pages picks a smaller, different container. Both run (the page parsed once) and recall's
    # text wins when, after the same chrome cleaning, it keeps `recall_min_cover` of the
    # default's words and adds more. benchmarks/wcxb.py, development half: body word-F1 0.941
    # default only, 0.948 with the rescue (any cover from 0.8 to 0.99 gives the same).
    recall_rescue: bool = True
    recall_min_cover: float = 0.9


@cache
def _trafilatura_settings(max_tree_size: int):
    """trafilatura reads its limits from a ConfigParser, not from keyword arguments."""
    settings = use_config()
    settings.set("DEFAULT", "MAX_TREE_SIZE", str(max_tree_size))
    return settings


def nesting_depth(html: str) -> int:
    """Deepest element nesting of a page by a linear scan of its tags (no tree is built)."""
    depth = deepest = 0
    for closing, opening in _TAG.findall(html):
        if closing:
            depth = max(0, depth - 1)
        elif opening:
            depth += 1
            deepest = max(deepest, depth)
    return deepest


def group_table_rows(lines: list[str]) -> list[str]:
    """One paragraph per table (rows joined by newlines), not one per row or cell."""
    grouped: list[str] = []
    for line in lines:
        is_row = line.startswith("|") and line.endswith("|")
        if is_row and grouped and grouped[-1].startswith("|") and grouped[-1].endswith("|"):
            grouped[-1] += "\n" + line
        else:
            grouped.append(line)
    return grouped


def _cleaned(
    text: str, site: str | None, templates: SiteTemplates | None, author: str | None
) -> tuple[list[str], list[str]]:
    """An extraction's lines, and its paragraphs once site templates and chrome are gone."""
    text = split_joined_sentences(normalize_text(text))
    lines = group_table_rows([line.strip() for line in text.split("\n") if line.strip()])
    kept = strip_template_lines(lines, site, templates or {})
    return lines, strip_chrome(kept, author=author)


def _words(paragraphs: list[str]) -> Counter:
    return Counter(w for p in paragraphs for w in _WORD.findall(p.lower()))


def extends(paragraphs: list[str], other: list[str], min_cover: float) -> bool:
    """Whether `other` keeps at least `min_cover` of the words of `paragraphs` (as a multiset)
    and has more words: the same article with more of it, not another part of the page."""
    mine, theirs = _words(paragraphs), _words(other)
    total = sum(mine.values())
    if not total or sum(theirs.values()) <= total:
        return False
    return sum((mine & theirs).values()) >= min_cover * total


def extract_html(
    html: str,
    path: str,
    config: ExtractConfig = ExtractConfig(),
    templates: SiteTemplates | None = None,
) -> CleanArticle | Rejection:
    """Main text and metadata of one HTML page; never fetches anything it links to."""
    if nesting_depth(html) > config.max_depth:
        html = _LAYOUT_TAG.sub(" ", html)
    settings = _trafilatura_settings(config.max_tree_size)
    tree = load_html(html, settings.getint("DEFAULT", "MAX_FILE_SIZE"))
    if tree is None:
        return Rejection(path, "extract_no_text", "trafilatura found no main text in the page")
    options = {
        "include_comments": config.include_comments,
        "include_tables": config.include_tables,
        "config": settings,
        "output_format": "python",
    }
    result = trafilatura.bare_extraction(
        tree,
        with_metadata=True,
        favor_precision=config.favor_precision,
        favor_recall=config.favor_recall,
        date_extraction_params=set_date_params(config.extensive_date_search),
        **options,
    )
    if result is None or not (result.text or "").strip():
        return Rejection(path, "extract_no_text", "trafilatura found no main text in the page")
    url = result.url if result.url and urlsplit(result.url).scheme in ("http", "https") else None
    site = site_from_url(url) if url else (result.hostname or None)
    lines, paragraphs = _cleaned(result.text, site, templates, result.author)
    if config.recall_rescue and not (config.favor_recall or config.favor_precision):
        recall = trafilatura.bare_extraction(tree, favor_recall=True, **options)
        if recall is not None and (recall.text or "").strip():
            more_lines, more = _cleaned(recall.text, site, templates, result.author)
            if extends(paragraphs, more, config.recall_min_cover):
                lines, paragraphs = more_lines, more
    line_hashes = template_hashes(lines)
    if not paragraphs:
        return Rejection(path, "extract_no_text", "only site chrome left after cleaning")
    title = normalize_text(result.title).strip() if result.title else None
    if paragraphs and title and paragraphs[0].strip() == title:
        paragraphs = paragraphs[1:]
    mentioned = find_mentioned_dates("\n".join(paragraphs))
    parsed = parse_date(result.date) if result.date else None
    date = infer_year(parsed, mentioned) if parsed else PartialDate()
    source = "metadata" if date.precision != "unknown" else None
    lede = paragraphs[0] if paragraphs else ""
    if source is None and (found := header_date(page_lines(html), title, lede)):
        date, source = found, "date_line"  # markup states none: the line under the headline
    return CleanArticle(
        title=title,
        paragraphs=paragraphs,
        author=result.author or None,
        url=url,
        site=site,
        date=date,
        date_source=source,
        date_inferred=parsed is not None and parsed.year is None and date.year is not None,
        mentioned_dates=mentioned,
        line_hashes=line_hashes,
    )
