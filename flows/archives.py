"""Web archives in the source folder: each HTML response record becomes a source of its own.

Discover expands a new or changed archive into `<archive>#<offset>` records hashed by their page
bytes, so records go through the same dedup (against files, other records, the warehouse),
batching and process pool as files; workers then read each record alone by its offset.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from flows.sources import open_inside, source_path
from transforms.records import Rejection
from transforms.warc import WarcConfig, WarcRecord, iter_html_records, read_record_at
from warehouse.staging import SourceFile

logger = logging.getLogger(__name__)

ARCHIVE_FORMAT = "warc"
RECORD_FORMAT = "warc-record"  # raw_files.format of a page read from an archive
WARC_CONFIG = WarcConfig()


@dataclass(slots=True)
class Expansion:
    """The records of the archives discover found new or changed, and what could not be read."""

    records: list[SourceFile] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    record_rows: dict[str, dict] = field(default_factory=dict)  # sha256 -> warc_records row


def is_archive(entry: SourceFile) -> bool:
    return entry.format == ARCHIVE_FORMAT


def expand_archives(root: Path, archives: list[SourceFile]) -> Expansion:
    """Read each archive once, record by record; a damaged archive keeps the records before
    the damage."""
    expansion = Expansion()
    for archive in archives:
        found = len(expansion.records) + len(expansion.rejections)
        try:
            with open_inside(source_path(root, archive.path), root) as stream:
                for item in iter_html_records(stream, archive.path, WARC_CONFIG):
                    if isinstance(item, Rejection):
                        expansion.rejections.append(item)
                    else:
                        _add_record(expansion, archive, item)
        except OSError as error:
            expansion.rejections.append(
                Rejection(archive.path, "read_failed", f"cannot read: {error.strerror or error}")
            )
        if len(expansion.records) + len(expansion.rejections) == found:
            expansion.rejections.append(
                Rejection(archive.path, "warc_no_html", "no HTML response record in the archive")
            )
    logger.info(
        "%s archives: %s HTML records, %s refused",
        len(archives),
        len(expansion.records),
        len(expansion.rejections),
    )
    return expansion


def _add_record(expansion: Expansion, archive: SourceFile, record: WarcRecord) -> None:
    sha256 = hashlib.sha256(record.payload).hexdigest()
    path = f"{archive.path}#{record.offset}"
    expansion.records.append(
        SourceFile(path, len(record.payload), archive.mtime_ns, sha256, RECORD_FORMAT)
    )
    expansion.record_rows.setdefault(
        sha256,
        {
            "sha256": sha256,
            "path": path,
            "archive": archive.path,
            "record_offset": record.offset,
            "record_id": record.record_id,
            "target_uri": record.target_uri,
            "warc_date": record.warc_date.replace(tzinfo=None) if record.warc_date else None,
            "http_charset": record.charset,
        },
    )


def read_record(root: Path, path: str) -> WarcRecord | Rejection:
    """The record at `<archive>#<offset>`, read by a worker without scanning the archive."""
    archive, _, _ = path.rpartition("#")
    with open_inside(source_path(root, archive), root) as stream:
        return read_record_at(stream, path, WARC_CONFIG)


def record_from_row(row: dict, payload: bytes) -> WarcRecord:
    """A record rebuilt from its warc_records row and stored page, for re-processing."""
    return WarcRecord(
        offset=row["record_offset"],
        record_id=row["record_id"],
        target_uri=row["target_uri"],
        warc_date=row["warc_date"],
        charset=None,  # the stored page is already decoded text
        payload=payload,
    )
