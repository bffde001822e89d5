"""Raw bytes to text: route by format, refuse what is not text, and say why.

Decoding is the first place hostile input shows up (images named `.html`, binary junk,
UTF-16 or cp1251 dumps), so every refusal is a `Rejection` with a `decode_<why>` code.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from transforms.records import Rejection

logger = logging.getLogger(__name__)

FORMATS_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".warc": "warc",
}
# Two-part suffixes, checked first: web archives are usually gzipped record by record.
FORMATS_BY_DOUBLE_SUFFIX = {".warc.gz": "warc"}

# File signatures of common binary formats that end up in drop folders under text names.
MAGIC_NUMBERS: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ", "Windows executable"),
    (b"SQLite format 3\x00", "SQLite database"),
)

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f\ufffd]")


@dataclass(frozen=True, slots=True)
class DecodeConfig:
    # Real articles are < 1 MB of text; 50 MB single lines and bombs are refused up front.
    max_bytes: int = 20_000_000
    # Share of control or replacement characters above which "text" is really binary;
    # legitimate dumps measured here stay under 0.1 %.
    max_control_share: float = 0.02
    # Below this share of non-ASCII bytes a text that is not valid UTF-8 is Western text with a
    # few stray bytes (BBC sport/199: one Latin-1 pound sign in 2,653 bytes), decoded as the web
    # does (WHATWG: windows-1252); charset guessing misreads such files (as Shift-JIS, cp1257).
    # Cyrillic or Greek legacy encodings put well over half their bytes above 0x7f.
    max_stray_byte_share: float = 0.1


def detect_format(path: str) -> str | None:
    """The input format a file name announces, or None when wirehouse does not read it."""
    stem, suffix = os.path.splitext(path.lower())  # strings, not Path: 10^5 names a run
    double = os.path.splitext(stem)[1] + suffix
    return FORMATS_BY_DOUBLE_SUFFIX.get(double) or FORMATS_BY_SUFFIX.get(suffix)


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format `data` starts with, if it is a known one."""
    for magic, name in MAGIC_NUMBERS:
        if data.startswith(magic):
            return name
    return None


def decode_bytes(
    data: bytes, path: str, fmt: str, config: DecodeConfig = DecodeConfig()
) -> str | Rejection:
    """Decode raw bytes to str, trying the declared encodings before guessing."""
    if not data.strip():
        return Rejection(path, "decode_empty", "file is empty or whitespace only")
    if len(data) > config.max_bytes:
        return Rejection(
            path, "decode_too_large", f"{len(data):,} bytes exceeds the {config.max_bytes:,} limit"
        )
    binary = sniff_binary(data)
    if binary:
        return Rejection(path, "decode_binary", f"content is {binary}, not {fmt}")
    text = _decode_with_declared(data, fmt)
    if text is None:
        text = _decode_stray_bytes(data, config.max_stray_byte_share)
    if text is None:
        text = _decode_guessed(data)
    if text is None:
        return Rejection(
            path, "decode_unknown_encoding", "bytes are not text in any known encoding"
        )
    controls = len(_CONTROL.findall(text))
    if controls > config.max_control_share * max(len(text), 1):
        return Rejection(
            path, "decode_binary", f"{controls:,} control characters in {len(text):,}: not text"
        )
    return text


def _decode_with_declared(data: bytes, fmt: str) -> str | None:
    """BOMs first, then strict UTF-8, then an HTML meta charset."""
    for bom, encoding in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if fmt == "html":
        match = _META_CHARSET.search(data[:4096])
        if match:
            try:
                return data.decode(match.group(1).decode("ascii"))
            except (LookupError, UnicodeDecodeError):
                return None
    return None


def _decode_stray_bytes(data: bytes, max_share: float) -> str | None:
    """Mostly-ASCII text with a few bytes that are not UTF-8: keep every character we can.

    If most non-ASCII bytes form valid UTF-8 sequences the file is UTF-8 with damage (bad
    bytes become U+FFFD); otherwise it is windows-1252, as browsers assume.
    """
    high = sum(1 for byte in data if byte > 0x7F)
    if high > max_share * len(data):
        return None
    as_utf8 = data.decode("utf-8", errors="replace")
    if as_utf8.count("\ufffd") * 4 < high:
        return as_utf8
    return data.decode("cp1252", errors="replace")


def _decode_guessed(data: bytes) -> str | None:
    """Let charset-normalizer pick an encoding (cp1251, latin-1, BOM-less UTF-16)."""
    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        return None
    try:
        return data.decode(best.encoding)
    except (LookupError, UnicodeDecodeError):
        return None
