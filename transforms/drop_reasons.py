"""Why today's dump rules dropped a line, as far as the line itself tells: the `reason` that
`transforms.drops.dropped_lines` asks about each line the body does not hold.

Each reason names the rule or word list that matches the line (README: "Drop reasons"); a
line no rule names gets a reason from where it sits (above, within or below the article).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from transforms.chrome import (
    ChromeConfig,
    Unit,
    chrome_kind,
    ends_sentence,
    is_call_to_action,
    note_author,
)
from transforms.drops import without_link_targets
from transforms.metadata import is_url_label, parse_byline, parse_date, parse_url_line
from transforms.normalize import normalize_text
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
    body_keys: frozenset[str] = frozenset()  # line keys of the kept paragraphs
    templates: frozenset[str] = frozenset()  # the site's template line hashes
    chrome: ChromeConfig = field(default_factory=ChromeConfig)

    def __call__(self, line_no: int, line: str) -> str | None:
        if not line.isascii() or "&" in line:  # as the cleaner read it: "&#163;8m" is "£8m"
            line = normalize_text(line)
        text = plain_text(line, self.fmt)
        if not text:
            return "markup"
        key = line_key(text)
        if self.title_key and (key == self.title_key or key.endswith(" " + self.title_key)):
            return "title"  # a breadcrumb may lead it: "Home » Travel » <headline>"
        if parse_url_line(line) or is_url_label(text):
            return "url_line"
        if parse_byline(text):
            return "byline"
        if parse_date(text):
            return "date_line"
        if is_template(text, self.templates):
            return "site_template"
        if key in self.body_keys and len(key) >= self.chrome.dedup_min_chars:
            return "repeat"
        unit = Unit(text)
        if kind := chrome_kind(unit, self.chrome):
            return CHROME_REASONS.get(kind, kind)
        if note_author(text):
            return "author_note"
        if is_call_to_action(unit, self.chrome):
            return "call_to_action"
        if (
            unit.words <= self.chrome.nav_max_words
            and len(text) <= self.chrome.nav_max_chars
            and not ends_sentence(text)
        ):
            return "short_line"
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
