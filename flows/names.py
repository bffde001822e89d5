"""File names as data: any byte sequence a filesystem allows, kept losslessly as text.

A POSIX name is bytes; Python lists it as a str whose undecodable bytes are lone surrogates
(`os.fsdecode`), which no UTF-8 store (Parquet, DuckDB, JSON) accepts. `escape_name` turns
such a name into text that every store keeps and every terminal shows as it is written:
a name that is valid UTF-8 without backslashes or control characters stays itself (nearly
every name, and every name stored before); any other is written with escapes (`\\\\` for a
backslash, `\\n`, `\\t`, `\\r`, `\\xNN` for an ASCII control character or an undecodable byte,
`\\uNNNN` for another control, a line separator or a bidirectional override). Escaped names
always hold a backslash and plain ones never do, so two names never share a text, and
`unescape_name` gives the name back byte for byte. Paths escape component by component and
keep their `/`.
"""

from __future__ import annotations

import os
import re
import unicodedata

_SHORT = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
_LONG = {"\\\\": "\\", "\\n": "\n", "\\t": "\t", "\\r": "\r"}
# Format characters that reorder or hide text on a terminal (Trojan-source style).
_INVISIBLE = frozenset("\u2028\u2029\u200e\u200f\u061c") | frozenset(
    chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)
_ESCAPE = re.compile(r"\\(?:x([0-9a-f]{2})|u([0-9a-f]{4})|[\\ntr])")


def _needs_escape(char: str) -> bool:
    return (
        char in _SHORT
        or "\udc80" <= char <= "\udcff"
        or char in _INVISIBLE
        or unicodedata.category(char) == "Cc"
    )


def _escaped(char: str) -> str:
    if char in _SHORT:
        return _SHORT[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}"


def escape_name(name: str) -> str:
    """The name (or path) as storable, printable text; itself when nothing needs escaping."""
    if not any(_needs_escape(char) for char in name):
        return name
    return "".join(_escaped(char) if _needs_escape(char) else char for char in name)


def unescape_name(text: str) -> str:
    """The name `escape_name` made `text` from, as os functions take it (os.fsdecode form)."""
    if "\\" not in text:
        return text

    def original(match: re.Match) -> str:
        byte, code = match.group(1), match.group(2)
        if byte is not None:
            value = int(byte, 16)
            return chr(value) if value < 0x80 else chr(0xDC00 + value)
        if code is not None:
            return chr(int(code, 16))
        return _LONG[match.group(0)]

    return _ESCAPE.sub(original, text)


def name_bytes(text: str) -> bytes:
    """The exact bytes of the name behind stored `text`."""
    return os.fsencode(unescape_name(text))


def printable(value: object) -> str:
    """A value as a terminal cell: control characters and invisible reordering marks
    escaped, so no stored text (a file name, a page's title) can drive the terminal."""
    text = str(value)
    if not any(_needs_escape(char) and char != "\\" for char in text):
        return text
    return "".join(_escaped(c) if _needs_escape(c) and c != "\\" else c for c in text)
