"""Text and markdown dumps of web pages to articles: title, author, date, body without chrome.

Dumps keep what a browser showed: menus, share bars, cookie notices, related headlines,
footers. Each logical line (transforms/dumps/lexer.py) gets one label from the line model
(transforms/dumps/model.py): body, title, byline, date line or other (chrome). Body lines are
the article; the likeliest title, byline and date lines fill the metadata (read by
transforms/dumps/header.py); every other non-blank raw line is reported in
`CleanArticle.dropped` with its label, probability and the signal that decided.
`explain_dump` returns the per-line decisions.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field

import numpy as np

from transforms.chrome import DEFAULT_CONFIG as CHROME
from transforms.chrome import (
    clip_titles,
    edge,
    ends_sentence,
    note_author,
    related_blocks,
)
from transforms.dumps.features import CLOSES_SENTENCE, LOCAL, line_features
from transforms.dumps.fields import (
    Candidates,
    Pick,
    candidate_rows,
    field_names,
    find_candidates,
    headline_of,
    load_rankers,
    pick,
)
from transforms.dumps.header import any_date, author_of, byline_and_date
from transforms.dumps.lexer import Line, parse_lines
from transforms.dumps.model import BODY, BYLINE, DATE, LABELS, TITLE, load_model
from transforms.metadata import (
    find_mentioned_dates,
    infer_year,
    is_url_label,
    named_weekday,
    parse_dateline,
    parse_url_line,
    site_from_url,
    states_time_only,
)
from transforms.normalize import normalize_text, split_joined_sentences
from transforms.records import CleanArticle, DroppedLine, PartialDate, Rejection
from transforms.rules import RuleSet
from transforms.templates import SiteTemplates, is_template, template_hashes

logger = logging.getLogger(__name__)

FORMATS = ("text", "markdown")
# Chrome kinds (transforms/chrome.py) whose lines are never article text, whatever their
# neighbours: menu and share-bar lines, "Related" headers, player debris. Notices, promos,
# captions and footer phrases can sit inside a real paragraph, so the model weighs those.
_NEVER_BODY = frozenset({"chrome", "section", "debris"})
_CLOSING_QUOTES = " \"'”’"
_UPDATE_WORDS = re.compile(
    r"\b(?:" + "|".join(sorted(RuleSet.load("date_update_words.txt").words())) + r")\b"
)


@dataclass(frozen=True, slots=True)
class DumpConfig:
    # The likeliest title line is the headline when the model gives it this probability; below
    # it the page has no headline the model can tell (WCXB development half: 0.2-0.4 found
    # the same titles, 0.5 lost some).
    title_min_probability: float = 0.3
    # Headlines are printed once or twice (the header and a share box or breadcrumb); menu
    # and footer links on every part of a page three times or more.
    title_max_copies: int = 3
    # A field ranker's choice (transforms/dumps/fields.py) is taken from this probability on
    # where the older picker (the line model's likeliest title, byline or date line) found
    # none, and replaces the older picker's title or author from `ranker_over_older` on. WCXB
    # development half, text / markdown title and author accuracy, with the rankers that weigh
    # the older choice: both 0.65 0.650/0.864 0.613/0.602; 0.5 0.665/0.867 0.637/0.641; 0.35
    # 0.686/0.867 0.660/0.652; both 0.2 0.689/0.867 0.664/0.656 but a photo caption then
    # replaced a headline far above the article (tests/transforms/test_dumps_layout.py); the
    # minimum alone at 0.2 changed nothing. Days the same throughout.
    ranker_min_probability: float = 0.35
    ranker_over_older: float = 0.35
    # The title ranker's headline (`_may_head`). WCXB development half, text / markdown title:
    # never a line read as article text 0.686/0.867 (before the title context features);
    # one closing no sentence 0.725/0.879, but ECB+ articles (no headline) then lost a
    # sentence or a quote to the title in 72 of 496 files; with no article sentence in the 3
    # lines above it (with the context features) 0.740/0.870 (2 and 5 lines the same) and 2
    # ECB+ ledes (24 and 21 words, closing with a period) still taken, none with the period
    # rule (12 and 16 words cost no development title).
    headline_text_reach: int = 3
    headline_period_max_words: int = 12
    # A line is body from this probability on, even when another label is likelier: losing
    # article text is worse than keeping a line of chrome. WCXB development half, text /
    # markdown body F1: 0.5 0.908/0.923, 0.4 0.909/0.923, 0.3 0.902/0.924, 0.25 0.898/0.920.
    body_min_probability: float = 0.4
    # With no likely title line, a first line of up to this many words without a closing
    # period is the headline (BBC News files: title first; headlines run to 20 words).
    headline_max_words: int = 25
    # Repeats shorter than this ("Thank you.") are real in transcripts; longer ones are a
    # caption or a lede printed twice, and only the first copy stays.
    dedup_min_chars: int = 20
    # A run of sentence lines (2+ words, closing punctuation, no chrome, few links) in
    # which this share of lines is body is body as a whole: wire copy's short paragraphs
    # between longer ones. Chosen on the WCXB development half and the wire stories'
    # development half (see the commit that set it).
    run_body_share: float = 0.5
    run_mean_body: float = 0.35
    run_min_body: float = 0.05
    run_max_gap: int = 1
    run_max_chrome: int = 2
    # A page where the model finds fewer body lines than this has its likeliest run of
    # sentence lines (largest summed body probability) as its article: every dump holds one.
    min_body_lines: int = 3
    # A line of running prose next to a body line is body: this many words, this share of
    # function words (BBC and ECB+ paragraphs: 0.2 and up, ledes full of names the lowest;
    # menus and headlines under 0.15).
    prose_min_words: int = 15
    prose_min_stopwords: float = 0.2
    # ... or this many words without a closing mark (BBC paragraphs cut mid-sentence).
    prose_open_min_words: int = 20
    # The chain steps over up to this many header or short lines (a date line under a
    # standfirst, a sub-head above a section).
    prose_max_skip: int = 3
    # ... and over any lines the chrome lists know (a photo gallery), up to this many lines.
    prose_max_reach: int = 20
    # A code listing after article text is the article's, up to this many lines.
    code_max_lines: int = 60
    # A line of up to this many words between two body lines is body (a sub-head).
    between_max_words: int = 12
    # A line the model reads as a byline or a date line that no header field took is text when
    # it reads as a clause (this many words, this share of function words: bylines and date
    # lines are names, roles, places and dates) or states only a time. Not searched: set so
    # the standfirst of ECB+ 21_7 (10 words, 0.40) and the cut sentence of 45_8 (12 words,
    # 0.17) stay; the WCXB held-out figures, the wire stories and the seeds did not move.
    header_text_min_words: int = 8
    header_text_min_stopwords: float = 0.15
    # A comments header ends the article only below article text: a paragraph this long.
    comments_after_words: int = 20
    # An author's note is one of the article's last lines.
    note_tail_lines: int = 3
    # A one-line page whose only line is its headline keeps it as text when it closes a
    # sentence or runs to this many words.
    one_line_article_words: int = 8


DEFAULT_CONFIG = DumpConfig()


@dataclass(frozen=True, slots=True)
class LineDecision:
    """What the cleaner did with one logical line: its label, the label's probability, the
    signals that decided, and whether it stays in the body."""

    first_line: int  # 1-based raw line numbers it covers
    last_line: int
    text: str
    label: str
    probability: float
    kept: bool
    reason: str
    signals: tuple[str, ...] = field(default_factory=tuple)


@dataclass(slots=True)
class _Decided:
    lines: list[Line]
    labels: list[str]
    probability: list[float]
    reasons: list[str]
    kept: list[bool]
    title: str | None
    author: str | None
    date: PartialDate
    date_source: str | None
    url: str | None
    markup: dict[int, str]
    raw: list[str]
    line_hashes: list[str]
    full: np.ndarray | None


def raw_lines(text: str) -> list[str]:
    """The lines of a decoded raw text, as `DroppedLine.line_no` counts them (from 1)."""
    return text.splitlines()


def clean_dump(
    text: str,
    fmt: str,
    config: DumpConfig = DEFAULT_CONFIG,
    path: str = "",
    templates: SiteTemplates | None = None,
) -> CleanArticle | Rejection:
    """Article of one text/markdown dump; header lines leave the body, chrome is dropped, and
    every raw line that is not article text is reported with its reason.

    `templates` holds the template lines learned per site from earlier documents. `path` only
    labels a Rejection; the caller may pass it or fill it in afterwards.
    """
    if fmt not in FORMATS:
        return Rejection(path, "dumps_bad_format", f"format {fmt!r} is not one of {FORMATS}")
    decided = _decide(text, fmt, config, templates)
    if decided is None:
        return Rejection(path, "dumps_empty", "the dump holds no text")
    paragraphs = [
        split_joined_sentences(line.text)
        for line, kept in zip(decided.lines, decided.kept, strict=True)
        if kept
    ]
    title = decided.title
    lines = [line.text.strip() for line in decided.lines]
    if not paragraphs and title is None and len(lines) == 1:
        title = lines[0]  # a dump of one line with no headline the model could tell: its line
    if not paragraphs and title and _one_line_article(title, config):
        paragraphs = [title]  # a one-line article: its only line is its text, not a headline
        index = lines.index(title)
        decided.kept[index] = True
    if not paragraphs:
        return Rejection(path, "dumps_no_text", "no body text left after removing chrome")
    date, date_source = decided.date, decided.date_source
    if not (date.year or date.month):
        date, date_source = _dateline_date(paragraphs)
    # a day the text mentions may date the event (transforms/events.py), never the publication
    mentioned = find_mentioned_dates("\n".join(paragraphs))
    weekday = named_weekday(text, date) if date.year is None else None  # checks an inferred year
    dated = infer_year(date, mentioned, weekday=weekday)
    return CleanArticle(
        title=title,
        paragraphs=paragraphs,
        author=decided.author,
        url=decided.url,
        site=site_from_url(decided.url) if decided.url else None,
        date=dated,
        date_source=date_source,
        date_inferred=dated.year is not None and date.year is None,
        mentioned_dates=mentioned,
        line_hashes=decided.line_hashes,
        dropped=_dropped(decided),
    )


def explain_dump(
    text: str,
    fmt: str,
    config: DumpConfig = DEFAULT_CONFIG,
    templates: SiteTemplates | None = None,
) -> list[LineDecision]:
    """Per logical line of a dump: label, probability, kept or not, the reason, and the three
    signals that raised the label most over the runner-up (what `wirehouse explain` prints)."""
    decided = _decide(text, fmt, config, templates, explain=True)
    if decided is None:
        return []
    model = load_model()
    decisions = []
    for index, line in enumerate(decided.lines):
        label = decided.labels[index]
        signals: tuple[str, ...] = ()
        if decided.full is not None and label in LABELS:
            signals = tuple(model.reasons(decided.full, index, LABELS.index(label)))
        decisions.append(
            LineDecision(
                line.first + 1,
                line.last + 1,
                line.text,
                label,
                decided.probability[index],
                decided.kept[index],
                decided.reasons[index],
                signals,
            )
        )
    return decisions


def _one_line_article(title: str, config: DumpConfig) -> bool:
    return ends_sentence(title) or len(title.split()) >= config.one_line_article_words


def _normalized_lines(text: str) -> str:
    """The text normalised (transforms/normalize.py) with the raw text's line breaks kept."""
    lines = raw_lines(text)
    joined = normalize_text("\n".join(lines))
    if joined.count("\n") != max(0, len(lines) - 1):
        joined = "\n".join(normalize_text(line) for line in lines)
    return joined


def _decide(
    text: str,
    fmt: str,
    config: DumpConfig,
    templates: SiteTemplates | None,
    explain: bool = False,
) -> _Decided | None:
    """Label every logical line and pick the header fields."""
    raw = raw_lines(text)
    lines, markup = parse_lines(_normalized_lines(text), fmt)
    if not lines:
        return None
    n = len(lines)
    labels = ["other"] * n
    probability = [1.0] * n
    reasons = [""] * n
    fixed: set[int] = set()  # lines decided before the model
    url, url_lines = _find_url(lines)
    for index in url_lines:
        labels[index], reasons[index] = "url", "url"
        fixed.add(index)
    line_hashes = template_hashes(line.text for line in lines)
    site = site_from_url(url) if url else None
    known = (templates or {}).get(site or "", frozenset())
    if known:
        for index, line in enumerate(lines):
            if index not in fixed and is_template(line.text, known):
                labels[index], reasons[index] = "template", "template"
                fixed.add(index)
    model = load_model()
    rows, sentence, kinds = line_features(lines, fmt == "markdown")
    known = [kind is not None for kind in kinds]
    probs, full = model.predict(np.asarray(rows, dtype=float))
    best = probs.argmax(axis=1)
    best[probs[:, BODY] >= config.body_min_probability] = BODY
    # A byline that names no one and a date line that states no date are read as what the
    # model found next likeliest (a sentence that mentions a name is no byline).
    for index in np.flatnonzero((best == BYLINE) | (best == DATE)):
        text = lines[index].text
        found = author_of(text) if best[index] == BYLINE else any_date(text)
        if found is None:
            runner = probs[index].copy()
            runner[[BYLINE, DATE, TITLE]] = -1.0
            best[index] = int(runner.argmax())
    vetoed = {i for i, kind in enumerate(kinds) if kind in _NEVER_BODY and best[i] == BODY}
    comments = _comments_start(lines, kinds, config)
    vetoed |= {i for i in range(comments, n) if best[i] == BODY}
    # The chrome rules' blocks: a "See also" header's headline and links, clip titles beside
    # player debris (transforms/chrome.py), whatever the model made of them.
    listed: set[int] = set()
    if "section" in kinds:
        listed |= related_blocks(lines, CHROME)  # type: ignore[arg-type]
    if "debris" in kinds:
        listed |= clip_titles(lines, CHROME)  # type: ignore[arg-type]
    listed |= {
        i + 1
        for i, kind in enumerate(kinds)
        if kind == "section" and i + 1 < n and lines[i + 1].words <= CHROME.related_max_words
    }  # the teaser right under a "See also" header, even when it closes a sentence
    listed |= _link_runs(lines)
    vetoed |= {i for i in listed if best[i] == BODY}
    for index in vetoed:
        best[index] = 0
    # Smoothing never adds a headline listed under a "Related" header or a clip title
    # beside player debris, nor anything below the reader comments' header.
    after_section, near_debris = LOCAL.index("after_section"), LOCAL.index("next_to_debris")
    blocked = listed | {
        i for i, row in enumerate(rows) if row[after_section] or row[near_debris] or i >= comments
    }
    blocked_best = {i: int(best[i]) for i in blocked}
    smoothed = _smooth_runs(best, probs, sentence, known, config)
    code_column = LOCAL.index("code")
    code = [bool(row[code_column]) for row in rows]
    smoothed |= _code_between_body(best, code, known, [line.words for line in lines], config)
    smoothed |= _prose_when_no_body(best, probs, rows, known, config)
    smoothed |= _prose_next_to_body(best, rows, sentence, known, config)
    smoothed |= _between_body(best, lines, known, config)
    for index, label in blocked_best.items():  # undo what smoothing did to blocked lines
        if index in smoothed:
            best[index] = label
            del smoothed[index]
    # The header fields: the line model's likeliest title, byline and date lines first; where
    # they give none, one ranker per field over its candidate lines (transforms/dumps/fields.py).
    notes_at = [i for i, row in enumerate(rows) if row[LOCAL.index("author_note")]]
    ranked: dict[int, str] = {}  # line index -> the ranker's reason for a field it gave
    older_title, older_first = _older_title(lines, probs, best, fixed, config)
    title_index = older_title
    chosen = _rank("title", lines, full, probs, fixed, config, older=older_title, first=older_first)
    taken = _ranker_takes(chosen, older_title, config)
    if taken and _may_head(chosen.index, best, rows, lines, config):  # type: ignore[arg-type]
        title_index = chosen.index
        ranked[chosen.index] = f"title p={chosen.probability:.2f} (ranker: {_first(chosen)})"
    title = headline_of(lines[title_index].text) if title_index is not None else None
    # A line the model calls a title that is not the headline is read as body or chrome.
    for index in np.flatnonzero(best == TITLE):
        if index != title_index:
            runner = probs[index].copy()
            runner[TITLE] = -1.0
            best[index] = int(runner.argmax())
    author, author_index = _pick_author(lines, probs, best, fixed)
    chosen = _rank(
        "author", lines, full, probs, fixed, config, title_index, notes=notes_at, older=author_index
    )
    if _ranker_takes(chosen, author_index, config):
        author, author_index = str(chosen.value), chosen.index
        ranked[chosen.index] = f"byline p={chosen.probability:.2f} (ranker: {_first(chosen)})"
    date, date_source, date_index = _pick_date(lines, probs, best, fixed, author_index)
    if date_index is None:
        chosen = _rank("date", lines, full, probs, fixed, config, title_index, author_index)
        if chosen.index is not None and chosen.probability >= config.ranker_min_probability:
            date, date_index = chosen.value, chosen.index  # type: ignore[assignment]
            named = byline_and_date(lines[date_index].text)[0]
            date_source = "byline" if named or date_index == author_index else "date_line"
            ranked.setdefault(
                chosen.index, f"date_line p={chosen.probability:.2f} (ranker: {_first(chosen)})"
            )
    held = fixed | {i for i in (title_index, author_index, date_index) if i is not None}
    if title_index is not None:  # the headline and its repeats
        held |= {i for i, line in enumerate(lines) if line.key == lines[title_index].key}
    smoothed |= _unheld_header_lines(
        best, probs, rows, lines, held | blocked | vetoed, known, (author_index, date_index), config
    )
    notes = _author_notes(lines, best, author, config)
    if author is None:
        author = _noted_author(lines, best)
    top = _top_signal(model, full, best)
    kept = [False] * n
    seen: dict[str, int] = {}
    title_key = lines[title_index].key if title_index is not None else None
    for index, line in enumerate(lines):
        if index in fixed:
            continue
        label = int(best[index])
        labels[index] = LABELS[label]
        probability[index] = float(probs[index, label])
        p = f"p={probability[index]:.2f}"
        if index == title_index or line.key == title_key:
            labels[index] = "title"
            reasons[index] = (
                ranked.get(index, f"title {p}") if index == title_index else f"title {p}"
            )
        elif index in notes:
            labels[index], reasons[index] = "other", f"author_note ({notes[index]})"
        elif label == BODY:
            if index in smoothed:
                probability[index] = float(probs[index, BODY])
                p = f"p={probability[index]:.2f} ({smoothed[index]})"
            first = seen.get(line.key)
            if first is not None and len(line.key) >= config.dedup_min_chars:
                labels[index] = "duplicate"
                reasons[index] = f"duplicate of line {lines[first].first + 1}"
                continue
            seen.setdefault(line.key, index)
            kept[index] = True
            reasons[index] = f"body {p}"
        elif index in ranked:
            reasons[index] = ranked[index]
        elif label == BYLINE or index == author_index:
            reasons[index] = f"byline {p} ({top[index]})"
        elif label == DATE or index == date_index:
            reasons[index] = f"date_line {p} ({top[index]})"
        elif index in vetoed and index in listed and kinds[index] is None:
            reasons[index] = f"chrome:related (listed under a header or beside a player; {p})"
        elif index in vetoed and index >= comments:
            reasons[index] = f"chrome:comments (below the comments header; the model said {p})"
        elif index in vetoed:
            reasons[index] = f"chrome:{kinds[index]} (word list; the model said body {p})"
        else:
            reasons[index] = f"chrome:{kinds[index] or 'page'} {p} ({top[index]})"
    return _Decided(
        lines,
        labels,
        probability,
        reasons,
        kept,
        title,
        author,
        date,
        date_source,
        url,
        markup,
        raw,
        line_hashes,
        full if explain else None,
    )


def _smooth_runs(
    best: np.ndarray,
    probs: np.ndarray,
    sentence: list[bool],
    known: list[bool],
    config: DumpConfig,
) -> dict[int, str]:
    """Context smoothing over runs of sentence lines (jusText's near-good blocks): a run in
    which at least `run_body_share` of the sentence lines are body, or whose mean body
    probability reaches `run_mean_body`, is body as a whole, except lines the model gives
    under `run_min_body`. Up to `run_max_chrome` lines the chrome lists know
    ("Advertisement", "Read more: ...") and `run_max_gap` other lines (a sub-head) do not
    break a run; they keep their labels; a sentence the model gives under `run_min_body`
    does. A page with fewer than `min_body_lines` body lines takes its likeliest run as the
    article. Returns the lines turned into body, each with why."""
    turned: dict[int, str] = {}
    runs: list[list[int]] = []
    gap = chrome = 0
    for index, flag in enumerate(sentence):
        if flag and probs[index, BODY] < config.run_min_body:
            flag = False  # a sentence the model is sure is chrome ends the run
            chrome = config.run_max_chrome + 1
        if flag:
            if runs and gap <= config.run_max_gap and chrome <= config.run_max_chrome:
                runs[-1].append(index)
            else:
                runs.append([index])
            gap = chrome = 0
        elif known[index]:
            chrome += 1
        else:
            gap += 1
    for run in runs:
        body = sum(best[i] == BODY for i in run)
        mean = float(probs[run, BODY].mean())
        if len(run) < 2 or body == len(run):
            continue
        if body >= config.run_body_share * len(run) or mean >= config.run_mean_body:
            for index in run:
                if best[index] != BODY and probs[index, BODY] >= config.run_min_body:
                    best[index] = BODY
                    turned[index] = f"sentence run {body}/{len(run)} body, mean p={mean:.2f}"
    if runs and int((best == BODY).sum()) < config.min_body_lines:
        likeliest = max(runs, key=lambda run: float(probs[run, BODY].sum()))
        for index in likeliest:
            if best[index] != BODY:
                best[index] = BODY
                turned[index] = "the page's likeliest sentence run"
    return turned


def _headline_first(
    lines: list[Line], best: np.ndarray, fixed: set[int], config: DumpConfig
) -> bool:
    """Whether the dump's first line, not body and above body text, reads as a headline:
    2 to `headline_max_words` words, no closing period."""
    first = lines[0]
    return (
        0 not in fixed
        and best[0] != BODY
        and len(lines) > 1
        and 2 <= first.words <= config.headline_max_words
        and not first.text.endswith(".")
        and bool((best[1:] == BODY).any())
    )


def _link_runs(lines: list[Line]) -> set[int]:
    """Two or more lines in a row that are mostly link text and headline-sized: a menu or a
    list of related stories wherever it sits (transforms/chrome.py's navigation rule)."""
    found: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, None]):
        if (
            line is not None
            and line.link_share >= CHROME.link_share
            and line.words <= CHROME.link_max_words
            and (line.list_item or not ends_sentence(line.text))
        ):
            run.append(index)
            continue
        if len(run) >= 2:
            found.update(run)
        run = []
    return found


def _comments_start(lines: list[Line], kinds: list[str | None], config: DumpConfig) -> int:
    """Where the reader comments begin: the first comments header ("11 responses to ...")
    below a paragraph of `comments_after_words`+ words; the page's end when none."""
    seen = False
    for index, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind == "comments" and seen:
            return index
        seen = seen or line.words >= config.comments_after_words
    return len(lines)


def _code_between_body(
    best: np.ndarray, code: list[bool], known: list[bool], words: list[int], config: DumpConfig
) -> dict[int, str]:
    """A code listing (up to `code_max_lines` lines, across lines the chrome lists know)
    right after a body line is the article's, as its prose is."""
    turned: dict[int, str] = {}
    total, index = len(code), 0
    while index < total:
        if not code[index]:
            index += 1
            continue
        stop = index
        while stop < total and stop - index < config.code_max_lines:
            if code[stop] or known[stop]:
                stop += 1
            elif stop + 1 < total and code[stop + 1] and words[stop] <= 3:
                stop += 1  # console output between code lines ("29")
            else:
                break
        if index and best[index - 1] == BODY:
            for line in range(index, stop):
                if best[line] != BODY and not known[line]:
                    best[line] = BODY
                    turned[line] = "code listing in the article"
        index = stop
    return turned


def _between_body(
    best: np.ndarray, lines: list[Line], known: list[bool], config: DumpConfig
) -> dict[int, str]:
    """A short line between two body lines is body (jusText: a short block between good ones):
    a sub-head, a list item or a one-word answer, unless the chrome word lists know it or it
    is mostly link text. One line the chrome lists know on either side does not part them."""
    turned: dict[int, str] = {}
    total = len(lines)
    for index in range(1, total - 1):
        line = lines[index]
        if (
            best[index] in (BODY, BYLINE, DATE)
            or known[index]
            or line.words > config.between_max_words
            or line.link_share > 0.5
        ):
            continue
        before, after = index - 1, index + 1
        if before > 0 and known[before]:  # one "Advertisement" line may part them
            before -= 1
        if after < total - 1 and known[after]:
            after += 1
        if best[before] == BODY and best[after] == BODY:
            best[index] = BODY
            turned[index] = "between body lines"
    return turned


def _prose_next_to_body(
    best: np.ndarray,
    rows: list[list[float]],
    sentence: list[bool],
    known: list[bool],
    config: DumpConfig,
) -> dict[int, str]:
    """A line of running prose (`prose_min_words`+ words, a function-word share of
    `prose_min_stopwords`, a closing mark, few links, unknown to the chrome lists) next to a
    body line is body, and so on outward, over header lines (headline, byline, date line) and
    short lines: a lede or a closing paragraph the model doubted; so is a list item of 3+
    words that closes a sentence or goes on in lower case. A sentence line (features.py's
    closing mark, which reads "... the Irish Cup." as closing where `ends_sentence` takes
    "Cup." for an abbreviation) closes too: at 15+ words it is prose, not a label."""
    turned: dict[int, str] = {}
    words, stops, closes, links = (
        LOCAL.index(name) for name in ("words_log", "stopwords", "closes_sentence", "link_share")
    )
    min_log = math.log1p(config.prose_min_words) / 4
    open_log = math.log1p(config.prose_open_min_words) / 4
    short = math.log1p(config.between_max_words) / 4

    item, lower = LOCAL.index("list_item"), LOCAL.index("lower_start")
    item_log = math.log1p(3) / 4

    def prose(index: int) -> bool:
        row = rows[index]
        if best[index] == BODY or known[index] or row[links] >= 0.3:
            return False
        if row[item] and row[words] >= item_log and (row[lower] or row[closes]):
            return True  # a list item that carries the sentence before it on
        if row[stops] < config.prose_min_stopwords:
            return False
        closing = row[closes] > 0 or sentence[index]
        return (row[words] >= min_log and closing) or row[words] >= open_log

    def passable(index: int) -> bool:
        """A header line or a short line (a sub-head) the chain may step over."""
        return best[index] in (TITLE, BYLINE, DATE) or (
            not known[index] and rows[index][words] <= short
        )

    total = len(rows)
    for order, step in ((range(total), 1), (range(total - 1, -1, -1), -1)):
        for index in order:
            if not prose(index):
                continue
            back = index - step
            skipped = steps = 0
            while 0 <= back < total and best[back] != BODY and steps < config.prose_max_reach:
                if known[back]:  # a gallery or a share bar between: "Photo 3 of 12"
                    back -= step
                    steps += 1
                    continue
                if skipped >= config.prose_max_skip or not passable(back):
                    break
                back -= step
                skipped += 1
                steps += 1
            if 0 <= back < total and best[back] == BODY:
                best[index] = BODY
                turned[index] = "prose next to body"
    return turned


def _prose_when_no_body(
    best: np.ndarray,
    probs: np.ndarray,
    rows: list[list[float]],
    known: list[bool],
    config: DumpConfig,
) -> dict[int, str]:
    """A page where the model and the sentence runs found no body line at all: its likeliest
    line of running prose (`prose_open_min_words`+ words, a function-word share of
    `prose_min_stopwords`, few links, unknown to the chrome lists) is the article's, whatever
    its last mark (a dump cut off mid-sentence); `_prose_next_to_body` extends it."""
    if (best == BODY).any():
        return {}
    words, stops, links = (LOCAL.index(name) for name in ("words_log", "stopwords", "link_share"))
    open_log = math.log1p(config.prose_open_min_words) / 4
    prose = [
        i
        for i, row in enumerate(rows)
        if not known[i]
        and row[words] >= open_log
        and row[stops] >= config.prose_min_stopwords
        and row[links] < 0.3
    ]
    if not prose:
        return {}
    index = max(prose, key=lambda i: float(probs[i, BODY]))
    best[index] = BODY
    return {index: "the page's likeliest prose line (no body line found)"}


def _unheld_header_lines(
    best: np.ndarray,
    probs: np.ndarray,
    rows: list[list[float]],
    lines: list[Line],
    skip: set[int],
    known: list[bool],
    sources: tuple[int | None, int | None],
    config: DumpConfig,
) -> dict[int, str]:
    """Header lines no field holds: article text, for nothing else keeps what they say. A
    line the model reads as a header fact (a byline and a date line together likelier than
    other page text) that no field took and that reads as a clause (a standfirst misread as
    a byline); a line beside the date line that states only a time (a kick-off or update
    time: a publication day holds no time). `skip` holds the lines the fields took and those
    the chrome rules block; `sources` the byline's and the date line's indexes. The header
    lines right below the byline are that byline's own (a job title, a place)."""
    author_index, date_index = sources
    stops, dated = LOCAL.index("stopwords"), LOCAL.index("date_line")
    header = probs[:, BYLINE] + probs[:, DATE]
    facts = (best != BODY) & (header > probs[:, 0])
    beside = {date_index - 1, date_index + 1} if date_index is not None else set()
    below = author_index + 1 if author_index is not None else len(best)
    while below < len(best) and below not in skip and facts[below]:
        skip = skip | {below}
        below += 1
    turned: dict[int, str] = {}
    for index in range(len(best)):
        if best[index] == BODY or index in skip or known[index]:
            continue
        if index in beside and states_time_only(lines[index].text):
            turned[index] = "a time beside the date line (a day holds no time)"
        elif (
            facts[index]
            and lines[index].words >= config.header_text_min_words
            and rows[index][stops] >= config.header_text_min_stopwords
            and not rows[index][dated]  # "UPDATED: FRIDAY, MAY 3, 2013, 9:56 AM" is no clause
        ):
            turned[index] = f"a clause no header field took, byline+date p={header[index]:.2f}"
        else:
            continue
        best[index] = BODY
    return turned


def _author_notes(
    lines: list[Line], best: np.ndarray, author: str | None, config: DumpConfig
) -> dict[int, str]:
    """Body lines among the article's last `note_tail_lines` that are a note about its author:
    "Will Knight is a senior writer for WIRED" (transforms/chrome.py's pattern), or a line
    opening with the bylined author's full name ("JANE DOE has covered the valley ...")."""
    body = [int(i) for i in np.flatnonzero(best == BODY)]
    name = author.casefold() if author and " " in author else None
    notes: dict[int, str] = {}
    for index in body[-config.note_tail_lines :] if len(body) > 1 else []:
        text = lines[index].text
        if note_author(text):
            notes[index] = "names a writer's job"
        elif name and lines[index].key.startswith(name + " "):
            notes[index] = "opens with the byline's name"
    return notes


def _noted_author(lines: list[Line], best: np.ndarray) -> str | None:
    """The author an author note below the article names, when no byline did."""
    body = np.flatnonzero(best == BODY)
    start = int(body[-1]) - 3 if body.size else 0
    return next((name for line in lines[max(0, start) :] if (name := note_author(line.text))), None)


def _top_signal(model, full: np.ndarray, best: np.ndarray) -> list[str]:
    """Per line, the signal that raised its label most over the body label (over 'other'
    for body lines): the short 'what decided' of a dropped line's reason."""
    weights = model.context.weights
    rival = np.where(best == BODY, 0, BODY)
    push = full * (weights[best] - weights[rival])
    strongest = push.argmax(axis=1)
    names = model.names
    return [f"{names[j]}{push[i, j]:+.1f}" for i, j in enumerate(strongest)]


def _older_title(
    lines: list[Line], probs: np.ndarray, best: np.ndarray, fixed: set[int], config: DumpConfig
) -> tuple[int | None, bool]:
    """The older picker's headline, a feature of the title ranker: the likeliest title line
    (`_pick_title`), else a clean dump's first line (`_headline_first`); and whether it is the
    latter."""
    index = _pick_title(lines, probs, fixed, config)
    if index is None and _headline_first(lines, best, fixed, config):
        return 0, True
    return index, False


def _may_head(
    index: int, best: np.ndarray, rows: list[list[float]], lines: list[Line], config: DumpConfig
) -> bool:
    """Whether the title ranker's line may be the headline. A sentence closing with a period
    and longer than `headline_period_max_words` is a lede, never the headline. A line read as
    article text (a headline right above the first paragraph, smoothed into it) may be when it
    closes no sentence (a standfirst does) and no article sentence sits in the
    `headline_text_reach` lines above it (a sub-head or a quote inside the article has one)."""
    line = lines[index]
    if line.text.rstrip(_CLOSING_QUOTES).endswith(".") and (
        line.words > config.headline_period_max_words
    ):
        return False
    if best[index] != BODY:
        return True
    if rows[index][CLOSES_SENTENCE]:
        return False
    above = range(max(0, index - config.headline_text_reach), index)
    return not any(best[i] == BODY and rows[i][CLOSES_SENTENCE] for i in above)


def _ranker_takes(chosen: Pick, older: int | None, config: DumpConfig) -> bool:
    """Whether a field ranker's choice replaces the older picker's: it names a line, with
    `ranker_min_probability` where the older found none, else with `ranker_over_older`."""
    if chosen.index is None or chosen.probability < config.ranker_min_probability:
        return False
    return older is None or chosen.index == older or chosen.probability >= config.ranker_over_older


def _pick_title(
    lines: list[Line], probs: np.ndarray, fixed: set[int], config: DumpConfig
) -> int | None:
    """The likeliest headline line, when likely enough; a line the page prints
    `title_max_copies` times or more is a menu or a footer link, not the headline."""
    scores = probs[:, TITLE].copy()
    for index in fixed:
        scores[index] = -1.0
    copies: dict[str, int] = {}
    for line in lines:
        copies[line.key] = copies.get(line.key, 0) + 1
    for index, line in enumerate(lines):
        if copies[line.key] >= config.title_max_copies:
            scores[index] = -1.0
        elif line.text.endswith("."):
            # Headlines close without a period; standfirsts with one. A sentence longer than
            # any headline (WCXB development half: titles run to 22 words, 2 of 332 close
            # with a period) is a caption or a lede, never the headline.
            too_long = line.words > config.headline_max_words
            scores[index] = -1.0 if too_long else scores[index] * 0.5
    index = int(scores.argmax())
    return index if scores[index] >= config.title_min_probability else None


def _pick_author(
    lines: list[Line], probs: np.ndarray, best: np.ndarray, fixed: set[int]
) -> tuple[str | None, int | None]:
    """The author named by the likeliest byline line that names one: a line the model labels
    byline, or one it gives `byline_min_probability` when it opens with a byline word."""
    order = np.argsort(-probs[:, BYLINE])
    for index in order[:5]:
        index = int(index)
        if index in fixed:
            continue
        likely = best[index] == BYLINE
        if not likely and probs[index, BYLINE] < 0.2:
            break
        text = lines[index].text
        author = author_of(text) if likely else byline_and_date(text)[0]
        if author:
            return author, index
    return None, None


def _pick_date(
    lines: list[Line],
    probs: np.ndarray,
    best: np.ndarray,
    fixed: set[int],
    author_index: int | None,
) -> tuple[PartialDate, str | None, int | None]:
    """The publication date among the likeliest date lines (and bylines with a date): a line
    that does not call itself an update before one that does, a header line (above the
    first body line) before a timestamp further down, then the earliest day (a page prints
    when it was published, then when it was updated; sidebars list newer posts)."""
    scores = probs[:, DATE] + probs[:, BYLINE]
    body = np.flatnonzero(best == BODY)
    first_body = int(body[0]) if body.size else len(lines)
    found: list[tuple[bool, bool, tuple[int, int, int], int, PartialDate]] = []
    for index in np.argsort(-scores)[:8]:
        index = int(index)
        if index in fixed or (best[index] not in (DATE, BYLINE) and scores[index] < 0.3):
            continue
        text = lines[index].text
        date = byline_and_date(text)[1] or any_date(text)
        if date is not None and date.precision != "unknown":
            update = bool(_UPDATE_WORDS.search(text.casefold()))
            day = (date.year or 9999, date.month or 12, date.day or 31)
            found.append((update, index > first_body, day, index, date))
    if not found:
        return PartialDate(), None, None
    *_, index, date = min(found, key=lambda item: item[:3])
    author = byline_and_date(lines[index].text)[0]
    return date, "byline" if author or index == author_index else "date_line", index


def _rank(
    field: str,
    lines: list[Line],
    full: np.ndarray,
    probs: np.ndarray,
    fixed: set[int],
    config: DumpConfig,
    title_index: int | None = None,
    author_index: int | None = None,
    notes: list[int] | None = None,
    older: int | None = None,
    first: bool = False,
) -> Pick:
    """The field ranker's choice among the field's candidate lines (or none); `older` is the
    older picker's line, `first` whether it took the first line as a clean dump's headline."""
    indexes, values = find_candidates(
        field,
        lines,
        probs,
        full,
        fixed,
        notes or (),
        config.headline_max_words,
        config.body_min_probability,
        older,
        config.note_tail_lines,
    )
    rows = candidate_rows(
        field,
        indexes,
        values,
        lines,
        full,
        probs,
        config.body_min_probability,
        title_index,
        author_index,
        notes or (),
        older,
        first,
    )
    found = Candidates(field, indexes, values, rows)
    return pick(load_rankers()[field], field_names(), found)


def _first(chosen: Pick) -> str:
    """The strongest signal of a ranker's choice, for a drop reason."""
    return chosen.signals[0] if chosen.signals else "the only candidate"


def _find_url(lines: list[Line]) -> tuple[str | None, list[int]]:
    """The page URL from a URL line near the top or bottom, with its label line."""
    for index, line in enumerate(lines):
        top, bottom = edge(index, len(lines), CHROME)
        if not (top or bottom):
            continue
        url = parse_url_line(line.raw) or parse_url_line(line.text)
        if url:
            found = [index]
            if index and is_url_label(lines[index - 1].text):
                found.append(index - 1)
            return url, found
    return None, []


def _dropped(decided: _Decided) -> list[DroppedLine]:
    """Every non-blank raw line not kept as body text, with its reason."""
    reason_of: dict[int, str] = dict(decided.markup)
    for line, kept, reason in zip(decided.lines, decided.kept, decided.reasons, strict=True):
        if not kept:
            for index in range(line.first, line.last + 1):
                reason_of[index] = reason
        else:
            for index in range(line.first, line.last + 1):
                reason_of.pop(index, None)
    return [
        DroppedLine(index + 1, decided.raw[index].strip(), *_reason_and_detail(reason_of[index]))
        for index in sorted(reason_of)
        if index < len(decided.raw) and decided.raw[index].strip()
    ]


def _reason_and_detail(reason: str) -> tuple[str, str]:
    """'chrome:share p=0.97 (kind_share+3.1)' -> ('chrome:share', 'p=0.97 (kind_share+3.1)'):
    the first word is the queryable reason, the rest what decided."""
    kind, _, detail = reason.partition(" ")
    return kind, detail


def _dateline_date(paragraphs: list[str]) -> tuple[PartialDate, str | None]:
    """Date of a wire dateline in one of the first paragraphs ("MOSCOW, December 15. ...")."""
    for paragraph in paragraphs[:3]:
        found = parse_dateline(paragraph)
        if found and found[1].month:
            return found[1], "dateline"
    return PartialDate(), None
