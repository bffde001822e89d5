"""Sidecars at discovery: which to read, what they say, and which loaded documents to refresh.

A sidecar `<file>.meta.json` is read when its file is cleaned this run and whenever it
appeared, changed or went since the last run. Its values are staged (`source_meta`, keyed by
the file's path), so a backfill applies them from the warehouse alone. When only the
sidecar changed, the document it describes (one whose path is that file) is cleaned again
from the unchanged file and replaced under the same doc_id, as a backfill would.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from flows.sources import hash_file, read_bytes, source_path
from transforms.records import PartialDate, Rejection
from transforms.source_meta import (
    SidecarConfig,
    SourceMeta,
    described_path,
    is_sidecar,
    parse_sidecar,
)
from warehouse.staging import SourceFile

DEFAULT_CONFIG = SidecarConfig()


@dataclass(slots=True)
class SidecarScan:
    """What the sidecars of a run say, and what changed."""

    metas: dict[str, SourceMeta] = field(default_factory=dict)  # file path -> sidecar values
    files: list[SourceFile] = field(default_factory=list)  # sidecars new or changed (hashed)
    rows: list[dict] = field(default_factory=list)  # source_meta rows to stage
    rejections: list[Rejection] = field(default_factory=list)
    changed_for: set[str] = field(default_factory=set)  # files whose sidecar came, changed, went


def scan_sidecars(
    root: Path,
    listed: list[SourceFile],
    known: dict[str, tuple[str | None, tuple]],
    cleaning: set[str],
    config: SidecarConfig = DEFAULT_CONFIG,
) -> SidecarScan:
    """Read the sidecars of the files in `cleaning` and every sidecar that changed since the
    paths in `known` were recorded; a sidecar that went is staged as removed."""
    scan = SidecarScan()
    for sidecar in listed:
        described = described_path(sidecar.path)
        recorded = known.get(sidecar.path)
        changed = recorded is None or recorded[1] != sidecar.stamp
        if not changed and described not in cleaning:
            continue
        meta = _read(root, sidecar, config)
        if changed:
            sha = _hash(root, sidecar.path)
            scan.files.append(replace(sidecar, sha256=sha, format=None))
            scan.changed_for.add(described)
            values = meta if isinstance(meta, SourceMeta) else None
            scan.rows.append(meta_row(described, sha, values))
        if isinstance(meta, SourceMeta):
            scan.metas[described] = meta
        elif changed:  # an unchanged bad sidecar was rejected when it came
            scan.rejections.append(meta)
    listed_paths = {sidecar.path for sidecar in listed}
    for path in known:
        if is_sidecar(path) and path not in listed_paths:
            scan.changed_for.add(described_path(path))
            scan.rows.append(meta_row(described_path(path), None, None))
    return scan


def _read(root: Path, sidecar: SourceFile, config: SidecarConfig) -> SourceMeta | Rejection:
    try:
        data = read_bytes(source_path(root, sidecar.path), root, config.max_bytes)
    except OSError as error:
        return Rejection(sidecar.path, "sidecar_unreadable", f"cannot read: {error.strerror}")
    return parse_sidecar(sidecar.path, data, config)


def _hash(root: Path, path: str) -> str | None:
    try:
        return hash_file(source_path(root, path), root)
    except OSError:
        return None


def meta_row(path: str, sha256: str | None, meta: SourceMeta | None) -> dict:
    """A staged `source_meta` row: the values of the sidecar of `path`, or its removal
    (`removed`: the sidecar went, or no longer reads)."""
    published = meta.published if meta else None
    return {
        "path": path,
        "sha256": sha256,
        "url": meta.url if meta else None,
        "site": meta.site if meta else None,
        "title": meta.title if meta else None,
        "author": meta.author if meta else None,
        "published_date": published.to_date() if published else None,
        "date_precision": published.precision if published else None,
        "removed": meta is None,
    }


def meta_from_row(row: dict) -> SourceMeta | None:
    """A stored `source_meta` row back as the sidecar's values (for a backfill)."""
    if row.get("path") is None:
        return None
    day = row.get("published_date")
    precision = row.get("date_precision")
    published = None
    if day is not None:
        published = PartialDate(
            day.year,
            day.month if precision in ("month", "day") else None,
            day.day if precision == "day" else None,
        )
    return SourceMeta(row["url"], row["site"], row["title"], row["author"], published)
