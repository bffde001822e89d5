"""Text and markdown dumps of web pages to articles: title, metadata lines, body without chrome.

Dumps keep what a browser showed: menus, share bars, player debris, headlines printed twice,
"Original url:" footers. Rules rest on general features (length, sentence punctuation,
link share, list markers, position near the edges, repetition) plus keyword lists in
`transforms/data/*.txt` that users extend without touching code.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from transforms.blocks import block_lines, is_code
from transforms.chrome import (
    BIO_ROLES,
    ChromeConfig,
    Unit,
    chrome_kind,
    edge,
    ends_sentence,
    note_author,
    related_blocks,
    strip_units,
)
from transforms.lines import STOPWORDS, Region, main_region
from transforms.metadata import (
    find_mentioned_dates,
    infer_year,
    is_url_label,
    named_weekday,
    parse_byline,
    parse_date,
    parse_dateline,
    parse_url_line,
    site_from_url,
)
from transforms.normalize import normalize_text, split_joined_sentences
from transforms.records import CleanArticle, PartialDate, Rejection
from transforms.rules import RuleSet, month_names
from transforms.templates import SiteTemplates, is_template, template_hashes

logger = logging.getLogger(__name__)

FORMATS = ("text", "markdown")


@dataclass(frozen=True, slots=True)
class DumpConfig:
    # Headlines in bbc-news and ecbplus-dev are 2-20 words; 25 leaves room for long ones.
    title_max_words: int = 25
    # The headline sits within the first 8 lines of every sample and ecbplus-dev file,
    # below at most a few lines of navigation.
    title_search_units: int = 8
    # A header (byline, date, place lines) ends at the first sentence of 12+ words.
    body_min_words: int = 12
    # A headline shares 2+ content words with the first 3 paragraphs (the lede); on the eval
    # pages' development half menus and captions above it share 0-1.
    lede_units: int = 3
    headline_min_shared: int = 2
    # Kickers and tags above a headline ("Sweden tattoo") are 1-3 words; headlines are longer.
    headline_min_words: int = 4
    # Photo captions, share bars and bylines can push the headline this many lines further up.
    headline_search_units: int = 12
    # A review box or a gallery can sit between the header and the article: a byline up to
    # this many lines above the article run still names the author and marks the headline
    # (eval pages: 23-39 lines; 40 and 50 found the same, 30 one author and one date fewer).
    byline_search_units: int = 40
    # "Published: ..." footers are the last or next-to-last line when present.
    tail_date_units: int = 2
    # html2text-style markdown wraps at 78 columns; lines this long inside a block are wrapped.
    wrap_min_chars: int = 50
    # A heading line is wrapped when the next line's first word would not have fitted on it.
    wrap_width: int = 78
    # Between the headline and the article run, lines this short that close no sentence are
    # buttons and labels ("Jump to RecipePrint Recipe", "Sorted by:"); menu-sized ones (3
    # words) go even when closed. "MEANING: adjective: Overly sentimental." and a line naming a
    # day stay. 4-8 on the eval pages: 4 removed one snippet fewer, 6 and more lost kept ones.
    lead_label_max_words: int = 5
    # Menus, share bars, notices and repeats: the chrome rules of transforms/chrome.py.
    chrome: ChromeConfig = field(default_factory=ChromeConfig)


DEFAULT_CONFIG = DumpConfig()


_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)[\s#]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-{2,})\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪►◦‣]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK_TITLE = re.compile(r'\]\(([^()\s"]+)\s+"[^"]*"\s*\)')
_LINK_TARGET = re.compile(r'\]\(([^()\s]+)\n\s*([^()\s"]+)')
_LINK_LABEL = re.compile(r"\[([^\[\]\n]{0,200}\n[^\[\]]{0,200})\]\(")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)|\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(
    r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)([^_\n]+?)(?<!\s)_(?!\w)"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_CODE = re.compile(r"`([^`]*)`")
_SPACES = re.compile(r"\s+")
_PERIOD_END = re.compile(r"(?<!\.)\.[\"'”’)\]]*$")
_WORDS = re.compile(r"[^\W\d_]+")
_BYLINE_OPENERS = frozenset(
    ["by", "author", "authors", "byline", "written by", "posted by", "story by", "words by"]
)
_DATE_WORDS = RuleSet.load("date_noise.txt").words()
_MONTHS = frozenset(month_names())
_DIGIT = re.compile(r"\d")
_STEP_NUMBER = re.compile(r"\d{1,2}[.)]\s+[^\W\d_]")
_BREADCRUMB = re.compile(r"\s+[»›]\s+")  # "Home » Travel » <headline>"
_BYLINE_PARTS = re.compile(r"\s+[|•·—–-]\s+|\s*\|\s*")


def clean_dump(
    text: str,
    fmt: str,
    config: DumpConfig = DEFAULT_CONFIG,
    path: str = "",
    templates: SiteTemplates | None = None,
) -> CleanArticle | Rejection:
    """Article of one text/markdown dump; metadata lines leave the body, chrome is dropped.

    `templates` holds the template lines learned per site from earlier documents. `path` only
    labels a Rejection; the caller may pass it or fill it in afterwards.
    """
    if fmt not in FORMATS:
        return Rejection(path, "dumps_bad_format", f"format {fmt!r} is not one of {FORMATS}")
    text = normalize_text(text)
    if fmt == "markdown":
        text = _flatten_links(text)
    units = _join_wrapped(_parse_units(text, fmt, config), config)
    if not units:
        return Rejection(path, "dumps_empty", "the dump holds no text")
    url, units = _take_url(units, config)
    site = site_from_url(url) if url else None
    line_hashes = template_hashes(u.text for u in units)
    known = (templates or {}).get(site or "", frozenset())
    units = [u for u in units if not is_template(u.text, known) or _is_meta(u)]
    above, window, run_start = _article_window(units, config)
    top = (above + window)[:1]
    at_top = bool(top) and top[0] is units[0]
    run_first = window[run_start] if run_start < len(window) else None
    run_index = next((i for i, u in enumerate(units) if u is run_first), 0)
    far_title, far_author, far_date = _far_header(units[:run_index], config)
    below = units[run_index:]
    title, units = _take_title(window, config, above, at_top)
    if title is None and far_title:
        title, units = far_title, [u for u in units if u.text.strip() != far_title]
    author, date, date_source, units = _take_header(units, config, run_first)
    units = _drop_lead_labels(units, run_first, config)
    author = author or _first_byline(above + window[: config.title_search_units], config)
    author = author or far_author
    units = strip_units(units, config.chrome, author)
    author = author or _noted_author(below, units)
    paragraphs = [split_joined_sentences(u.text) for u in units]
    if not paragraphs and title and (ends_sentence(title) or len(title.split()) >= 8):
        paragraphs = [title]  # a one-line article: its only line is its text, not a headline
    if not paragraphs:
        return Rejection(path, "dumps_no_text", "no body text left after removing chrome")
    if not (date.year or date.month) and far_date.year:
        date, date_source = far_date, "date_line"
    if not (date.year or date.month):
        date, date_source = _dateline_date(paragraphs)
    # a day the text mentions may date the event (transforms/events.py), never the publication
    mentioned = find_mentioned_dates("\n".join(paragraphs))
    dated = infer_year(date, mentioned, weekday=named_weekday(text, date))
    return CleanArticle(
        title=title,
        paragraphs=paragraphs,
        author=author,
        url=url,
        site=site,
        date=dated,
        date_source=date_source,
        date_inferred=dated.year is not None and date.year is None,
        mentioned_dates=mentioned,
        line_hashes=line_hashes,
    )


def _flatten_links(text: str) -> str:
    """Markdown without images and link titles (attributes, not text a reader saw), and with
    links that html2text wrapped over two lines back on one line."""
    text = _IMAGE.sub("", text)
    text = _LINK_TARGET.sub(r"](\1\2", text)
    text = _LINK_TITLE.sub(r"](\1)", text)
    return _LINK_LABEL.sub(lambda m: "[" + _SPACES.sub(" ", m.group(1)) + "](", text)


def _parse_units(text: str, fmt: str, config: DumpConfig) -> list[Unit]:
    """Lines to units: markdown marks removed, the lines of one wrapped markdown paragraph or
    list item joined before parsing, so emphasis and links that cross a wrap are read whole."""
    units: list[Unit] = []
    pending: list[str] = []  # the raw lines of the current logical line
    fenced = False  # inside a ``` code fence
    code = False  # the previous line was a code line; a blank line may open a code block

    def flush() -> None:
        if pending and (unit := _parse_line(" ".join(pending), fmt)) is not None:
            units.append(unit)
        pending.clear()

    for raw in text.split("\n"):
        if fmt == "markdown" and _FENCE.match(raw):
            flush()
            fenced = not fenced
            continue
        if not raw.strip():
            flush()
            code = True
            continue
        if fmt == "markdown" and (fenced or (code and _code_indent(raw))):
            flush()
            units.append(Unit(_SPACES.sub(" ", raw).strip(), raw.strip(), code=True))
            continue
        code = False
        if _RULE.match(raw):
            flush()
            continue
        if _SETEXT.match(raw) and pending:
            flush()
            if units and not units[-1].heading and not units[-1].list_item:
                units[-1].heading = 1 if raw.strip()[0] == "=" else 2
            continue
        if fmt == "markdown" and pending and _continues(pending, raw, config):
            pending.append(_QUOTE.sub("", raw).strip() if ">" in raw else raw.strip())
            continue
        flush()
        pending.append(raw)
    flush()
    return units


def _continues(pending: list[str], raw: str, config: DumpConfig) -> bool:
    """Whether a markdown line carries on the paragraph or list item of the lines before it:
    they were wrapped (html2text wraps at 78 columns) and it opens no block of its own."""
    first = pending[0]
    if "#" in raw and _HEADING.match(raw):
        return False
    if "#" in first and _HEADING.match(first):  # a heading is one line, unless it was wrapped
        last = pending[-1].rstrip()
        return not _BULLET.match(raw) and len(last) + 1 + len(raw.split()[0]) > config.wrap_width
    if sum(map(len, pending)) < config.wrap_min_chars:
        return False
    if _BULLET.match(first):  # an item continues on indented lines only
        return raw[:1].isspace() and not _BULLET.match(raw)
    return not _BULLET.match(raw)


def _code_indent(raw: str) -> bool:
    """A markdown line indented as code (4+ spaces or a tab), not a nested list item."""
    return bool(_INDENTED.match(raw)) and not _BULLET.match(raw)


def _parse_line(raw: str, fmt: str) -> Unit | None:
    """One line without markdown syntax; remembers heading level, list marker and link share."""
    # each markdown pattern needs its own character: most lines of a dump skip them all
    line = _QUOTE.sub("", raw) if ">" in raw else raw
    heading = 0
    if "#" in line and (match := _HEADING.match(line)):
        heading, line = len(match.group(1)), match.group(2)
    bullet = _BULLET.match(line)
    if bullet:
        line = line[bullet.end() :] if not bullet.group(0).strip()[0].isdigit() else line
    link_chars = 0
    if "[" in line:
        line = _IMAGE.sub("", line)
        labels: list[str] = []
        line = _LINK.sub(
            lambda m: _keep(labels, m.group(1) if m.group(1) is not None else m.group(3)), line
        )
        link_chars = sum(len(label) for label in labels)
    for _ in range(2):  # "**_By Jane Doe_**": emphasis inside emphasis
        if "*" in line or "_" in line:
            line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", line)
    if "`" in line:
        line = _CODE.sub(r"\1", line)
    if "\\" in line:
        line = _ESCAPE.sub(r"\1", line)
    line = _SPACES.sub(" ", line).strip()
    if not line:
        return None
    share = link_chars / max(1, len(line.replace(" ", "")))
    return Unit(line, raw.strip(), heading, bool(bullet), min(1.0, share))


def _keep(kept: list[str], text: str) -> str:
    kept.append(text)
    return text


def _open_quote(text: str) -> bool:
    """True when a curly or straight double quote is left open at the end of the text."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _join_wrapped(units: list[Unit], config: DumpConfig) -> list[Unit]:
    """Re-join a paragraph cut by a hard wrap or stray blank line, and a byline whose opener
    ("By") sits on the line above the name.

    The cut shows as an unfinished line (no closing mark, or an open quote) followed by a
    lower-case start, or as a line ending in a comma.
    """
    joined: list[Unit] = []
    for unit in units:
        prev = joined[-1] if joined else None
        if prev is not None and (_split_byline(prev, unit) or _wrapped(prev, unit, config)):
            prev.text += " " + unit.text
            prev.raw += " " + unit.raw
            prev.refresh()
        else:
            joined.append(unit)
    return joined


def _wrapped(prev: Unit, unit: Unit, config: DumpConfig) -> bool:
    """`unit` goes on the paragraph of `prev`: a lower-case start after an unfinished line,
    or any start after a comma, neither of them a heading, code, chrome or a byline."""
    return (
        (unit.text[0].islower() or prev.text.endswith(","))
        and not unit.heading
        and not unit.list_item
        and not unit.code
        and not prev.heading
        and not prev.code
        and (not ends_sentence(prev.text) or _open_quote(prev.text))
        and chrome_kind(unit, config.chrome) is None
        and chrome_kind(prev, config.chrome) is None
        and not (parse_byline(unit.text) or _byline_head(unit.text))
    )


def _split_byline(opener: Unit, name: Unit) -> bool:
    """A byline opener alone on its line ("By", "Written by") and a name on the next."""
    return (
        opener.key.rstrip(":") in _BYLINE_OPENERS
        and name.words <= 4
        and _byline_head(f"By {name.text}") is not None
        and parse_byline(f"By {name.text}") == name.text.strip()
    )


def _take_url(units: list[Unit], config: DumpConfig) -> tuple[str | None, list[Unit]]:
    """The page URL from a URL line near the top or bottom; the line and its label leave."""
    for index, unit in enumerate(units):
        top, bottom = edge(index, len(units), config.chrome)
        if not (top or bottom):
            continue
        url = parse_url_line(unit.raw) or parse_url_line(unit.text)
        if url:
            drop = {index}
            if index and is_url_label(units[index - 1].text):
                drop.add(index - 1)
            return url, [u for i, u in enumerate(units) if i not in drop]
    return None, units


def _article_window(units: list[Unit], config: DumpConfig) -> tuple[list[Unit], list[Unit], int]:
    """The lines further up where a headline may sit, the window (the article's runs of prose
    lines without what was inserted between them, the header lines just above it, and a date
    at its foot) and where the run starts in the window."""
    region = _main_region(units, config)
    run = region.span
    start = max(0, run.start - config.title_search_units)
    tail = units[run.stop : run.stop + config.tail_date_units]
    dated = [u for u in tail if (d := parse_date(u.text)) and d.year]
    above = units[max(0, start - config.headline_search_units) : start]
    window = [u for i, u in enumerate(units[start : run.stop], start) if i not in region.gaps]
    return above, window + dated, run.start - start


def _main_region(units: list[Unit], config: DumpConfig) -> Region:
    """The article's run of lines (transforms/lines.py), crossing "Related" blocks, code
    listings and content lists cheaply, above the reader comments when a header opens them."""
    kinds = [chrome_kind(u, config.chrome) for u in units]
    if "comments" in kinds and _body_like_before(units, kinds.index("comments"), config):
        units = units[: kinds.index("comments")]
    texts = [u.text for u in units]
    chrome = [kind is not None for kind in kinds[: len(units)]]
    code = [u.code or is_code(u.text) for u in units]
    shares = [u.link_share for u in units]
    items = [u.list_item for u in units]
    blocks = block_lines(texts, items, shares, code)
    closing = block_lines(texts, items, shares, code, strict=True)
    detached = related_blocks(units, config.chrome)
    return main_region(texts, shares, chrome, detached=detached, blocks=blocks, closing=closing)


def _body_like_before(units: list[Unit], index: int, config: DumpConfig) -> bool:
    """Whether article-like text comes before a line (a comments header below the article,
    not a "3 comments on “Title”" line beside the headline)."""
    return any(_body_like(u, config) for u in units[:index])


def _title_like(unit: Unit, config: DumpConfig) -> bool:
    """Short line without closing period, not starting lower-case or with a step number
    ("3. Prep Them"): headline or sub-heading."""
    return (
        2 <= unit.words <= config.title_max_words
        and not (unit.text[0].islower() and not unit.text[1:2].isupper())
        and not _STEP_NUMBER.match(unit.text)
        and not (ends_sentence(unit.text) and _PERIOD_END.search(unit.text))
        and not unit.text.endswith(":")
    )


def _body_like(unit: Unit, config: DumpConfig) -> bool:
    """A sentence long enough to be article text, not a header line."""
    return unit.words >= 2 * config.body_min_words or (
        unit.words >= config.body_min_words and ends_sentence(unit.text)
    )


def _article_text(unit: Unit, config: DumpConfig) -> bool:
    """A body-like line that is not a long chrome notice (a cookie banner above the headline)."""
    return _body_like(unit, config) and chrome_kind(unit, config.chrome) is None


def _is_chrome(unit: Unit, config: DumpConfig) -> bool:
    return chrome_kind(unit, config.chrome) is not None


def _timestamp(unit: Unit) -> bool:
    """A line that is only a full date (and time): when a post or an update was stamped,
    metadata rather than text wherever it sits ("17 April 2012 • 2:54pm")."""
    date = parse_date(unit.text)
    return date is not None and date.precision == "day"


def _is_meta(unit: Unit) -> bool:
    """A byline, date or URL line: metadata, never a title."""
    return bool(parse_date(unit.text) or parse_byline(unit.text) or parse_url_line(unit.text))


def _take_title(
    units: list[Unit], config: DumpConfig, above: list[Unit], at_top: bool = True
) -> tuple[str | None, list[Unit]]:
    """The headline: the first markdown heading near the top, else the first line above the first
    sentence that names what the lede tells (`above` holds the lines over the window's top),
    else the file's first line when it is title-like, else the longest title-like line.

    Lines above it that are not article text are page chrome; copies of it leave the body. A
    breadcrumb before it ("Home » Travel » ") goes.
    """
    lines = above + units
    near = len(above)  # lines[near:] are the window's
    zone = lines[: near + config.title_search_units]
    index = next((i for i, u in enumerate(zone) if u.heading == 1), None)
    if index is None:
        index = next((i for i, u in enumerate(zone[near:], near) if u.heading), None)
    if index is None:
        end = next(
            (i for i, u in enumerate(zone) if i >= near and _article_text(u, config)), len(zone)
        )
        candidates = [
            i
            for i, unit in enumerate(zone[:end])
            if _title_like(unit, config) and not _is_chrome(unit, config) and not _is_meta(unit)
        ]
        index = _lede_headline(zone, candidates, lines[end:], config)
        if index is None:
            # a headline sits above its byline or date line and closes without a period; menu
            # items, section labels and names near it are shorter than it
            close = [
                i for i in candidates if i >= near and zone[i].words >= config.headline_min_words
            ]
            meta = next((i for i, u in enumerate(zone[:end]) if i >= near and _is_meta(u)), end)
            top = [i for i in close if i < meta] or close
            top = [i for i in top if not zone[i].text.endswith(".")] or top
            index = max(top, key=lambda i: zone[i].words, default=None)
            if at_top and candidates and candidates[0] == 0:
                index = 0  # the file's first line is title-like: a clean dump, headline first
    if index is None:
        return None, units
    title = _BREADCRUMB.split(lines[index].text.strip())[-1]
    key = lines[index].key
    kept = [
        u
        for i, u in enumerate(lines)
        if (i >= near and (i > index or _body_like(u, config) or _is_meta(u)))
        or (index < i < near and _article_text(u, config))
    ]
    return title, [u for u in kept if u.key != key]


def _far_header(
    lines: list[Unit], config: DumpConfig
) -> tuple[str | None, str | None, PartialDate]:
    """Headline, author and date of a header the article window does not reach (a review box
    or a gallery sits between): the byline nearest the article run within
    `byline_search_units` lines above it and the title-like line over that byline (a
    standfirst between allowed), and the nearest line that is only a full date."""
    start = max(0, len(lines) - config.byline_search_units)
    byline = next(
        (
            i
            for i in range(len(lines) - 1, start - 1, -1)
            if lines[i].words <= config.chrome.prefix_max_words
            and _byline_and_date(lines[i].text)[0]
        ),
        None,
    )
    title = author = None
    if byline is not None:
        author = _byline_and_date(lines[byline].text)[0]
        title = next(
            (
                u.text.strip()
                for u in reversed(lines[max(0, byline - 2) : byline])
                if _title_like(u, config) and not _is_chrome(u, config) and not _is_meta(u)
            ),
            None,
        )
    stamps = (parse_date(u.text) for u in reversed(lines[start:]) if _timestamp(u))
    return title, author, next(stamps, None) or PartialDate()


def _noted_author(below: list[Unit], body: list[Unit]) -> str | None:
    """The name of an author note ("Will Knight is a senior writer for WIRED") below the
    article run and not in the body (the chrome rules drop the notes at its foot): a note,
    not a person the story is about."""
    story = {u.text for u in body}
    return next(
        (name for u in below if u.text not in story and (name := note_author(u.text))), None
    )


def _content_words(text: str) -> set[str]:
    """Casefolded words of 3+ letters that are not function words."""
    return {w for w in _WORDS.findall(text.casefold()) if len(w) >= 3 and w not in STOPWORDS}


def _lede_headline(
    zone: list[Unit], candidates: list[int], below: list[Unit], config: DumpConfig
) -> int | None:
    """The first candidate sharing content words with the lede: a headline names what the first
    paragraphs tell, while menus and section labels above it do not (photo captions below it
    do, hence the first)."""
    lede = [u.text for u in below if _body_like(u, config)][: config.lede_units]
    words = _content_words(" ".join(lede))
    naming = [
        i
        for i in candidates
        if not zone[i].text.endswith(".")
        and len(_content_words(zone[i].text) & words) >= config.headline_min_shared
    ]
    full = [i for i in naming if zone[i].words >= config.headline_min_words]
    return (full or naming or [None])[0]


def _take_header(
    units: list[Unit], config: DumpConfig, run_first: Unit | None = None
) -> tuple[str | None, PartialDate, str | None, list[Unit]]:
    """Author and date from the header, a date line at the end or a timestamp line in the
    body; those lines leave the text. The header ends at the
    article run (`run_first`), or at the first sentence when that is lower: a standfirst
    can sit above the byline.

    Short lines between the headline and the last byline/date line (job title, place) go too.
    """
    author: str | None = None
    date, source = PartialDate(), None
    header_end = next((i for i, u in enumerate(units) if _article_text(u, config)), len(units))
    run = next((i for i, u in enumerate(units) if u is run_first), header_end)
    header_end = min(max(header_end, run), config.title_search_units)
    meta: set[int] = set()
    candidates = list(range(header_end))
    # At the foot only the last lines, and only full dates: fixture lists end sports pages.
    tail = range(max(header_end, len(units) - config.tail_date_units), len(units))
    candidates += [i for i in tail if (d := parse_date(units[i].text)) and d.year]
    # Anywhere below, a line that is only a full date is a timestamp, not text.
    candidates += [i for i in range(header_end, len(units)) if _timestamp(units[i])]
    for index in dict.fromkeys(candidates):
        unit = units[index]
        if unit.words > config.chrome.prefix_max_words:
            continue
        found_author, found_date = _byline_and_date(unit.text)
        if found_author and author is None:
            author = found_author
            meta.add(index)
        if found_date:
            if date.precision == "unknown":
                date, source = found_date, "byline" if found_author else "date_line"
            meta.add(index)
    # A label above a date or byline line ("Release Date:", "Posted by:") goes with it.
    meta |= {i - 1 for i in meta if i and _meta_label(units[i - 1], config)}
    last_meta = max((i for i in meta if i < header_end), default=-1)
    for index in range(last_meta):
        unit = units[index]
        header_line = unit.words <= config.chrome.nav_max_words + 3
        if index in meta or _body_like(unit, config) or not header_line:
            continue
        if author is None:
            author = parse_byline(f"By {unit.text}")
        meta.add(index)
    return author, date, source, [u for i, u in enumerate(units) if i not in meta]


def _meta_label(unit: Unit, config: DumpConfig) -> bool:
    """A menu-sized line ending in a colon, without digits: the label of the line below."""
    text = unit.text.rstrip()
    return (
        text.endswith(":") and unit.words <= config.chrome.nav_max_words and not _DIGIT.search(text)
    )


def _drop_lead_labels(units: list[Unit], run_first: Unit | None, config: DumpConfig) -> list[Unit]:
    """Without the menu-sized lines left between the headline and the article run ("Social
    Share", "Discuss", "5 min read", "Jump to Recipe Print Recipe"): labels of the page, not
    text of the article."""
    run = next((i for i, u in enumerate(units) if u is run_first), 0)
    return [
        u
        for i, u in enumerate(units)
        if i >= run
        or u.words > config.lead_label_max_words
        or (u.words > config.chrome.nav_max_words and (ends_sentence(u.text) or _dated(u)))
        or _body_like(u, config)
    ]


def _dated(unit: Unit) -> bool:
    """Whether a line names a day that the header could not read ("Updated21:22, 6 OCT 2020"):
    it stays as evidence for the article's date."""
    return any(d.day for d in find_mentioned_dates(unit.text))


def _date_then_label(text: str) -> PartialDate | None:
    """The day a line opens with when one or two words without digits follow it: a section
    label or a site name ("May 06, 2022 News", "June 5, 2019 by luxurious")."""
    words = text.split()
    for cut in (1, 2):
        label = words[-cut:]
        if len(words) - cut >= 2 and not any(_DIGIT.search(w) for w in label):
            date = parse_date(" ".join(words[:-cut]))
            if date and date.day:
                return date
    return None


def _byline_and_date(text: str) -> tuple[str | None, PartialDate | None]:
    """Author and date of a header line: "By A", a date line, "By A | March 3, 2016" or
    "Written by A on March 3, 2016"."""
    author, date = parse_byline(text), parse_date(text)
    if author is None and (head := _byline_head(text)):
        author, rest = head
        parts = [rest, *_BYLINE_PARTS.split(rest), *rest.split(", ")]
        date = date or next((d for p in parts if p and (d := parse_date(p))), None)
    if author or date:
        return author, date
    place, _, rest = text.partition(", ")
    if rest and place.isupper() and len(place.split()) <= 3 and (date := parse_date(rest)):
        return None, date  # "INDONESIA, July 2, 2013": a place and a date line
    if date := _date_then_label(text):
        return None, date
    if author := _name_and_role(text):
        return author, None
    parts = _BYLINE_PARTS.split(text)
    author = next((a for p in parts if (a := parse_byline(p))), None)
    date = next((d for p in parts if (d := parse_date(p))), None)
    return (author, date) if len(parts) >= 2 and author and date else (None, None)


def _name_and_role(text: str) -> str | None:
    """The name of a byline without "By" that a job title follows ("Richard Adams Education
    editor", "Jane Doe, Staff Writer"): two capitalised words, then a role of bio_roles.txt
    after a comma, or two or three words ending in a lower-case one ("Foreign Affairs
    editor" alone names no one)."""
    head, comma, role = text.partition(",")
    if comma:
        name, roles = head.split(), role.split()
    else:
        words = text.split()
        name, roles = words[:2], words[2:]
        if len(roles) < 2 or not roles[-1].islower():
            return None
    if len(name) != 2 or not 1 <= len(roles) <= 3 or roles[-1].casefold() not in BIO_ROLES:
        return None
    joined = " ".join(name)
    return joined if parse_byline(f"By {joined}") == joined else None


def _byline_head(text: str) -> tuple[str, str] | None:
    """Name and remainder of a byline followed by more ("Written by A on July 27", "by A Last
    updated 4 Jun"): the name ends at the first word that is not capitalised, a digit, a month
    or a date label (transforms/data/date_noise.txt)."""
    words = text.split()
    opener = 2 if len(words) > 2 and words[1].casefold() == "by" else 1
    if not words or " ".join(words[:opener]).casefold().rstrip(":") not in _BYLINE_OPENERS:
        return None
    name: list[str] = []
    for word in words[opener:]:
        key = word.casefold().strip(".,:;|")
        if not word[:1].isupper() or key in _DATE_WORDS or key in _MONTHS or _DIGIT.search(key):
            break
        name.append(word.rstrip(","))
        if word.endswith(","):  # "Written by A B, PhD": a degree or job title follows
            break
    author = parse_byline(" ".join(words[:opener] + name)) if name else None
    return (author, " ".join(words[opener + len(name) :])) if author else None


def _first_byline(units: list[Unit], config: DumpConfig) -> str | None:
    """The author of the first byline among lines the header rules did not reach (above the
    article window, where sites print "By A" over a photo or share bar)."""
    for unit in units:
        if unit.words > config.chrome.prefix_max_words:
            continue
        if name := parse_byline(unit.text) or (_byline_head(unit.text) or (None,))[0]:
            return name
    return None


def _dateline_date(paragraphs: list[str]) -> tuple[PartialDate, str | None]:
    """Date of a wire dateline in one of the first paragraphs ("MOSCOW, December 15. ...")."""
    for paragraph in paragraphs[:3]:
        found = parse_dateline(paragraph)
        if found and found[1].month:
            return found[1], "dateline"
    return PartialDate(), None
