"""Web archives: the HTML responses of a WARC file, record by record, with warcio.

A record is addressed as `<archive path>#<offset>` (the offset of its gzip member, or of its
first byte in an uncompressed file), so a worker can seek to it and read it alone. Its URL
and crawl date come from the WARC headers; the page's own metadata may refine the date.
"""

from __future__ import annotations

import logging
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from transforms.clean import CleanConfig, clean_document
from transforms.metadata import site_from_url
from transforms.records import Document, PartialDate, Rejection

logger = logging.getLogger(__name__)

HTTP_HEADER_ALLOWANCE = 1 << 16  # room for the HTTP headers inside a record's declared length
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-:.]+)", re.I)


@dataclass(frozen=True, slots=True)
class WarcConfig:
    # Same cap as DecodeConfig.max_bytes: no news page comes near it (Common Crawl truncates
    # payloads at 1 MiB), and it bounds what a decompression bomb can make us hold.
    max_payload_bytes: int = 20_000_000
    html_types: frozenset[str] = field(
        default_factory=lambda: frozenset({"text/html", "application/xhtml+xml"})
    )


@dataclass(frozen=True, slots=True)
class WarcRecord:
    """One HTML response of an archive: where it is, what was fetched and when, the page bytes."""

    offset: int
    record_id: str | None
    target_uri: str | None
    warc_date: datetime | None
    charset: str | None  # from the HTTP Content-Type header
    payload: bytes  # after transfer and content decoding


def record_path(archive_path: str, offset: int) -> str:
    return f"{archive_path}#{offset}"


def split_record_path(path: str) -> tuple[str, int]:
    """(archive path, offset) of a `<archive>#<offset>` record path."""
    archive, _, offset = path.rpartition("#")
    return archive, int(offset)


def iter_html_records(
    stream: BinaryIO, archive_path: str, config: WarcConfig = WarcConfig()
) -> Iterator[WarcRecord | Rejection]:
    """Every 2xx HTML response of an archive; other records are skipped, oversized ones and a
    damaged archive become rejections (reading stops at the damage)."""
    records = ArchiveIterator(stream)
    count = 0
    try:
        for record in records:
            count += 1
            if not _is_html_response(record, config):
                continue
            payload = _read_payload(record, config)
            offset = records.get_record_offset()
            yield _to_record(record, offset, payload, record_path(archive_path, offset))
    except (ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
        yield Rejection(
            archive_path,
            "warc_unreadable",
            f"archive damaged after {count} records: {_first_line(error)}",
        )


def read_record_at(
    stream: BinaryIO, path: str, config: WarcConfig = WarcConfig()
) -> WarcRecord | Rejection:
    """The HTML response at a record path's offset, read without touching the rest."""
    _, offset = split_record_path(path)
    stream.seek(offset)
    try:
        record = next(ArchiveIterator(stream))
        if not _is_html_response(record, config):
            return Rejection(path, "read_changed", "no HTML response at this offset any more")
        return _to_record(record, offset, _read_payload(record, config), path)
    except (StopIteration, ArchiveLoadFailed, EOFError, OSError, ValueError, zlib.error) as error:
        return Rejection(path, "warc_unreadable", f"cannot read the record: {_first_line(error)}")


def clean_record(
    record: WarcRecord, path: str, sha256: str, config: CleanConfig | None = None
) -> Document | Rejection:
    """Clean the page as any HTML file, then take its URL and, failing the page's own date,
    its crawl date from the archive."""
    page = _as_utf8(record.payload, record.charset)
    document = clean_document(path, sha256, page, "html", config or CleanConfig())
    if isinstance(document, Rejection):
        return document
    url = record.target_uri if _is_web_url(record.target_uri) else document.url
    site = site_from_url(url) if url else None
    document = replace(document, url=url)
    if site:  # the archive's URL names the outlet, whatever the page or its folder says
        document = replace(document, site=site, site_source="url")
    if document.date.precision == "unknown" and record.warc_date is not None:
        crawled = record.warc_date
        document = replace(
            document,
            date=PartialDate(crawled.year, crawled.month, crawled.day),
            date_source="crawl",
            date_inferred=False,
        )
    return document


def parse_warc_date(value: str | None) -> datetime | None:
    """WARC-Date is ISO 8601 in UTC ('2024-03-05T10:00:00Z'); None when absent or malformed."""
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip())
    except ValueError:
        return None


def _is_html_response(record: ArcWarcRecord, config: WarcConfig) -> bool:
    if record.rec_type != "response" or record.http_headers is None:
        return False
    status = record.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return False
    return _mime_type(record) in config.html_types


def _mime_type(record: ArcWarcRecord) -> str:
    content_type = record.http_headers.get_header("content-type") or ""
    return content_type.split(";", 1)[0].strip().lower()


def _read_payload(record: ArcWarcRecord, config: WarcConfig) -> bytes | str:
    """The page bytes, or why they were not read: a declared or decompressed size past the cap
    stops reading there (a gzip bomb never gets past `max_payload_bytes`)."""
    limit = config.max_payload_bytes
    if record.length is not None and record.length > limit + HTTP_HEADER_ALLOWANCE:
        return f"record declares {record.length:,} bytes, over the {limit:,} limit"
    payload = record.content_stream().read(limit + 1)
    if len(payload) > limit:
        return f"page decompresses past the {limit:,} byte limit"
    return payload


def _to_record(
    record: ArcWarcRecord, offset: int, payload: bytes | str, path: str
) -> WarcRecord | Rejection:
    if isinstance(payload, str):
        return Rejection(path, "warc_record_too_large", payload)
    headers = record.rec_headers
    charset = _CHARSET.search(record.http_headers.get_header("content-type") or "")
    return WarcRecord(
        offset=offset,
        record_id=headers.get_header("WARC-Record-ID"),
        target_uri=headers.get_header("WARC-Target-URI"),
        warc_date=parse_warc_date(headers.get_header("WARC-Date")),
        charset=charset.group(1).lower() if charset else None,
        payload=payload,
    )


def _as_utf8(payload: bytes, charset: str | None) -> bytes:
    """Honour the HTTP charset for pages that are not UTF-8 already (decode tries UTF-8 first)."""
    if not charset:
        return payload
    try:
        payload.decode("utf-8")
        return payload
    except UnicodeDecodeError:
        pass
    try:
        return payload.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return payload  # a wrong header: let decode find the encoding


def _is_web_url(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("http", "https")


def _first_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text.splitlines()[0].strip() if text.splitlines() else text
