"""Reading the source folder: walk, stat, hash and read files, never leaving the folder.

Listed paths are stored text (`flows/names.py`): a name that is not UTF-8 or holds control
characters is escaped, losslessly; `source_path` turns a listed path back into the file.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flows.names import escape_name, unescape_name
from transforms.decode import detect_format
from transforms.records import Rejection
from transforms.rules import RuleSet
from transforms.source_meta import is_sidecar
from warehouse.staging import SourceFile

logger = logging.getLogger(__name__)

HASH_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Listing:
    """What a walk of the source folder found: readable candidates and refusals."""

    files: list[SourceFile]  # sha256 not computed yet
    rejections: list[tuple[SourceFile, Rejection]]
    sidecars: list[SourceFile]  # `<file>.meta.json`: metadata of a file, neither input nor reject


def is_skipped_name(name: str) -> bool:
    """Hidden names and the temporary names of files still being written (temporary_names.txt):
    never inputs, never rejects."""
    endings = tuple(e.casefold() for e in RuleSet.load("temporary_names.txt").plain)
    return name.startswith(".") or name.casefold().endswith(endings)


def list_source(root: Path) -> Listing:
    """Every regular file under `root` (hidden and temporary names skipped), in path order.

    Symlinks are followed only when their target stays inside `root`; loops, dangling
    links and escapes become rejections instead of errors. Paths stay strings and entries
    come from `os.scandir`: a scheduled run lists 10^5 files before it knows it has nothing
    to do.
    """
    root = root.resolve()
    files: list[SourceFile] = []
    rejections: list[tuple[SourceFile, Rejection]] = []
    sidecars: list[SourceFile] = []
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            with os.scandir(folder) as scan:
                entries = sorted(
                    (entry for entry in scan if not is_skipped_name(entry.name)),
                    key=lambda entry: entry.name,
                )
        except OSError as error:
            _log_walk_error(error)
            continue
        subfolders = []
        for entry in entries:
            relative = prefix + escape_name(entry.name)
            if entry.is_dir(follow_symlinks=False):
                subfolders.append((entry.path, relative + "/"))
                continue
            source, refusal = _inspect(entry, relative, root)
            if refusal and refusal.code == "discover_unsupported_format" and is_sidecar(relative):
                sidecars.append(source)  # read by discover when its file is processed
            elif refusal is not None:
                rejections.append((source, refusal))
            else:
                files.append(source)
        folders.extend(reversed(subfolders))
    return Listing(files, rejections, sidecars)


def _inspect(entry: os.DirEntry, relative: str, root: Path) -> tuple[SourceFile, Rejection | None]:
    fmt = detect_format(relative)
    try:
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(info.st_mode):
            target = Path(entry.path).resolve(strict=True)
            if not target.is_relative_to(root):
                return _refused(
                    relative,
                    info,
                    fmt,
                    "discover_outside_source",
                    "symlink points outside the source folder",
                )
            info = target.stat()
    except RuntimeError:
        return _refused(relative, None, fmt, "discover_unreadable", "symlink loop")
    except OSError as error:
        return _refused(
            relative, None, fmt, "discover_unreadable", f"cannot stat: {error.strerror or error}"
        )
    source = SourceFile(
        relative, info.st_size, info.st_mtime_ns, None, fmt, info.st_ctime_ns, info.st_ino
    )
    if not stat.S_ISREG(info.st_mode):
        return source, Rejection(relative, "discover_not_a_file", "not a regular file")
    if fmt is None:
        suffix = Path(relative).suffix or "(none)"
        return source, Rejection(
            relative,
            "discover_unsupported_format",
            f"file type {suffix} is not html, htm, txt, md or warc(.gz)",
        )
    return source, None


def _refused(
    relative: str, info: os.stat_result | None, fmt: str | None, code: str, detail: str
) -> tuple[SourceFile, Rejection]:
    size = info.st_size if info else 0
    mtime = info.st_mtime_ns if info else 0
    return SourceFile(relative, size, mtime, None, fmt), Rejection(relative, code, detail)


def _log_walk_error(error: OSError) -> None:
    logger.warning("cannot list %s: %s", error.filename, error.strerror)


def source_path(root: Path, relative: str) -> Path:
    """The file behind a listed (stored) path under `root`."""
    return root / unescape_name(relative)


class OutsideSourceError(OSError):
    """A path that, when read, no longer leads to a regular file inside the source folder."""


def open_inside(path: Path, root: Path) -> BinaryIO:
    """Open a listed file for reading, checking again what discovery checked.

    Between the walk and the read a file may be swapped for a symlink that leaves the folder
    or for a FIFO (whose open would block): resolve, refuse escapes, open without following
    a final symlink and without blocking, and refuse anything that is not a regular file.
    """
    target = path.resolve(strict=True)
    if not target.is_relative_to(root.resolve()):
        raise OutsideSourceError(errno.EACCES, "now points outside the source folder")
    fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutsideSourceError(errno.EACCES, "no longer a regular file")
    return os.fdopen(fd, "rb")


def hash_file(path: Path, root: Path | None = None) -> str:
    """Hex SHA-256 of a file's bytes (which must stay inside `root`), read in chunks."""
    digest = hashlib.sha256()
    with open_inside(path, root or path.parent) as handle:
        while chunk := handle.read(HASH_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def read_bytes(path: Path, root: Path, max_bytes: int) -> bytes:
    """A file's bytes, reading at most one byte past `max_bytes` so the caller can refuse it."""
    with open_inside(path, root) as handle:
        return handle.read(max_bytes + 1)
