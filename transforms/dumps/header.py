"""Header fields read from one line: the author of a byline, the date of a date line.

The line model (transforms/dumps/model.py) says which lines are the byline and the date line;
these functions read the name and the day out of them. Byline openers come from
`transforms/data/byline_openers.txt` (shared with `metadata.parse_byline`), month names from
`transforms.rules.month_names`, date-line noise words from `date_noise.txt`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from transforms.chrome import BIO_ROLES
from transforms.metadata import BYLINE_OPENERS, find_mentioned_dates, parse_byline, parse_date
from transforms.records import PartialDate
from transforms.rules import RuleSet, month_names, weekday_full_names

# Words of a date line, never of a name: "Saturday, Sep 14, 2013" names no author.
_DATE_WORDS = RuleSet.load("date_noise.txt").words() | frozenset(weekday_full_names())
_FUNCTION_WORDS = RuleSet.load("stopwords_en.txt").words()
_MONTHS = frozenset(month_names())
_DIGIT = re.compile(r"\d")
_BYLINE_PARTS = re.compile(r"\s+[|•·—–-]\s+|\s*\|\s*")


def is_byline_opener(text: str) -> bool:
    """A byline opener alone ("by", "written by"), case-folded."""
    return text in BYLINE_OPENERS


@lru_cache(maxsize=1 << 14)
def byline_and_date(text: str) -> tuple[str | None, PartialDate | None]:
    """Author and date of a header line: "By A", a date line, "By A | March 3, 2016" or
    "Written by A on March 3, 2016". Memoised (its answer is immutable): the line model's
    features, the field rankers and the pickers each ask it about the same header lines."""
    author, date = parse_byline(text), parse_date(text)
    if author is None and (head := byline_head(text)):
        author, rest = head
        parts = [rest, *_BYLINE_PARTS.split(rest), *rest.split(", ")]
        date = date or next((d for p in parts if p and (d := parse_date(p))), None)
    if author or date:
        return author, date
    place, _, rest = text.partition(", ")
    if rest and place.isupper() and len(place.split()) <= 3 and (date := parse_date(rest)):
        return None, date  # "INDONESIA, July 2, 2013": a place and a date line
    if date := _date_then_label(text):
        return None, date
    if author := name_and_role(text):
        return author, None
    parts = _BYLINE_PARTS.split(text)
    author = next((a for p in parts if (a := parse_byline(p))), None)
    date = next((d for p in parts if (d := parse_date(p))), None)
    return (author, date) if len(parts) >= 2 and author and date else (None, None)


def _date_then_label(text: str) -> PartialDate | None:
    """The day a line opens with when one or two words without digits follow it: a section
    label or a site name ("May 06, 2022 News", "June 5, 2019 by luxurious")."""
    words = text.split()
    for cut in (1, 2):
        label = words[-cut:]
        if len(words) - cut >= 2 and not any(_DIGIT.search(w) for w in label):
            date = parse_date(" ".join(words[:-cut]))
            if date and date.day:
                return date
    return None


def name_and_role(text: str) -> str | None:
    """The name of a byline without "By" that a job title follows ("Richard Adams Education
    editor", "Jane Doe, Staff Writer"): two capitalised words, then a role of bio_roles.txt
    after a comma, or two or three words ending in a lower-case one ("Foreign Affairs
    editor" alone names no one)."""
    head, comma, role = text.partition(",")
    if comma:
        name, roles = head.split(), role.split()
    else:
        words = text.split()
        name, roles = words[:2], words[2:]
        if len(roles) < 2 or not roles[-1].islower():
            return None
    if len(name) != 2 or not 1 <= len(roles) <= 3 or roles[-1].casefold() not in BIO_ROLES:
        return None
    joined = " ".join(name)
    return joined if parse_byline(f"By {joined}") == joined else None


def byline_head(text: str) -> tuple[str, str] | None:
    """Name and remainder of a byline followed by more ("Written by A on July 27", "by A Last
    updated 4 Jun"): the name ends at the first word that is not capitalised, a digit, a month
    or a date label (transforms/data/date_noise.txt)."""
    words = text.split()
    if not words:
        return None
    opener = 2 if len(words) > 2 and words[1].casefold() == "by" else 1
    if " ".join(words[:opener]).casefold().rstrip(":") not in BYLINE_OPENERS:
        return None
    name: list[str] = []
    for word in words[opener:]:
        key = word.casefold().strip(".,:;|")
        if not word[:1].isupper() or key in _DATE_WORDS or key in _MONTHS or _DIGIT.search(key):
            break
        name.append(word.rstrip(","))
        if word.endswith(","):  # "Written by A B, PhD": a degree or job title follows
            break
    author = parse_byline(" ".join(words[:opener] + name)) if name else None
    return (author, " ".join(words[opener + len(name) :])) if author else None


def bare_name(text: str) -> str | None:
    """A line that is only a person's name ("Andrew King", "Maria Lopez-Diaz"): what a site
    prints as the byline without "By"."""
    return parse_byline(f"By {text.strip()}") if 2 <= len(text.split()) <= 4 else None


def any_date(text: str) -> PartialDate | None:
    """The date of a header line: the whole line's (`byline_and_date`), else the first full
    date it states among other words ("Posted on September 4, 2025 in News")."""
    date = byline_and_date(text)[1]
    if date is not None:
        return date
    return next((d for d in find_mentioned_dates(text) if d.precision == "day"), None)


_NAME_END = re.compile(r"\s*(?:[|•·,;]|\s[–—-]\s)\s*")


# A name word glued to the next word, as html2text joins a byline to the job title or date
# printed beside it ("Nicoletta RichardsonTrending Editor", "Jeffrey ZeldmanNovember 3"): a
# capitalised word of 5+ letters, then a capital. Shorter heads are name prefixes ("McDonald",
# "MacKenzie", "DeVito").
_GLUED = re.compile(r"^([A-Z][a-z]{4,})[A-Z]")
# ... and "By" glued to the name it opens ("ByShivya Nath", "BySarah").
_GLUED_OPENER = re.compile(r"^\s*By(?=[A-Z][a-z])")


def cut_glued(name: str) -> str:
    """A name cut where a later word of it runs into the next word: "Nicoletta
    RichardsonTrending" -> "Nicoletta Richardson" (a first word glued is left as it is)."""
    words = name.split()
    for at, word in enumerate(words[1:], 1):
        glued = _GLUED.match(word)
        if glued:
            return " ".join([*words[:at], glued.group(1)])
    return name


def author_of(text: str) -> str | None:
    """The author a byline line names: "By A", "Written by A on ...", "A, Staff Writer", or a
    name that a date, a job title or a separator follows ("Tom Talbot October 14, 2025",
    "Dylan Bailey, MS, RD"); cut where html2text glued it to the next word (`cut_glued`)."""
    found = _author_of(_GLUED_OPENER.sub("By ", text))
    return cut_glued(found) if found else None


def _author_of(text: str) -> str | None:
    author = byline_and_date(text)[0] or (byline_head(text) or (None,))[0]
    if author:
        return author
    head = _NAME_END.split(text.strip(), maxsplit=1)[0]
    words = []
    for word in head.split():
        key = word.casefold().strip(".,:;")
        if key in _MONTHS or key in _DATE_WORDS or _DIGIT.search(key):
            break
        words.append(word)
    return bare_name(" ".join(words)) if words else None


# A name after a byline opener anywhere in a short line ("Posted on July 1, 2024 by infuy",
# "12/19 — 2025 by ibby"), or opening a line that a date, a separator or a job title follows
# ("Stefan November 20, 2025", "Eliz - Product marketer"): one to four name words. A handle
# in lower case ("infuy") counts only right after an opener.
_OPENER_INSIDE = re.compile(
    r"(?:^|(?<=\s))(?:"
    + "|".join(re.escape(o) for o in sorted(BYLINE_OPENERS, key=len, reverse=True))
    + r")\s*:?\s+",
    re.IGNORECASE,
)
_NAME_PARTICLES = frozenset("de da van von der del la le bin al ibn dos di du".split())
_NAME_STOP = frozenset("on at in for from and with via about of".split())
_HANDLE = re.compile(r"^[\w][\w.@-]{1,30}$")


def byline_name(text: str) -> str | None:
    """The author a header line may name, read more broadly than `author_of` for the header
    field ranker (transforms/dumps/fields.py) to weigh: `author_of`'s name, else the words
    after a byline opener anywhere in the line (a handle in lower case, "by infuy", but no
    function word: "By the end of the night ..." names no one), else a name of one to four
    capitalised words that opens the line and ends at a date, a separator, a job title or the
    line's end."""
    found = author_of(text)
    if found:
        return found
    name = _byline_name(_GLUED_OPENER.sub("By ", text))
    return cut_glued(name) if name else None


def _byline_name(text: str) -> str | None:
    match = _OPENER_INSIDE.search(text)
    if match:
        name = _name_span(text[match.end() :].split(), handle=True)
        if name:
            return name
    name = _name_span(text.split(), handle=False, whole=True)
    if name is None and _BYLINE_PARTS.search(text):  # "Dec. 19, 2025 · Niko Matsakis ..."
        parts = _BYLINE_PARTS.split(text)[1:]
        name = next((n for p in parts if (n := _name_span(p.split(), False, True))), None)
    return name


def _name_span(words: list[str], handle: bool, whole: bool = False) -> str | None:
    """Up to four name words from the start of `words`; with `whole`, only when what follows
    them is a date, a separator or a job title (or nothing)."""
    name: list[str] = []
    stop_word: str | None = None
    for word in words[:5]:
        key = word.casefold().strip(".,:;|()")
        bare = word.strip(",;:|")
        if not bare or key in _MONTHS or key in _DATE_WORDS or _DIGIT.search(key):
            stop_word = word
            break
        if key in _NAME_STOP or key in BIO_ROLES or bare in "–—-|·•/":
            stop_word = word
            break
        if bare[0].isupper() or (name and key in _NAME_PARTICLES):
            name.append(bare)
        elif handle and not name and _HANDLE.match(bare) and key not in _FUNCTION_WORDS:
            name.append(bare)
            stop_word = None
            break
        else:
            stop_word = word
            break
        if word.endswith((",", ";", ":")):
            break
    if not name or len(name) > 4:
        return None
    if whole and stop_word is not None:
        key = stop_word.casefold().strip(".,:;|()")
        if not (
            key in _MONTHS
            or key in _DATE_WORDS
            or _DIGIT.search(key)
            or key in BIO_ROLES
            or stop_word.strip(",;:") in "–—-|·•/"
        ):
            return None
    if whole and len(words) > len(name) and stop_word is None and len(name) == len(words[:5]):
        return None  # five capitalised words: a headline or a menu, not a name
    value = " ".join(name).strip(".,:;")
    if value.casefold() in _NOT_NAME_WORDS or is_byline_opener(value.casefold()):
        return None  # a byline opener alone ("By") names no one
    return value or None


_NOT_NAME_WORDS = frozenset(
    "home menu search share news blog about contact login sign subscribe more".split()
)
