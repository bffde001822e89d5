"""Records passed between stages: plain dataclasses, no behaviour beyond small helpers.

A `Document` is filled in stage by stage (clean -> language -> repair -> fingerprint);
each stage returns a new record with `dataclasses.replace`, so stages stay pure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


class Record:
    """Pickles as its constructor's arguments. Records cross to the worker processes and back
    at every stage; dataclasses' own pickling of slotted classes looks up their fields for
    each object, which took a tenth of the flow process's time."""

    __slots__ = ()
    __match_args__: tuple[str, ...] = ()

    def __reduce__(self) -> tuple[type, tuple]:
        return type(self), tuple(getattr(self, name) for name in self.__match_args__)


@dataclass(frozen=True, slots=True)
class Rejection(Record):
    """Why an input produced no document; `code` reads `<stage>_<why>`."""

    path: str
    code: str
    detail: str


@dataclass(frozen=True, slots=True)
class PartialDate(Record):
    """A date as far as the source states it: a dateline may give month and day only."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        if self.year and self.month and self.day:
            return "day"
        if self.year and self.month:
            return "month"
        if self.year:
            return "year"
        return "unknown"

    def to_date(self) -> date | None:
        """The first day the partial date can stand for, or None without a year."""
        if not self.year:
            return None
        try:
            return date(self.year, self.month or 1, self.day or 1)
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Repair(Record):
    """One edit of the repair stage: paragraph `ordinal`, span [start, end) in the repaired text."""

    ordinal: int
    start: int
    end: int
    before: str
    after: str
    rule: str


@dataclass(frozen=True, slots=True)
class DroppedLine(Record):
    """A line of the raw text that the cleaner did not keep as article text, and why.

    `line_no` counts the decoded raw text's lines from 1; `reason` names the rule or the line
    model's label and what decided (queryable: `cleaning_drops`, `wirehouse explain`). Lines
    used as metadata (title, byline, date line) are recorded too, with that use as the reason.
    """

    line_no: int
    text: str
    reason: str  # what the line is or which rule dropped it: 'title', 'byline', 'chrome:share'
    detail: str = ""  # what decided: the model's probability and strongest signal, a rule


@dataclass(frozen=True, slots=True)
class CleanArticle(Record):
    """What a cleaner (HTML or dump) extracts from one raw file."""

    title: str | None
    paragraphs: list[str]
    author: str | None = None
    url: str | None = None
    site: str | None = None
    date: PartialDate = field(default_factory=PartialDate)
    # Publication evidence the date came from: 'metadata', 'date_line', 'byline', 'dateline'
    # ('crawl' for pages of web archives); never a day the text merely mentions.
    date_source: str | None = None
    date_inferred: bool = False  # the year was filled from evidence in the text
    mentioned_dates: list[PartialDate] = field(default_factory=list)
    year_source: str | None = None  # 'stated', 'text' (inferred from the text) or 'event'
    event_date: date | None = None  # the day the text reports ("on Thursday"), when it says
    event_date_source: str | None = None  # 'weekday' (relative to the date) or 'stated'
    line_hashes: list[str] = field(default_factory=list)  # short lines, for site templates
    dropped: list[DroppedLine] = field(default_factory=list)  # raw lines not kept, with reasons


@dataclass(frozen=True, slots=True)
class Document(Record):
    """One article as it moves through the pipeline; `doc_id` is derived from the raw bytes."""

    doc_id: str
    path: str
    sha256: str
    format: str  # 'html', 'text', 'markdown'
    raw_text: str
    title: str | None
    paragraphs: list[str]  # clean, before repair
    author: str | None = None
    url: str | None = None
    site: str | None = None
    site_source: str | None = None  # 'sidecar', 'url' or 'folder' (transforms/source_meta.py)
    date: PartialDate = field(default_factory=PartialDate)
    date_source: str | None = None
    date_inferred: bool = False
    mentioned_dates: list[PartialDate] = field(default_factory=list)
    year_source: str | None = None
    event_date: date | None = None
    event_date_source: str | None = None
    line_hashes: list[str] = field(default_factory=list)
    dropped: list[DroppedLine] = field(default_factory=list)
    language: str | None = None
    language_confidence: float | None = None
    language_method: str | None = None  # 'stopwords' or 'langdetect'
    paragraph_languages: list[str | None] = field(default_factory=list)
    repaired_paragraphs: list[str] = field(default_factory=list)  # after repair; same length
    repairs: list[Repair] = field(default_factory=list)
    machine_translated: bool = False
    mt_score: float = 0.0
    mt_evidence: dict[str, int] = field(default_factory=dict)  # feature -> hits that fired
    paragraph_mt_scores: list[float] = field(default_factory=list)  # same length as paragraphs
    name_mentions: list[tuple[int, str, str]] = field(default_factory=list)  # ordinal, surface, key
    content_hash: str | None = None  # hash of the normalised body, for exact duplicates
    minhash: list[int] = field(default_factory=list)
    band_keys: list[str] = field(default_factory=list)
    # What the repair stage left alone on purpose, counted: {'name:ambiguous': 1} is a name
    # in Russian romanization that matches two names of the gazetteer.
    repair_skips: dict[str, int] = field(default_factory=dict)

    @property
    def body_paragraphs(self) -> list[str]:
        """The text the warehouse shows: repaired where the repair stage ran."""
        return self.repaired_paragraphs or self.paragraphs

    @property
    def body(self) -> str:
        return "\n\n".join(self.body_paragraphs)
