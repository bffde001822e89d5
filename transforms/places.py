"""Where a report says its event happened: the dateline's place and the names its headline and
lede put after "in", "at", "near", "outside" or "off" ("an earthquake struck near Amatrice").

Keys are those of `transforms.names` (a place counts only when the name extractor kept it as
a name), so "in March" or "at the weekend" give none.
"""

from __future__ import annotations

import re

from transforms.metadata import parse_dateline
from transforms.names import name_key

_CAPITALISED = r"[A-Z][\w'’.-]*"
_PLACE = re.compile(
    rf"\b(?:in|at|near|outside|off)\s+(?:the\s+)?"
    rf"(?P<place>{_CAPITALISED}(?:\s+(?:of\s+)?{_CAPITALISED}){{0,3}})"
    rf"(?:,\s+(?P<region>{_CAPITALISED}(?:\s+{_CAPITALISED})?))?"
)


def lede_places(title: str | None, paragraphs: list[str], names: frozenset[str]) -> frozenset[str]:
    """Name keys of the places the headline and `paragraphs` (the lede) locate the event in."""
    places: set[str] = set()
    if paragraphs and (dateline := parse_dateline(paragraphs[0])):
        places.add(name_key(dateline[0].split(",")[0]))
    for text in [title or "", *paragraphs]:
        for match in _PLACE.finditer(text):
            for group in ("place", "region"):
                if match.group(group):
                    places.add(name_key(match.group(group).removesuffix("'s").rstrip(".")))
    return frozenset(place for place in places if place in names)
