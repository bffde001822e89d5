"""Dump lines to logical lines: markdown marks removed, wrapped paragraphs joined, and each
logical line remembers which raw lines it came from (so every dropped raw line is reported).

A markdown paragraph or list item that html2text wrapped over several lines is one line here;
a text paragraph cut by a hard wrap or a stray blank line is joined again. Lines that are only
markup (rules, images, fences, setext underlines) make no logical line: `markup` names them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from transforms.chrome import DEFAULT_CONFIG as CHROME
from transforms.chrome import Unit, chrome_kind, ends_sentence
from transforms.dumps.header import byline_head, is_byline_opener
from transforms.metadata import parse_byline

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)[\s#]*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-{2,})\s*$")
_RULE = re.compile(r"^\s{0,3}(?:[-*_]\s*){3,}$")
_BULLET = re.compile(r"^\s*(?:[-*+•·▪►◦‣]|\d{1,3}[.)])\s+")
_QUOTE = re.compile(r"^\s*>\s?")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_INDENTED = re.compile(r"^(?: {4}|\t)")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# Links html2text wrapped over two lines, with the line ends marked "\x00\n" (see
# `flatten_links`): a target cut after its first part, a title, a label cut in two.
_LINK_TARGET = re.compile(r"\]\(([^()\s\x00]+)\x00\n\s*([^()\s\"]+)")
_LINK_TITLE = re.compile(r'\]\(([^()\s"]+)\s+"[^"]*"\s*\)')
_LINK_LABEL = re.compile(r"\[([^\[\]\n]{0,200}\x00\n[^\[\]]{0,200})\]\(")
_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)|\[([^\]]+)\]\[[^\]]*\]")
_EMPHASIS = re.compile(
    r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])|(?<!\w)_(?!\s)([^_\n]+?)(?<!\s)_(?!\w)"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])")
_CODE = re.compile(r"`([^`]*)`")
_SPACES = re.compile(r"\s+")
_MARK = "\x01"  # one raw line merged into the line that holds the mark
_PICTURE = "\x02"  # where an image stood: a line of nothing else is reported as markup:image
# html2text wraps markdown at 78 columns; lines this long inside a block are wrapped.
WRAP_MIN_CHARS = 50
# A heading line is wrapped when the next line's first word would not have fitted on it.
WRAP_WIDTH = 78


@dataclass(slots=True)
class Line(Unit):
    """One logical line of a dump: a chrome `Unit` (its text and layout facts) with the raw
    lines it covers."""

    first: int = 0  # index of its first raw line (0-based)
    last: int = 0  # index of its last raw line
    numbered: bool = False  # an ordered list item ("3. ...")


def flatten_links(text: str) -> list[tuple[str, int]]:
    """Markdown lines without images and link titles, and with links that html2text wrapped
    over two lines put back on one; each line with how many raw lines it covers."""
    marked = "\x00\n".join(text.split("\n"))
    if "[" in marked:
        marked = _IMAGE.sub(lambda m: _PICTURE + _MARK * m.group(0).count("\n"), marked)
        marked = _LINK_TARGET.sub(lambda m: f"]({m.group(1)}{m.group(2)}{_MARK}", marked)
        marked = _LINK_TITLE.sub(
            lambda m: f"]({m.group(1)})" + _MARK * m.group(0).count("\n"), marked
        )
        marked = _LINK_LABEL.sub(_join_label, marked)
    lines = []
    for line in marked.split("\x00\n"):
        merged = line.count(_MARK)
        lines.append((line.replace(_MARK, "").replace("\x00", ""), 1 + merged))
    return lines


def _join_label(match: re.Match[str]) -> str:
    label = match.group(1)
    return _MARK * label.count("\n") + "[" + _SPACES.sub(" ", label.replace("\x00", "")) + "]("


def parse_lines(text: str, fmt: str) -> tuple[list[Line], dict[int, str]]:
    """Logical lines of a dump, and the raw lines (0-based index -> what) that are only markup."""
    markup: dict[int, str] = {}
    if fmt == "markdown":
        raw_lines = flatten_links(text)
    else:
        raw_lines = [(line, 1) for line in text.split("\n")]
    lines: list[Line] = []
    pending: list[str] = []  # the raw lines of the current logical line
    span = [0, 0]  # raw line indexes the pending lines cover
    fenced = False  # inside a ``` code fence
    code = False  # the previous line was blank after code; a blank line may open a code block
    markdown = fmt == "markdown"

    def flush() -> None:
        if pending:
            line = _parse_line(" ".join(pending), fmt)
            if line is None:
                for index in range(span[0], span[1] + 1):
                    markup[index] = "markup"
            else:
                line.first, line.last = span[0], span[1]
                lines.append(line)
        pending.clear()

    index = 0
    for raw, covers in raw_lines:
        first, last = index, index + covers - 1
        index += covers
        if markdown and _FENCE.match(raw):
            flush()
            fenced = not fenced
            markup[first] = "markup:fence"
            continue
        if _PICTURE in raw:
            raw = raw.replace(_PICTURE, "")
            if not raw.strip():  # an image alone on its line(s): its alt text is not kept
                flush()
                for covered in range(first, last + 1):
                    markup[covered] = "markup:image"
                continue
        if not raw.strip():
            flush()
            code = True
            continue
        if markdown and (fenced or (code and _code_indent(raw))):
            flush()
            line = Line(_SPACES.sub(" ", raw).strip(), raw.strip(), code=True)
            line.first, line.last = first, last
            lines.append(line)
            continue
        code = False
        if _RULE.match(raw):
            flush()
            for covered in range(first, last + 1):
                markup[covered] = "markup:rule"
            continue
        if _SETEXT.match(raw) and pending:
            flush()
            if lines and not lines[-1].heading and not lines[-1].list_item:
                lines[-1].heading = 1 if raw.strip()[0] == "=" else 2
            for covered in range(first, last + 1):
                markup[covered] = "markup:underline"
            continue
        if markdown and pending and _continues(pending, raw):
            pending.append(_QUOTE.sub("", raw).strip() if ">" in raw else raw.strip())
            span[1] = last
            continue
        flush()
        pending.append(raw)
        span[0], span[1] = first, last
    flush()
    return _join_wrapped(lines), markup


def _continues(pending: list[str], raw: str) -> bool:
    """Whether a markdown line carries on the paragraph or list item of the lines before it:
    they were wrapped (html2text wraps at 78 columns) and it opens no block of its own."""
    first = pending[0]
    if "#" in raw and _HEADING.match(raw):
        return False
    if "#" in first and _HEADING.match(first):  # a heading is one line, unless it was wrapped
        last = pending[-1].rstrip()
        return not _BULLET.match(raw) and len(last) + 1 + len(raw.split()[0]) > WRAP_WIDTH
    if sum(map(len, pending)) < WRAP_MIN_CHARS:
        return False
    if _BULLET.match(first):  # an item continues on indented lines only
        return raw[:1].isspace() and not _BULLET.match(raw)
    return not _BULLET.match(raw)


def _code_indent(raw: str) -> bool:
    """A markdown line indented as code (4+ spaces or a tab), not a nested list item."""
    return bool(_INDENTED.match(raw)) and not _BULLET.match(raw)


def _parse_line(raw: str, fmt: str) -> Line | None:
    """One line without markdown syntax; remembers heading level, list marker and link share."""
    # each markdown pattern needs its own character: most lines of a dump skip them all
    line = _QUOTE.sub("", raw) if ">" in raw else raw
    heading = 0
    if "#" in line and (match := _HEADING.match(line)):
        heading, line = len(match.group(1)), match.group(2)
    bullet = _BULLET.match(line)
    numbered = False
    if bullet:
        numbered = bullet.group(0).strip()[0].isdigit()
        line = line[bullet.end() :] if not numbered else line
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
    parsed = Line(line, raw.strip(), heading, bool(bullet), min(1.0, share))
    parsed.numbered = numbered
    return parsed


def _keep(kept: list[str], text: str) -> str:
    kept.append(text)
    return text


def _open_quote(text: str) -> bool:
    """True when a curly or straight double quote is left open at the end of the text."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _join_wrapped(lines: list[Line]) -> list[Line]:
    """Re-join a paragraph cut by a hard wrap or stray blank line, and a byline whose opener
    ("By") sits on the line above the name.

    The cut shows as an unfinished line (no closing mark, or an open quote) followed by a
    lower-case start, or as a line ending in a comma.
    """
    joined: list[Line] = []
    for line in lines:
        prev = joined[-1] if joined else None
        if prev is not None and (_split_byline(prev, line) or _wrapped(prev, line)):
            prev.text += " " + line.text
            prev.raw += " " + line.raw
            prev.last = line.last
            prev.refresh()
        else:
            joined.append(line)
    return joined


def _wrapped(prev: Line, line: Line) -> bool:
    """`line` goes on the paragraph of `prev`: a lower-case start after an unfinished line,
    or any start after a comma, neither of them a heading, code, chrome or a byline."""
    return (
        (line.text[0].islower() or prev.text.endswith(","))
        and not line.heading
        and not line.list_item
        and not line.code
        and not prev.heading
        and not prev.code
        and (not ends_sentence(prev.text) or _open_quote(prev.text))
        and chrome_kind(line, CHROME) is None
        and chrome_kind(prev, CHROME) is None
        and not (parse_byline(line.text) or byline_head(line.text))
    )


def _split_byline(opener: Line, name: Line) -> bool:
    """A byline opener alone on its line ("By", "Written by") and a name on the next."""
    return (
        is_byline_opener(opener.key.rstrip(":"))
        and name.words <= 4
        and byline_head(f"By {name.text}") is not None
        and parse_byline(f"By {name.text}") == name.text.strip()
    )
