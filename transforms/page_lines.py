"""The text of an HTML page as a browser breaks it into lines: what `wirehouse explain` marks
kept or not, and where the HTML path looks for a date line under the headline."""

from __future__ import annotations

from lxml import etree
from lxml import html as lxml_html

# Elements that start a new line of text in a browser; the rest flow inside a line.
_BLOCKS = frozenset(
    "address article aside blockquote body br dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table "
    "tbody td tfoot th thead tr ul".split()
)
# Elements whose text no reader sees.
_HIDDEN = frozenset("head script style noscript template svg math iframe object".split())


def page_lines(page: str) -> list[str]:
    """The text of a page as lines: one per block element (paragraph, heading, list item,
    table cell...), inline elements inside it, hidden elements (scripts, styles) left out."""
    try:
        root = lxml_html.fromstring(page)
    except (etree.ParserError, ValueError):
        return []
    lines: list[str] = []
    parts: list[str] = []

    def flush() -> None:
        text = " ".join("".join(parts).split())
        if text:
            lines.append(text)
        parts.clear()

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        # comments and processing instructions have no string tag: their text is hidden too
        tag = element.tag if isinstance(element.tag, str) else "script"
        if event == "start" and tag in _HIDDEN:
            walker.skip_subtree()  # its "end" still comes, and brings the tail
        elif event == "start":
            if tag in _BLOCKS:
                flush()
            parts.append(element.text or "")
        else:
            if tag in _BLOCKS:
                flush()
            parts.append(element.tail or "")
    flush()
    return lines
