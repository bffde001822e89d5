"""Why today's dump rules dropped a line, as far as the line itself tells: the `reason` that
`transforms.drops.dropped_lines` asks about each line the body does not hold.

Each reason names the rule or word list that matches the line (README: "Drop reasons"); a
line no rule names gets a reason from where it sits (above, within or below the article).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from transforms.chrome import (
    ChromeConfig,
    Unit,
    chrome_kind,
    ends_sentence,
    is_call_to_action,
    note_author,
)
from transforms.drops import without_link_targets, word_string
from transforms.metadata import is_url_label, parse_byline, parse_date, parse_url_line
from transforms.templates import is_template, line_key

# chrome_kind's kinds, as reasons
CHROME_REASONS = {
    "chrome": "chrome",
    "section": "related_links",
    "debris": "player_debris",
    "comments": "comments",
    "caption": "caption",
    "promo": "promo",
    "notice": "notice",
    "footer": "footer",
}
_MARKS = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+•·▪►◦‣]\s+)?")
_EMPHASIS = re.compile(r"\*\*|__|(?<!\w)[*_]|[*_](?!\w)|`")


@dataclass(frozen=True, slots=True)
class RuleReasons:
    """The reason of a dropped line under the current rules, or None when none names it."""

    fmt: str
    title_key: str = ""
    body_words: str = ""  # the body's words as transforms.drops.word_string writes them
    templates: frozenset[str] = frozenset()  # the site's template line hashes
    chrome: ChromeConfig = field(default_factory=ChromeConfig)

    def __call__(self, line_no: int, line: str) -> str | None:
        if "&" in line:  # as the cleaner read it: "&#163;8m" is "£8m" (ftfy costs too much here)
            line = html.unescape(line)
        text = plain_text(line, self.fmt)
        if not text:
            return "markup"
        key = line_key(text)
        if self.title_key and (key == self.title_key or key.endswith(" " + self.title_key)):
            return "title"  # a breadcrumb may lead it: "Home » Travel » <headline>"
        found = line_reason(line, text, self.chrome)
        if found in STATED:
            return found
        if is_template(text, self.templates):
            return "site_template"
        if len(key) >= self.chrome.dedup_min_chars and word_string(text) in self.body_words:
            return "repeat"  # a copy of body text: a lede or caption printed twice, a pull quote
        return found


# Reasons a line states about itself, ahead of the site's templates and the body's repeats.
STATED = frozenset({"url_line", "byline", "date_line"})


@lru_cache(maxsize=1 << 14)  # 16k lines, a few MB: a site's menus and footers, many sites
def line_reason(line: str, text: str, chrome: ChromeConfig) -> str | None:
    """What a line is by itself (its raw form `line`, its text without markdown `text`),
    whatever document prints it: memoised, as menus and footers repeat over a site's pages."""
    if parse_url_line(line) or is_url_label(text):
        return "url_line"
    if parse_byline(text):
        return "byline"
    if parse_date(text):
        return "date_line"
    unit = Unit(text)
    if kind := chrome_kind(unit, chrome):
        return CHROME_REASONS.get(kind, kind)
    if note_author(text):
        return "author_note"
    if is_call_to_action(unit, chrome):
        return "call_to_action"
    if unit.words <= chrome.nav_max_words and len(text) <= chrome.nav_max_chars:
        return None if ends_sentence(text) else "short_line"
    return None


def plain_text(line: str, fmt: str) -> str:
    """A line without the markdown marks a reader never saw (heading, quote and list marks,
    emphasis, images, link targets)."""
    text = line.strip()
    if fmt == "markdown":
        if "]" in text:
            text = without_link_targets(text).replace("[", "").replace("]", "")
        text = _EMPHASIS.sub("", _MARKS.sub("", text))
    return " ".join(text.split())
