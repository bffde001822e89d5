"""Text and markdown dumps of web pages to articles: title, metadata lines, body without chrome.

Dumps keep what a browser showed: menus, share bars, player debris, headlines printed twice,
"Original url:" footers. Rules rest on general features (length, sentence punctuation,
link share, list markers, position near the edges, repetition) plus keyword lists in
`transforms/data/*.txt` that users extend without touching code.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from transforms.metadata import (
    find_mentioned_dates,
    infer_year,
    is_url_label,
    most_mentioned_day,
    parse_byline,
    parse_date,
    parse_dateline,
    parse_url_line,
    site_from_url,
)
from transforms.normalize import normalize_text, split_joined_sentences
from transforms.records import CleanArticle, PartialDate, Rejection

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
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
    # "Published: ..." footers are the last or next-to-last line when present.
    tail_date_units: int = 2
    # Navigation items ("XS", "World", "Sign in") are 1-3 words; 3 in a row is a menu.
    nav_max_words: int = 3
    nav_max_chars: int = 25
    nav_min_run: int = 3
    # "Near the top/bottom": the first/last 8 paragraphs or 20 % of them, whichever is more.
    edge_units: int = 8
    edge_share: float = 0.2
    # Share bars and sign-offs are short; a 15-word cap keeps prose that starts "Share ...".
    prefix_max_words: int = 15
    # Cookie and legal notices seen in dumps run to 35 words.
    phrase_max_words: int = 40
    # "See also" link titles are headlines (at most ~30 words, no closing period).
    related_max_words: int = 30
    # Clip titles next to player debris are headline-sized.
    debris_title_max_words: int = 15
    # Repeats shorter than this ("Thank you.") are real in transcripts; only longer ones dedup.
    dedup_min_chars: int = 20
    # html2text-style markdown wraps at 78 columns; lines this long inside a block are wrapped.
    wrap_min_chars: int = 50
    # A bare credit after the last sentence ("RFE/RL", "AP/TASS") is 1-2 words; longer closing
    # lines in bbc-news ("School Of Rock", "P O'Brien (New Zealand)") are content.
    signoff_max_words: int = 2
    # Markdown lines whose text is mostly link text are navigation when short.
    link_share: float = 0.8
    link_max_words: int = 8


DEFAULT_CONFIG = DumpConfig()


def _load_rules(name: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """Plain lines and `re:` lines of a data file (see the comments in transforms/data/)."""
    words: set[str] = set()
    patterns: list[str] = []
    for line in (DATA_DIR / name).read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("re:"):
            patterns.append(f"(?:{line[3:]})")
        else:
            words.add(line.casefold())
    return frozenset(words), re.compile("|".join(patterns)) if patterns else None


def _phrase_regex(words: Iterable[str]) -> re.Pattern[str]:
    """One alternation over literal phrases, longest first."""
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


_CHROME_LINES, _CHROME_LINE_RE = _load_rules("chrome_lines.txt")
_CHROME_PREFIXES = tuple(sorted(_load_rules("chrome_prefixes.txt")[0]))
_CHROME_PHRASES = _phrase_regex(_load_rules("chrome_phrases.txt")[0])
_FOOTER_PHRASES = _phrase_regex(_load_rules("footer_phrases.txt")[0])
_DEBRIS_LINES, _DEBRIS_RE = _load_rules("video_debris.txt")
_SECTION_HEADERS = _load_rules("section_headers.txt")[0]

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)[\s#]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-{2,})\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪►◦‣]|\d{1,3}[.)])\s+")
_SYMBOL_BULLET = re.compile(r"^\s*[-*+•·▪►◦‣]\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)|\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(
    r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)([^_\n]+?)(?<!\s)_(?!\w)"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_CODE = re.compile(r"`([^`]*)`")
_TRIM = " \t*_|:>-–—•·▪►«»›‹"
_SPACES = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:[A-Z][a-z]{0,3}|[a-z]{1,3})\.$")
_PERIOD_END = re.compile(r"(?<!\.)\.[\"'”’)\]]*$")
_NAV_SEPARATORS = re.compile(r"\s+[|•·»›/]\s+")
_DEBRIS_PREFIX = re.compile(r"^(?:watch|video|listen|audio)\s*:\s*", re.IGNORECASE)
_BYLINE_PARTS = re.compile(r"\s+[|•·—–-]\s+|\s*\|\s*")


@dataclass(slots=True)
class _Unit:
    """One paragraph candidate with the layout facts the chrome rules need."""

    text: str
    raw: str = ""
    heading: int = 0
    list_item: bool = False
    link_share: float = 0.0
    words: int = field(init=False, default=0)
    key: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute the word count and the matching key after the text changed."""
        self.words = len(self.text.split())
        self.key = _SPACES.sub(" ", self.text.casefold()).strip(_TRIM)


def clean_dump(
    text: str, fmt: str, config: DumpConfig = DEFAULT_CONFIG, path: str = ""
) -> CleanArticle | Rejection:
    """Article of one text/markdown dump; metadata lines leave the body, chrome is dropped.

    `path` only labels a Rejection; the caller may pass it or fill it in afterwards.
    """
    if fmt not in FORMATS:
        return Rejection(path, "dumps_bad_format", f"format {fmt!r} is not one of {FORMATS}")
    units = _join_wrapped(_parse_units(normalize_text(text), fmt, config), config)
    if not units:
        return Rejection(path, "dumps_empty", "the dump holds no text")
    url, units = _take_url(units, config)
    title, units = _take_title(units, config)
    author, date, date_source, units = _take_header(units, config)
    units = _strip_units(units, config)
    paragraphs = [split_joined_sentences(u.text) for u in units]
    if not paragraphs and title and (_ends_sentence(title) or len(title.split()) >= 8):
        paragraphs = [title]  # a one-line article: its only line is its text, not a headline
    if not paragraphs:
        return Rejection(path, "dumps_no_text", "no body text left after removing chrome")
    if not (date.year or date.month):
        date, date_source = _dateline_date(paragraphs)
    mentioned = find_mentioned_dates("\n".join(paragraphs))
    if not (date.year or date.month) and (day := most_mentioned_day(mentioned)):
        date, date_source = day, "text"
    dated = infer_year(date, mentioned)
    return CleanArticle(
        title=title,
        paragraphs=paragraphs,
        author=author,
        url=url,
        site=site_from_url(url) if url else None,
        date=dated,
        date_source=date_source,
        date_inferred=dated.year is not None and date.year is None,
        mentioned_dates=mentioned,
    )


def strip_chrome(paragraphs: list[str], config: DumpConfig = DEFAULT_CONFIG) -> list[str]:
    """Drop site chrome, repeats and trailing sign-offs from clean paragraphs, keeping order."""
    units = [_Unit(p.strip()) for p in paragraphs if p.strip()]
    return [u.text for u in _strip_units(units, config)]


def _parse_units(text: str, fmt: str, config: DumpConfig) -> list[_Unit]:
    """Lines to units: markdown marks removed, wrapped markdown lines of one block joined."""
    units: list[_Unit] = []
    joinable = False  # the previous line may continue: same block, markdown, wrapped width
    for raw in text.split("\n"):
        if not raw.strip() or _RULE.match(raw):
            joinable = False
            continue
        setext = _SETEXT.match(raw)
        if setext and units and joinable and not units[-1].heading:
            units[-1].heading = 1 if setext.group(1)[0] == "=" else 2
            joinable = False
            continue
        unit = _parse_line(raw, fmt)
        if unit is None:
            continue
        if (
            joinable
            and fmt == "markdown"
            and not unit.heading
            and not unit.list_item
            and len(units[-1].raw) >= config.wrap_min_chars
        ):
            units[-1].text += " " + unit.text
            units[-1].raw += " " + unit.raw
            units[-1].refresh()
        else:
            units.append(unit)
        joinable = not unit.heading and not unit.list_item
    return units


def _parse_line(raw: str, fmt: str) -> _Unit | None:
    """One line without markdown syntax; remembers heading level, list marker and link share."""
    line = _QUOTE.sub("", raw)
    heading = 0
    if match := _HEADING.match(line):
        heading, line = len(match.group(1)), match.group(2)
    bullet = (_BULLET if fmt == "markdown" else _SYMBOL_BULLET).match(line)
    if bullet:
        line = line[bullet.end() :] if not bullet.group(0).strip()[0].isdigit() else line
    line = _IMAGE.sub("", line)
    link_chars = 0

    def _link_text(match: re.Match[str]) -> str:
        nonlocal link_chars
        label = match.group(1) if match.group(1) is not None else match.group(3)
        link_chars += len(label)
        return label

    line = _LINK.sub(_link_text, line)
    line = _EMPHASIS.sub(lambda m: m.group(2) or m.group(3) or m.group(4) or "", line)
    line = _ESCAPE.sub(r"\1", _CODE.sub(r"\1", line))
    line = _SPACES.sub(" ", line).strip()
    if not line:
        return None
    share = link_chars / max(1, len(line.replace(" ", "")))
    return _Unit(line, raw.strip(), heading, bool(bullet), min(1.0, share))


def _ends_sentence(text: str) -> bool:
    """True when the text closes a sentence (not merely an abbreviation like "U.S.")."""
    return bool(_SENTENCE_END.search(text)) and not _ABBREVIATION_END.search(text.rstrip("\"'”’)]"))


def _open_quote(text: str) -> bool:
    """True when a curly or straight double quote is left open at the end of the text."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _join_wrapped(units: list[_Unit], config: DumpConfig) -> list[_Unit]:
    """Re-join a paragraph cut by a hard wrap or stray blank line.

    The cut shows as an unfinished line (no closing mark, or an open quote) followed by a
    lower-case start, or as a line ending in a comma.
    """
    joined: list[_Unit] = []
    for unit in units:
        prev = joined[-1] if joined else None
        if (
            prev is not None
            and (unit.text[0].islower() or prev.text.endswith(","))
            and not unit.heading
            and not unit.list_item
            and not prev.heading
            and (not _ends_sentence(prev.text) or _open_quote(prev.text))
            and _kind(unit, config) is None
            and _kind(prev, config) is None
        ):
            prev.text += " " + unit.text
            prev.raw += " " + unit.raw
            prev.refresh()
        else:
            joined.append(unit)
    return joined


def _edge(index: int, total: int, config: DumpConfig) -> tuple[bool, bool]:
    """Whether a unit sits in the top zone and in the bottom zone of the page."""
    size = max(config.edge_units, int(total * config.edge_share))
    return index < size, index >= total - size


def _take_url(units: list[_Unit], config: DumpConfig) -> tuple[str | None, list[_Unit]]:
    """The page URL from a URL line near the top or bottom; the line and its label leave."""
    for index, unit in enumerate(units):
        top, bottom = _edge(index, len(units), config)
        if not (top or bottom):
            continue
        url = parse_url_line(unit.raw) or parse_url_line(unit.text)
        if url:
            drop = {index}
            if index and is_url_label(units[index - 1].text):
                drop.add(index - 1)
            return url, [u for i, u in enumerate(units) if i not in drop]
    return None, units


def _title_like(unit: _Unit, config: DumpConfig) -> bool:
    """Short line without closing period, not starting lower-case: headline or sub-heading."""
    return (
        2 <= unit.words <= config.title_max_words
        and not (unit.text[0].islower() and not unit.text[1:2].isupper())
        and not (_ends_sentence(unit.text) and _PERIOD_END.search(unit.text))
        and not unit.text.endswith(":")
    )


def _body_like(unit: _Unit, config: DumpConfig) -> bool:
    """A sentence long enough to be article text, not a header line."""
    return unit.words >= 2 * config.body_min_words or (
        unit.words >= config.body_min_words and _ends_sentence(unit.text)
    )


def _article_text(unit: _Unit, config: DumpConfig) -> bool:
    """A body-like line that is not a long chrome notice (a cookie banner above the headline)."""
    return _body_like(unit, config) and _kind(unit, config) is None


def _is_meta(unit: _Unit) -> bool:
    """A byline, date or URL line: metadata, never a title."""
    return bool(parse_date(unit.text) or parse_byline(unit.text) or parse_url_line(unit.text))


def _take_title(units: list[_Unit], config: DumpConfig) -> tuple[str | None, list[_Unit]]:
    """The headline: the first markdown heading near the top, else the first title-like line.

    Lines above it that are not article text are page chrome; copies of it leave the body.
    """
    zone = units[: config.title_search_units]
    index = next((i for i, u in enumerate(zone) if u.heading == 1), None)
    if index is None:
        index = next((i for i, u in enumerate(zone) if u.heading), None)
    if index is None:
        for i, unit in enumerate(zone):
            if _article_text(unit, config):
                break
            if _title_like(unit, config) and _kind(unit, config) is None and not _is_meta(unit):
                index = i
                break
    if index is None:
        return None, units
    title = units[index].text.strip()
    key = units[index].key
    kept = [u for i, u in enumerate(units) if i > index or _body_like(u, config) or _is_meta(u)]
    return title, [u for u in kept if u.key != key]


def _take_header(
    units: list[_Unit], config: DumpConfig
) -> tuple[str | None, PartialDate, str | None, list[_Unit]]:
    """Author and date from the header (above the first sentence) or a date line at the end.

    Short lines between the headline and the last byline/date line (job title, place) go too.
    """
    author: str | None = None
    date, source = PartialDate(), None
    header_end = next((i for i, u in enumerate(units) if _article_text(u, config)), len(units))
    header_end = min(header_end, config.title_search_units)
    meta: set[int] = set()
    candidates = list(range(header_end))
    # At the foot only the last lines, and only full dates: fixture lists end sports pages.
    tail = range(max(header_end, len(units) - config.tail_date_units), len(units))
    candidates += [i for i in tail if (d := parse_date(units[i].text)) and d.year]
    for index in dict.fromkeys(candidates):
        unit = units[index]
        if unit.words > config.prefix_max_words:
            continue
        found_author, found_date = _byline_and_date(unit.text)
        if found_author and author is None:
            author = found_author
            meta.add(index)
        if found_date:
            if date.precision == "unknown":
                date, source = found_date, "byline" if found_author else "date_line"
            meta.add(index)
    last_meta = max((i for i in meta if i < header_end), default=-1)
    for index in range(last_meta):
        unit = units[index]
        if index in meta or _body_like(unit, config) or unit.words > config.nav_max_words + 3:
            continue
        if author is None:
            author = parse_byline(f"By {unit.text}")
        meta.add(index)
    return author, date, source, [u for i, u in enumerate(units) if i not in meta]


def _byline_and_date(text: str) -> tuple[str | None, PartialDate | None]:
    """Author and date of a header line: "By A", a date line, or "By A | March 3, 2016"."""
    author, date = parse_byline(text), parse_date(text)
    if author or date:
        return author, date
    place, _, rest = text.partition(", ")
    if rest and place.isupper() and len(place.split()) <= 3 and (date := parse_date(rest)):
        return None, date  # "INDONESIA, July 2, 2013": a place and a date line
    parts = _BYLINE_PARTS.split(text)
    if len(parts) < 2:
        return None, None
    author = next((a for p in parts if (a := parse_byline(p))), None)
    date = next((d for p in parts if (d := parse_date(p))), None)
    return (author, date) if author and date else (None, None)


def _dateline_date(paragraphs: list[str]) -> tuple[PartialDate, str | None]:
    """Date of a wire dateline in one of the first paragraphs ("MOSCOW, December 15. ...")."""
    for paragraph in paragraphs[:3]:
        found = parse_dateline(paragraph)
        if found and found[1].month:
            return found[1], "dateline"
    return PartialDate(), None


def _kind(unit: _Unit, config: DumpConfig) -> str | None:
    """What kind of chrome one line is: 'chrome', 'debris', 'section', 'notice', 'footer'."""
    key = unit.key
    if not key:
        return "chrome"
    if key in _SECTION_HEADERS:
        return "section"
    if key in _DEBRIS_LINES or (_DEBRIS_RE and _DEBRIS_RE.search(key)):
        return "debris"
    if key in _CHROME_LINES or (_CHROME_LINE_RE and _CHROME_LINE_RE.search(key)):
        return "chrome"
    if unit.words <= config.prefix_max_words and key.startswith(_CHROME_PREFIXES):
        return "chrome"
    if unit.words <= config.phrase_max_words and _CHROME_PHRASES.search(key):
        return "notice"
    if _FOOTER_PHRASES.search(key):
        return "footer"
    parts = _NAV_SEPARATORS.split(unit.text)
    is_table_row = unit.text.startswith("|") or any(c.isdigit() for c in unit.text)
    if (
        len(parts) >= 3
        and not is_table_row
        and all(len(p.split()) <= config.nav_max_words for p in parts)
    ):
        return "chrome"
    if not any(c.isalnum() for c in key):
        return "chrome"
    return None


def _short(unit: _Unit, config: DumpConfig) -> bool:
    """A navigation-sized line: a few words, no sentence punctuation."""
    return (
        unit.words <= config.nav_max_words
        and len(unit.text) <= config.nav_max_chars
        and not _ends_sentence(unit.text)
    )


def _strip_units(units: list[_Unit], config: DumpConfig) -> list[_Unit]:
    """Apply the chrome rules in order; each only removes units."""
    kinds = [_kind(u, config) for u in units]
    total = len(units)
    drop = {i for i, kind in enumerate(kinds) if kind in ("chrome", "section", "debris")}
    # Cookie and legal notices sit at the edges; mid-page they are the article's subject.
    drop |= {i for i, kind in enumerate(kinds) if kind == "notice" and any(_edge(i, total, config))}
    for index, kind in enumerate(kinds):
        if kind == "section":
            drop |= _related_followers(units, index, config)
        elif kind == "debris":
            drop |= _clip_titles(units, kinds, index, config)
        elif kind == "footer" and _edge(index, total, config)[1]:
            drop |= set(range(index, total))
            break
        elif kind == "footer" and units[index].words <= config.phrase_max_words:
            drop.add(index)
    drop |= _navigation_runs(units, config)
    kept = [u for i, u in enumerate(units) if i not in drop]
    kept = _dedup(kept, config)
    for _ in range(2):  # a credit line ("RFE/RL") after the last sentence, at most two
        if (
            len(kept) >= 2
            and kept[-1].words <= config.signoff_max_words
            and not _ends_sentence(kept[-1].text)
            and _ends_sentence(kept[-2].text)
        ):
            kept.pop()
    return kept


def _related_followers(units: list[_Unit], index: int, config: DumpConfig) -> set[int]:
    """The link title(s) after a "See also" header: one headline, then links or list items."""
    drop: set[int] = set()
    for follower in range(index + 1, min(len(units), index + 12)):
        unit = units[follower]
        is_link = unit.link_share >= config.link_share or unit.list_item
        headline = unit.words <= config.related_max_words and not _ends_sentence(unit.text)
        if (follower == index + 1 and headline) or is_link:
            drop.add(follower)
        else:
            break
    return drop


def _clip_titles(
    units: list[_Unit], kinds: list[str | None], index: int, config: DumpConfig
) -> set[int]:
    """Clip title lines next to player debris, and lines repeating a "WATCH: <title>"."""
    drop: set[int] = set()
    for near in (index - 1, index + 1):
        if 0 <= near < len(units) and kinds[near] is None:
            unit = units[near]
            if unit.words <= config.debris_title_max_words and not _ends_sentence(unit.text):
                drop.add(near)
    label = _DEBRIS_PREFIX.sub("", units[index].text).casefold().strip()
    if label != units[index].text.casefold().strip():
        drop |= {i for i, u in enumerate(units) if u.text.casefold().strip() == label}
    return drop


def _navigation_runs(units: list[_Unit], config: DumpConfig) -> set[int]:
    """Runs of menu-sized lines at the edges, and runs of short link list items anywhere."""
    drop: set[int] = set()
    run: list[int] = []
    links: list[int] = []
    for index, unit in enumerate([*units, None]):
        if unit is not None and _short(unit, config):
            run.append(index)
        else:
            # Menus touch the top or the foot of the page; mid-page short runs are tables.
            if len(run) >= config.nav_min_run and (run[0] == 0 or run[-1] == len(units) - 1):
                drop |= set(run)
            run = []
        is_nav_link = unit is not None and (
            unit.link_share >= config.link_share
            and unit.words <= config.link_max_words
            and (unit.list_item or not _ends_sentence(unit.text))
        )
        if is_nav_link:
            links.append(index)
        else:
            if len(links) >= 2:
                drop |= set(links)
            links = []
    return drop


def _dedup(units: list[_Unit], config: DumpConfig) -> list[_Unit]:
    """Keep the first copy of a repeated paragraph (captions and ledes printed twice)."""
    seen: set[str] = set()
    kept: list[_Unit] = []
    for unit in units:
        if len(unit.key) >= config.dedup_min_chars:
            if unit.key in seen:
                continue
            seen.add(unit.key)
        kept.append(unit)
    return kept
