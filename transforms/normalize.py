"""Character-level clean-up shared by every cleaner: mojibake, odd spaces, glued sentences.

Only invisible or layout characters change here; words, digits and quotes stay as written,
so later stages (language, repair, dedup) see the text the source meant to print.
"""

from __future__ import annotations

import logging
import re

import ftfy

logger = logging.getLogger(__name__)

# Curly quotes carry meaning for the repair stage; full-width digits are left to NFKC users.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    uncurl_quotes=False,
    fix_character_width=False,
    explain=False,
)

# NBSP, narrow NBSP, the U+2000 block of typographic spaces, ideographic and Ogham spaces.
_SPACES = "\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
# Zero-width space/joiners, word joiner, Mongolian vowel separator, BOM, soft hyphen.
_INVISIBLE = "\u200b\u200c\u200d\u2060\u180e\ufeff\u00ad"
_TRANSLATE = {ord(c): " " for c in _SPACES} | {ord(c): None for c in _INVISIBLE}
_TRANSLATE |= {ord("\u2028"): "\n", ord("\u2029"): "\n", ord("\t"): " ", ord("\v"): "\n"}

# A line of printable ASCII but '&': ftfy's fixes leave it as it is (no mojibake, entity,
# control, escape or odd line break), so `_fix_text` passes it by.
_FTFY_IDLE = re.compile(r"[\x20-\x25\x27-\x7e\n]*")

_SPACE_RUN = re.compile(r" {2,}")
_TRAILING = re.compile(r" +$", re.MULTILINE)

# "camps.Last": a lower-case word of 2+ letters, a sentence mark, an optional closing quote,
# then a capitalised word. Two lower-case letters keep "U.S.", "e.g.The" and "Ph.D" out.
_GLUED = re.compile(r"(?<=[a-z]{2}[.!?])([\"”’)]?)(?=[\"“‘]?[A-Z][a-z])")
_TOKEN = re.compile(r"\S+")
# Tokens that are addresses, not prose: URLs, e-mails, domains and file names ("Node.js").
_ADDRESS = re.compile(r"://|@|^www\.|\.(?:[a-z]{2,6})(?:[/?#:].*)?[\"”’)]?[.,;:]?$")


def normalize_text(text: str) -> str:
    """Fix mojibake and invisible/odd whitespace, keeping lines, digits and quotes as written."""
    if not text:
        return ""
    if not text.isascii() or "&" in text:
        text = _fix_text(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_TRANSLATE)
    text = _SPACE_RUN.sub(" ", text)
    return _TRAILING.sub("", text)


def _fix_text(text: str) -> str:
    """`ftfy.fix_text(text, _FTFY_CONFIG)`, line by line as ftfy itself splits it (and with
    its switch of HTML unescaping off from the first line holding '<'), but passing by the
    lines it would leave unchanged: most of a dump is plain ASCII, and ftfy took 13% of the
    dump cleaner's time on ECB+ line by line. The same text, tested against ftfy."""
    config = _FTFY_CONFIG
    out = []
    pos = 0
    while pos < len(text):
        end = text.find("\n", pos) + 1 or len(text)
        end = min(end, pos + config.max_decode_length)
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        if not _FTFY_IDLE.fullmatch(segment):
            segment = ftfy.fix_and_explain(segment, config).text
        out.append(segment)
        pos = end
    return "".join(out)


def split_joined_sentences(text: str) -> str:
    """Put the missing space back between two sentences glued by extraction ("camps.Last")."""
    if not _GLUED.search(text):
        return text
    return _TOKEN.sub(_split_token, text)


def _split_token(match: re.Match[str]) -> str:
    """Split one whitespace-free token unless it is a URL, e-mail or domain."""
    token = match.group(0)
    if not _GLUED.search(token) or _ADDRESS.search(token):
        return token
    return _GLUED.sub(r"\1 ", token)
