"""What the source says about a file besides its bytes: a sidecar and the outlet folder.

Outlets come from the source's own metadata, in this order: a sidecar `<file>.meta.json`
beside the raw file (`url`, `site`, `title`, `author`, `published`, any subset; its values
win over the file's), the URL found in the file, the outlet folder (`<outlet>/<file>` one
folder below the source root), else no site. A file name is never an outlet.
`site_source` says which: 'sidecar', 'url' or 'folder'.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from transforms.metadata import site_from_url, weekday_event_date
from transforms.records import Document, PartialDate, Rejection

SIDECAR_SUFFIX = ".meta.json"
KEYS = ("url", "site", "title", "author", "published")
_PUBLISHED = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.+\-Z]*)?")


@dataclass(frozen=True, slots=True)
class SidecarConfig:
    # a sidecar holds a handful of short fields; anything larger is not one
    max_bytes: int = 65_536


@dataclass(frozen=True, slots=True)
class SourceMeta:
    """A sidecar's values; None where it says nothing."""

    url: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    published: PartialDate | None = None

    @property
    def outlet(self) -> str | None:
        """The site the sidecar names, or the host of its URL."""
        return self.site or (site_from_url(self.url) if self.url else None)


def is_sidecar(path: str) -> bool:
    return path.endswith(SIDECAR_SUFFIX)


def sidecar_path(path: str) -> str:
    """Where the sidecar of the raw file `path` sits."""
    return path + SIDECAR_SUFFIX


def described_path(sidecar: str) -> str:
    """The raw file a sidecar describes."""
    return sidecar.removesuffix(SIDECAR_SUFFIX)


def parse_sidecar(
    path: str, data: bytes, config: SidecarConfig = SidecarConfig()
) -> SourceMeta | Rejection:
    """The values of sidecar `path`; a rejection (`sidecar_too_large`, `sidecar_invalid`)
    names what is wrong. Keys other than KEYS are ignored (crawlers write more)."""
    if len(data) > config.max_bytes:
        return Rejection(
            path, "sidecar_too_large", f"{len(data):,} bytes exceeds the {config.max_bytes:,} limit"
        )
    try:
        values = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        return Rejection(path, "sidecar_invalid", f"not UTF-8 JSON: {error}")
    if not isinstance(values, dict):
        return Rejection(path, "sidecar_invalid", "not a JSON object of url, site, title, ...")
    fields: dict[str, object] = {}
    for key in KEYS:
        value = values.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            return Rejection(path, "sidecar_invalid", f"{key} is not a string: {value!r}")
        value = " ".join(value.split())
        if value:
            fields[key] = value
    url = fields.get("url")
    if url is not None and site_from_url(str(url)) is None:
        return Rejection(path, "sidecar_invalid", f"url has no host name: {url!r}")
    published = fields.pop("published", None)
    if published is not None:
        date = parse_published(str(published))
        if date is None:
            return Rejection(
                path,
                "sidecar_invalid",
                f"published is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD): {published!r}",
            )
        fields["published"] = date
    return SourceMeta(**fields)  # type: ignore[arg-type]


def parse_published(text: str) -> PartialDate | None:
    """An ISO date as far as it goes ('2015', '2015-12', '2015-12-15', with a time or not)."""
    match = _PUBLISHED.fullmatch(text.strip())
    if not match:
        return None
    year, month, day = (int(part) if part else None for part in match.groups())
    date = PartialDate(year, month, day)
    if month and not 1 <= month <= 12:
        return None
    if day and date.to_date() is None:
        return None
    return date


def outlet_folder(path: str) -> str | None:
    """The outlet a file's folder names: `<outlet>/<file>`, one folder below the source root.

    Deeper layouts (`bbc/2024/05/x.html`) name no outlet: their first folder may be a year, a
    crawl or a batch as well as an outlet. A page of a web archive (`a.warc.gz#123`) has the
    archive's folder."""
    parts = path.split("#", 1)[0].split("/")
    if len(parts) != 2 or not parts[0] or parts[0].startswith("."):
        return None
    return parts[0]


def apply_source_meta(doc: Document, meta: SourceMeta | None) -> Document:
    """The document with the sidecar's values over the file's, and its outlet by the order
    above; a sidecar's `published` is publication evidence (date_source 'sidecar')."""
    meta = meta or SourceMeta()
    site, site_source = outlet_of(doc, meta)
    changes: dict[str, object] = {
        "url": meta.url or doc.url,
        "site": site,
        "site_source": site_source,
        "title": meta.title or doc.title,
        "author": meta.author or doc.author,
    }
    if meta.published is not None:
        published = meta.published.to_date() if meta.published.precision == "day" else None
        event_day = weekday_event_date(published, doc.paragraphs)
        changes |= {
            "date": meta.published,
            "date_source": "sidecar",
            "date_inferred": False,
            "year_source": "stated",
            "event_date": event_day,
            "event_date_source": "weekday" if event_day else None,
        }
    return replace(doc, **changes)


def outlet_of(doc: Document, meta: SourceMeta) -> tuple[str | None, str | None]:
    """(site, where it came from): the sidecar, the file's URL, the outlet folder, or none."""
    if meta.outlet:
        return meta.outlet, "sidecar"
    if doc.site:
        return doc.site, "url"
    folder = outlet_folder(doc.path)
    if folder:
        return folder, "folder"
    return None, None


class OutletTemplates(Mapping[str, frozenset[str]]):
    """Site templates looked up by the outlet the document will have: the sidecar's site
    whatever the file says, and the folder's when the file names no site."""

    def __init__(
        self, templates: Mapping[str, frozenset[str]], sidecar: str | None, folder: str | None
    ) -> None:
        self._templates = templates
        self._sidecar = sidecar
        self._folder = folder

    def __getitem__(self, site: str) -> frozenset[str]:
        if self._sidecar:
            return self._templates[self._sidecar]
        if not site and self._folder:
            return self._templates[self._folder]
        return self._templates[site]

    def __iter__(self) -> Iterator[str]:
        return iter(self._templates)

    def __len__(self) -> int:
        return len(self._templates)
