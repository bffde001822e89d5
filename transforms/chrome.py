"""Site chrome in a page's paragraphs: menus, share bars, notices, player debris, related links.

Rules rest on general features (length, sentence punctuation, link share, list markers,
repetition, position near the edges of the page) plus keyword lists in `transforms/data/*.txt`
that users extend without touching code. Shared by the dump cleaner and the HTML path.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.rules import AnyOf, RuleSet

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ChromeConfig:
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
    # A bare credit after the last sentence ("RFE/RL", "AP/TASS") is 1-2 words; longer closing
    # lines in bbc-news ("School Of Rock", "P O'Brien (New Zealand)") are content.
    signoff_max_words: int = 2
    # Markdown lines whose text is mostly link text are navigation when short; two in a row
    # with up to 12 words (a headline: "Four out of five jobs affected by virus globally") are
    # a menu or related stories. On the eval pages 8-15 differed by one development snippet.
    link_share: float = 0.8
    link_max_words: int = 12
    # Author notes ("X is a senior writer for Y.") close an article: its last 3 paragraphs...
    bio_tail_units: int = 3
    # ... or in the last third: related links and site blurbs can follow the note.
    bio_tail_share: float = 0.33
    # Calls to action ("Get the latest news straight to your phone with our app.") sit among
    # the last 3 paragraphs and run to 45 words on the eval pages' development half.
    cta_tail_units: int = 3
    cta_max_words: int = 45
    # A promo box at the foot opens with one call to action ("Learn how to ... read the rest")
    # and closes with another or with a promo ("Join ... in your inbox"): with the opening one
    # among the last 8 paragraphs, the pitch after it goes too. 6 missed the box on the eval
    # pages, 8-10 removed the same.
    cta_box_units: int = 8
    # Promotions, disclosures and comment rules (chrome_promos.txt) run to 60 words on the
    # eval pages' development half (an advertiser disclosure of four sentences).
    promo_max_words: int = 60
    # Words mixing Latin and Cyrillic letters: one can be a typo, two are disguised text.
    mixed_script_min: int = 2
    # The header of a list of teaser cards at the foot ("Keep Reading", "More from the blog").
    teaser_header_max_words: int = 5
    # A comments header ends the page only below article text: a paragraph of 20+ words.
    comments_after_words: int = 20


DEFAULT_CONFIG = ChromeConfig()


def _load_rules(name: str) -> tuple[frozenset[str], re.Pattern[str] | None]:
    """Plain lines and `re:` lines of a data file (see the comments in transforms/data/)."""
    rules = RuleSet.load(name)
    return rules.words(), rules.regex()


def _any_of(name: str, phrases: bool = False) -> AnyOf:
    """The `re:` entries of a data file and, with `phrases`, its plain entries as phrases
    found anywhere in a line (case-folded)."""
    rules = RuleSet.load(name)
    return AnyOf.build(rules.words() if phrases else (), rules.patterns)


_CHROME_LINES = _load_rules("chrome_lines.txt")[0]
_CHROME_LINE_RE = _any_of("chrome_lines.txt")
_CHROME_PREFIXES = tuple(sorted(_load_rules("chrome_prefixes.txt")[0]))
_CHROME_PHRASES = _any_of("chrome_phrases.txt", phrases=True)
_FOOTER_PHRASES = _any_of("footer_phrases.txt", phrases=True)
_PROMOS = _any_of("chrome_promos.txt", phrases=True)
_DEBRIS_LINES, _DEBRIS_RE = _load_rules("video_debris.txt")
_SECTION_HEADERS = _load_rules("section_headers.txt")[0]
_CAPTIONS = _any_of("chrome_captions.txt")
_COMMENT_HEADERS = _load_rules("chrome_comments.txt")[1]

_TRIM = " \t*_|:>-–—•·▪►«»›‹"
_SPACES = re.compile(r"\s+")
_DIGIT = re.compile(r"\d")
_ALNUM = re.compile(r"[^\W_]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_ABBREVIATION_END = re.compile(r"(?:\b[A-Z]\.){2,}$|\b(?:[A-Z][a-z]{0,3}|[a-z]{1,3})\.$")
_NAV_SEPARATORS = re.compile(r"\s+[|•·»›/]\s+")
BIO_ROLES = _load_rules("bio_roles.txt")[0]
_BIO_ROLES = "|".join(re.escape(w) for w in sorted(BIO_ROLES))
_AUTHOR_NOTE = re.compile(
    r"^(?!(?:He|She|It|This|That|The|They|There)\b)(?P<name>(?:[A-Z][\w'’.-]*\s){0,3}[A-Z][\w'’.-]*)"
    rf"\s(?:is|was)\s(?:a|an|the)\s(?:[\w&-]+\s){{0,4}}(?i:{_BIO_ROLES})\b"
)
_CTA_PLAIN, _CTA_RE = _load_rules("chrome_calls_to_action.txt")
_CTA_WORDS = re.compile(
    r"\b(?:"
    + "|".join(re.escape(w) for w in sorted(_CTA_PLAIN, key=len, reverse=True))
    + r")\b"
    + (f"|{_CTA_RE.pattern}" if _CTA_RE else "")
)
_READER = re.compile(
    r"^(?:get|sign|join|subscribe|download|enter|follow|learn|click|register|log|please|never"
    r"|don['’]?t|missing)\b"
)
# A word that mixes Latin and Cyrillic letters ("Yоur соntеnt") is text disguised from
# filters (spam, ads); no language writes a word so.
_MIXED_SCRIPT = re.compile(r"\w*(?:[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z])\w*")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")  # cheap test first: most lines hold no Cyrillic
_DEBRIS_PREFIX = re.compile(r"^(?:watch|video|listen|audio)\s*:\s*", re.IGNORECASE)


@dataclass(slots=True)
class Unit:
    """One paragraph candidate with the layout facts the chrome rules need."""

    text: str
    raw: str = ""
    heading: int = 0
    list_item: bool = False
    link_share: float = 0.0
    code: bool = False  # an indented or fenced markdown code line
    words: int = field(init=False, default=0)
    key: str = field(init=False, default="")

    def __post_init__(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute the word count and the matching key after the text changed."""
        self.words = len(self.text.split())
        self.key = match_key(self.text)


def match_key(text: str) -> str:
    """A line as the chrome rules match it: case-folded, spacing collapsed, edge marks off."""
    return _SPACES.sub(" ", text.casefold()).strip(_TRIM)


def ends_sentence(text: str) -> bool:
    """True when the text closes a sentence (not merely an abbreviation like "U.S.")."""
    tail = text[-24:]  # the closing mark and an abbreviation before it: searching a long
    # paragraph from its start cost a quarter of the dump cleaner's time on BBC articles
    return bool(_SENTENCE_END.search(tail)) and not _ABBREVIATION_END.search(tail.rstrip("\"'”’)]"))


def edge(index: int, total: int, config: ChromeConfig) -> tuple[bool, bool]:
    """Whether a unit sits in the top zone and in the bottom zone of the page."""
    size = max(config.edge_units, int(total * config.edge_share))
    return index < size, index >= total - size


def strip_chrome(
    paragraphs: list[str], config: ChromeConfig = DEFAULT_CONFIG, author: str | None = None
) -> list[str]:
    """Drop site chrome, repeats and trailing sign-offs from clean paragraphs, keeping order."""
    units = [Unit(p.strip()) for p in paragraphs if p.strip()]
    return [u.text for u in strip_units(units, config, author)]


def chrome_kind(unit: Unit, config: ChromeConfig) -> str | None:
    """What kind of chrome one line is: 'chrome', 'debris', 'section', 'comments', 'caption',
    'promo', 'notice', 'footer'."""
    return _text_kind(unit.text, config)


@lru_cache(maxsize=1 << 16)
def _text_kind(text: str, config: ChromeConfig) -> str | None:
    """chrome_kind of a line's text, memoised: the cleaner asks about each line several times
    and menus repeat across a site's pages."""
    key = match_key(text)
    if not key:
        return "chrome"
    if key in _SECTION_HEADERS:
        return "section"
    if (
        not key.isascii()
        and _CYRILLIC.search(key)
        and len(_MIXED_SCRIPT.findall(key)) >= config.mixed_script_min
    ):
        return "chrome"
    if _COMMENT_HEADERS and _COMMENT_HEADERS.search(key):
        return "comments"
    if key in _DEBRIS_LINES or (_DEBRIS_RE and _DEBRIS_RE.search(key)):
        return "debris"
    if key in _CHROME_LINES or (_CHROME_LINE_RE and _CHROME_LINE_RE.search(key)):
        return "chrome"
    if _CAPTIONS and _CAPTIONS.search(key):
        return "caption"
    words = len(text.split())
    if words <= config.prefix_max_words and key.startswith(_CHROME_PREFIXES):
        return "chrome"
    if (
        words <= config.promo_max_words
        and _PROMOS
        and _PROMOS.search(key)
        and not _FOOTER_PHRASES.search(key)
    ):
        return "promo"
    if words <= config.phrase_max_words and _CHROME_PHRASES.search(key):
        return "notice"
    if _FOOTER_PHRASES.search(key):
        return "footer"
    parts = _NAV_SEPARATORS.split(text)
    if (
        len(parts) >= 3
        and not (text.startswith("|") or _DIGIT.search(text))  # a table row
        and all(len(p.split()) <= config.nav_max_words for p in parts)
    ):
        return "chrome"
    if not _ALNUM.search(key):
        return "chrome"
    return None


def _short(unit: Unit, config: ChromeConfig) -> bool:
    """A navigation-sized line: a few words, no sentence punctuation."""
    return (
        unit.words <= config.nav_max_words
        and len(unit.text) <= config.nav_max_chars
        and not ends_sentence(unit.text)
    )


def strip_units(units: list[Unit], config: ChromeConfig, author: str | None = None) -> list[Unit]:
    """Apply the chrome rules in order; each only removes units. `author`, the byline's name,
    marks an author note at the foot that opens with it ("TIM ANDERSON has done ...")."""
    kinds = [chrome_kind(u, config) for u in units]
    total = len(units)
    dropped = ("chrome", "section", "debris", "promo", "comments")
    drop = {i for i, kind in enumerate(kinds) if kind in dropped}
    # A caption goes unless it is all that is left (a photo page keeps its only text).
    if any(kind is None for kind in kinds):
        drop |= {i for i, kind in enumerate(kinds) if kind == "caption"}
    # Cookie and legal notices sit at the edges; mid-page they are the article's subject, and
    # then the ones at the edges are too (a privacy policy's own first lines).
    notices = [i for i, kind in enumerate(kinds) if kind == "notice"]
    if all(any(edge(i, total, config)) for i in notices):
        drop |= set(notices)
    for index, kind in enumerate(kinds):
        if kind == "section":
            drop |= _related_followers(units, index, config)
        elif kind == "debris":
            drop |= _clip_titles(units, kinds, index, config)
        elif (
            kind == "comments"
            and any(u.words >= config.comments_after_words for u in units[:index])
        ) or (kind == "footer" and edge(index, total, config)[1]):
            drop |= set(range(index, total))
            break
        elif kind == "footer" and units[index].words <= config.phrase_max_words:
            drop.add(index)
    drop |= _navigation_runs(units, config) | _teaser_cards(units, kinds, config)
    kept = [u for i, u in enumerate(units) if i not in drop]
    last_kept = max((i for i in range(total) if i not in drop), default=total)
    promo_at_foot = "promo" in kinds[last_kept + 1 :]
    kept = _dedup(kept, config)
    for _ in range(2):  # a credit line ("RFE/RL") after the last sentence, at most two
        if (
            len(kept) >= 2
            and kept[-1].words <= config.signoff_max_words
            and not ends_sentence(kept[-1].text)
            and ends_sentence(kept[-2].text)
        ):
            kept.pop()
    tail_size = max(config.bio_tail_units, int(len(kept) * config.bio_tail_share))
    tail = range(max(1, len(kept) - tail_size), len(kept))
    bios = {i for i in tail if _AUTHOR_NOTE.match(kept[i].text) or _opens_with(kept[i], author)}
    box = range(max(1, len(kept) - max(config.cta_box_units, config.cta_tail_units)), len(kept))
    calls = [i for i in box if is_call_to_action(kept[i], config)]
    promos = {i for i in calls if i >= len(kept) - config.cta_tail_units}
    if calls and (promo_at_foot or (len(calls) >= 2 and calls[-1] in promos)):
        promos |= set(range(calls[0], len(kept)))  # the box from its opening call on
    return [u for i, u in enumerate(kept) if i not in bios | promos]


def note_author(text: str) -> str | None:
    """The name an author note opens with ("Will Knight is a senior writer for WIRED")."""
    match = _AUTHOR_NOTE.match(text)
    return match.group("name") if match else None


def _opens_with(unit: Unit, author: str | None) -> bool:
    """Whether a paragraph opens with the author's full name (two words or more) and goes on."""
    name = author.casefold().strip() if author else ""
    return " " in name and unit.key.startswith(name + " ")


def is_call_to_action(unit: Unit, config: ChromeConfig = DEFAULT_CONFIG) -> bool:
    """A short paragraph that opens with an appeal to the reader ("Sign up", "Get", "Join",
    "Please") and names a newsletter, an app, a sign-up or the comments."""
    return (
        unit.words <= config.cta_max_words
        and bool(_READER.search(unit.key))
        and bool(_CTA_WORDS.search(unit.key))
    )


def related_blocks(units: list[Unit], config: ChromeConfig = DEFAULT_CONFIG) -> set[int]:
    """Indexes of "See also" headers and the link titles under them: a block the chrome rules
    remove whole, so prose after it may still be the article's."""
    blocks: set[int] = set()
    for index, unit in enumerate(units):
        if chrome_kind(unit, config) == "section":
            blocks |= {index} | _related_followers(units, index, config)
    return blocks


def clip_titles(units: list[Unit], config: ChromeConfig = DEFAULT_CONFIG) -> set[int]:
    """Indexes of clip titles beside video-player debris and of lines repeating a
    "WATCH: <title>" label (the same rule strip_units applies)."""
    kinds = [chrome_kind(u, config) for u in units]
    found: set[int] = set()
    for index, kind in enumerate(kinds):
        if kind == "debris":
            found |= _clip_titles(units, kinds, index, config)
    return found


def _teaser_cards(units: list[Unit], kinds: list[str | None], config: ChromeConfig) -> set[int]:
    """A "more stories" list after the article: cards of a headline, an excerpt and a link
    line that repeats ("Read More"). Two or more cards, with more words of article before
    the first than in all the cards, so a blog index whose cards are the page stays. Cards
    that reach the foot take the rest of the page and a short header above them."""
    closers = Counter(
        unit.key for unit, kind in zip(units, kinds, strict=True) if kind == "section"
    )

    def headline(unit: Unit) -> bool:
        return unit.words <= config.related_max_words and not unit.text.endswith(".")

    cards = [
        index
        for index in range(2, len(units))
        if kinds[index] == "section"
        and closers[units[index].key] >= 2
        and kinds[index - 1] is None
        and headline(units[index - 2])
    ]
    if len(cards) < 2:
        return set()
    first = cards[0] - 2
    lines = {line for index in cards for line in range(index - 2, index + 1)}
    if sum(unit.words for unit in units[:first]) <= sum(units[line].words for line in lines):
        return set()
    rest = units[cards[-1] + 1 :]
    if len(rest) <= 2 and (not rest or headline(rest[0])):  # the page cut the last card short
        lines |= set(range(first, len(units)))
        header = units[first - 1] if first else None
        if (
            header
            and header.words <= config.teaser_header_max_words
            and not ends_sentence(header.text)
        ):
            lines.add(first - 1)
    return lines


def _related_followers(units: list[Unit], index: int, config: ChromeConfig) -> set[int]:
    """The link title(s) after a "See also" header: one headline, then links or list items."""
    drop: set[int] = set()
    for follower in range(index + 1, min(len(units), index + 12)):
        unit = units[follower]
        is_link = unit.link_share >= config.link_share or unit.list_item
        headline = unit.words <= config.related_max_words and not ends_sentence(unit.text)
        if (follower == index + 1 and headline) or is_link:
            drop.add(follower)
        else:
            break
    return drop


def _clip_titles(
    units: list[Unit], kinds: list[str | None], index: int, config: ChromeConfig
) -> set[int]:
    """Clip title lines next to player debris, and lines repeating a "WATCH: <title>"."""
    drop: set[int] = set()
    for near in (index - 1, index + 1):
        if 0 <= near < len(units) and kinds[near] is None:
            unit = units[near]
            if unit.words <= config.debris_title_max_words and not ends_sentence(unit.text):
                drop.add(near)
    label = _DEBRIS_PREFIX.sub("", units[index].text).casefold().strip()
    if label != units[index].text.casefold().strip():
        drop |= {i for i, u in enumerate(units) if u.text.casefold().strip() == label}
    return drop


def _navigation_runs(units: list[Unit], config: ChromeConfig) -> set[int]:
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
            and (unit.list_item or not ends_sentence(unit.text))
        )
        if is_nav_link:
            links.append(index)
        else:
            if len(links) >= 2:
                drop |= set(links)
            links = []
    return drop


def _dedup(units: list[Unit], config: ChromeConfig) -> list[Unit]:
    """Keep the first copy of a repeated paragraph (captions and ledes printed twice)."""
    seen: set[str] = set()
    kept: list[Unit] = []
    for unit in units:
        if len(unit.key) >= config.dedup_min_chars:
            if unit.key in seen:
                continue
            seen.add(unit.key)
        kept.append(unit)
    return kept
