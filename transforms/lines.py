"""Where the article sits in a dump: the run of lines that reads as prose, found by line features.

A dump of a whole page puts menus above the article and related links, comments and footers
below it. Each line gets a value: positive for running prose (long, rich in function words,
few links, closing punctuation), negative for everything else. The article is the run of
consecutive lines with the largest total value (Finn et al.'s body-text extraction, on lines
instead of tokens), so short lines inside it (sub-headings, list items) stay and prose-looking
teasers far below it, separated by menus and dates, go. Code listings and content lists
(transforms/blocks.py) cost little, and such a block right after the run closes it.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from transforms.rules import RuleSet

logger = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SENTENCE_CLOSE = re.compile(r"[.!?…][\"'”’)\]]*$")
_CLOSES = re.compile(r"[.!?…:;][\"'”’)\]]*$")


STOPWORDS = RuleSet.load("stopwords_en.txt").words()


@dataclass(frozen=True, slots=True)
class RegionConfig:
    # Prose lines of the 169 trafilatura eval pages (development half) have 10+ words and
    # 20 %+ function words; menus, names, dates and headlines have far fewer.
    prose_min_words: int = 10
    prose_min_stopword_share: float = 0.2
    # Article paragraphs close a sentence; a line that does not is prose only when this long
    # and when this share of its cased words start lower-case: tag clouds, archive menus and
    # link rows ("Archives Select Month April 2022 (501) ...") are title-case words run
    # together (under 0.26 on the eval pages), unclosed prose and code are 0.36 and up.
    open_prose_min_words: int = 30
    open_prose_min_lower_share: float = 0.3
    # A line that is mostly link text is a teaser or a menu, whatever it says.
    prose_max_link_share: float = 0.5
    # Value of a prose line: its words up to the cap, minus the bias, so a 15-word teaser under
    # a related-links heading is worth little next to the 40-100-word paragraphs of an article.
    prose_cap_words: int = 60
    prose_bias_words: int = 8
    # Every other line costs this much: five menu lines cancel one 48-word paragraph. Sweeps of
    # 4-16 (and of the bias, 0-8) on the development half traded kept snippets against removed
    # ones by up to 0.05 each way; 8 balances them, and the held-out half agrees.
    other_penalty: float = 8.0
    # Sub-headings, labels and single menu items cost less than headline-sized teasers.
    short_max_words: int = 3
    short_penalty: float = 5.0
    # Lines the chrome rules recognise: 16-30 removed more and kept less on the held-out half.
    chrome_penalty: float = 8.0
    # A "Related" header and its link titles are removed as a block; inside an article they
    # cost this little, so prose after the block still joins the run.
    detached_penalty: float = 1.0
    # Code listings and content lists (transforms/blocks.py) between or after prose paragraphs
    # cost this little, so prose after a listing joins the run.
    block_penalty: float = 1.0
    # Between the run and a closing block (or two blocks) at most this many sub-heading or
    # introducing lines ("Dictionary comprehensions", "Comprehensions also work on them:").
    # Sweeps of 2-6 on the eval pages changed one development page (2 kept 1 more snippet,
    # 3-6 the same) and nothing on the held-out half.
    attach_max_gap: int = 3
    # Pages whose long lines have under this share of English function words are in another
    # language: prose is then told by length and closing punctuation alone.
    english_min_share: float = 0.1
    # Short sentences right next to the run ("When I woke up, there was nothing.") belong to it;
    # up to this many on each side, of at least this many words.
    edge_sentences: int = 1
    edge_sentence_min_words: int = 4
    # Below this many prose lines the page has no clear article run; nothing is cut.
    min_prose_lines: int = 2
    # A gallery, a paywall notice or a menu inserted mid-article splits it into runs. A run on
    # either side worth at least this share of the best run joins the article (unless a
    # "Related" block parts them), and the lines between go. On the eval pages 0.5 kept 3 more
    # snippets of the held-out half and removed as many as before; 0.4 kept 1-2 more in all and
    # removed one fewer, 0.6 joined fewer runs (markdown: 3 kept snippets fewer).
    joined_run_share: float = 0.5


DEFAULT_CONFIG = RegionConfig()


@dataclass(frozen=True, slots=True)
class Region:
    """Where the article sits: `span` from its first to its last line, and the `gaps` inside
    the span between runs of it (an inserted gallery or notice), which are not the article's."""

    span: range
    gaps: frozenset[int] = frozenset()


def stopword_share(text: str) -> float:
    """Share of English function words among the words of a line."""
    words = _WORD.findall(text.casefold())
    return sum(w in STOPWORDS for w in words) / len(words) if words else 0.0


def lower_share(text: str) -> float:
    """Share of lower-case starts among the words written in a cased script (1.0 when none)."""
    cased = [w[0].islower() for w in _WORD.findall(text) if w[0].islower() or w[0].isupper()]
    return sum(cased) / len(cased) if cased else 1.0


def is_prose(text: str, link_share: float, english: bool, config: RegionConfig) -> bool:
    """A line of running text: long enough, few links, and English-like or sentence-closed."""
    words = len(text.split())
    if words < config.prose_min_words or link_share > config.prose_max_link_share:
        return False
    if not _CLOSES.search(text) and (
        words < config.open_prose_min_words or lower_share(text) < config.open_prose_min_lower_share
    ):
        return False  # headlines, teaser titles and tag clouds do not close a sentence
    return not english or stopword_share(text) >= config.prose_min_stopword_share


def line_values(
    texts: Sequence[str],
    link_shares: Sequence[float],
    chrome: Sequence[bool] | None = None,
    config: RegionConfig = DEFAULT_CONFIG,
    detached: Collection[int] = (),
    blocks: Collection[int] = (),
) -> list[float]:
    """The value of each line for the article run: prose earns by length, the rest costs,
    and lines the chrome rules already know (menus, "Related", footers) cost the most;
    lines of code and list blocks cost little."""
    long_lines = [t for t in texts if len(t.split()) >= config.prose_min_words]
    english = bool(long_lines) and (
        sum(stopword_share(t) for t in long_lines) / len(long_lines) >= config.english_min_share
    )
    values = []
    known = chrome if chrome is not None else [False] * len(texts)
    for index, (text, share, is_chrome) in enumerate(zip(texts, link_shares, known, strict=True)):
        if index in detached:
            values.append(-config.detached_penalty)
        elif is_chrome and index not in blocks:
            values.append(-config.chrome_penalty)
        elif is_prose(text, share, english, config):
            words = min(len(text.split()), config.prose_cap_words)
            values.append(float(words - config.prose_bias_words))
        elif index in blocks:
            values.append(-config.block_penalty)
        elif len(text.split()) <= config.short_max_words:
            values.append(-config.short_penalty)
        else:
            values.append(-config.other_penalty)
    return values


def main_region(
    texts: Sequence[str],
    link_shares: Sequence[float],
    chrome: Sequence[bool] | None = None,
    config: RegionConfig = DEFAULT_CONFIG,
    detached: Collection[int] = (),
    blocks: Collection[int] = (),
    closing: Collection[int] = (),
) -> Region:
    """Where the article run is: the consecutive lines of largest total value, joined by runs
    beside it worth half as much (`RegionConfig.joined_run_share`).

    `detached` lines ("Related" blocks) and `blocks` (code and content lists) cost little;
    `closing` blocks (a listing, steps) right after the run end it. The whole range when the
    page has too little prose to tell an article from chrome.
    """
    values = line_values(texts, link_shares, chrome, config, detached, blocks)
    if sum(v > 0 for v in values) < config.min_prose_lines:
        return Region(range(len(texts)))
    best, run = _best_run(values, range(len(values)))
    runs = _joined_runs(values, run, best * config.joined_run_share, detached)
    best_start, best_end = runs[0].start, runs[-1].stop
    gaps = frozenset(i for a, b in itertools.pairwise(runs) for i in range(a.stop, b.start))
    known = chrome if chrome is not None else [False] * len(texts)

    def sentence(index: int) -> bool:
        text = texts[index]
        return (
            not known[index]
            and link_shares[index] <= config.prose_max_link_share
            and len(text.split()) >= config.edge_sentence_min_words
            and bool(_SENTENCE_CLOSE.search(text))
        )

    for _ in range(config.edge_sentences):  # a short first or last paragraph of the article
        before = _skip_chrome(known, best_start - 1, -1)
        if before >= 0 and sentence(before):
            best_start = before
        after = _skip_chrome(known, best_end, 1)
        if after < len(texts) and sentence(after):
            best_end = after + 1
    end = _attach_blocks(best_end, texts, known, closing, detached, config)
    return Region(range(best_start, end), gaps)


def _best_run(values: Sequence[float], lines: range) -> tuple[float, range]:
    """The consecutive lines of largest total value among `lines` (empty when none is positive)."""
    best, best_start, best_end = 0.0, lines.start, lines.start
    total, start = 0.0, lines.start
    for index in lines:
        if total <= 0:
            total, start = 0.0, index
        total += values[index]
        if total >= best and total > 0:  # on ties the longer run: keep a closing line
            best, best_start, best_end = total, start, index + 1
    return best, range(best_start, best_end)


def _joined_runs(
    values: Sequence[float], run: range, worth: float, detached: Collection[int]
) -> list[range]:
    """`run` with the best runs beside it, outward on each side while each is worth `worth`
    and no "Related" line lies between."""
    runs = [run]
    while True:
        value, after = _best_run(values, range(runs[-1].stop, len(values)))
        if (
            not after
            or value < worth
            or any(i in detached for i in range(runs[-1].stop, after.start))
        ):
            break
        runs.append(after)
    while True:
        value, before = _best_run(values, range(runs[0].start))
        if (
            not before
            or value < worth
            or any(i in detached for i in range(before.stop, runs[0].start))
        ):
            break
        runs.insert(0, before)
    return runs


def _attach_blocks(
    end: int,
    texts: Sequence[str],
    chrome: Sequence[bool],
    closing: Collection[int],
    detached: Collection[int],
    config: RegionConfig,
) -> int:
    """The run's end moved past the code and list blocks that follow it, across chrome and up
    to `attach_max_gap` sub-headings ("Ingredients") or introducing lines ("Here is how:")."""
    index, gap, found = end, 0, end
    while index < len(texts) and index not in detached:
        if index in closing:
            gap, found = 0, index + 1
        elif not chrome[index]:
            gap += 1
            heading = len(texts[index].split()) <= config.short_max_words
            if gap > config.attach_max_gap or not (heading or texts[index].endswith(":")):
                break
        index += 1
    return found


def _skip_chrome(chrome: Sequence[bool], index: int, step: int) -> int:
    """The first index from `index` on (in `step` direction) that is not a known chrome line;
    the chrome rules drop those anyway, so they do not end the article."""
    while 0 <= index < len(chrome) and chrome[index]:
        index += step
    return index
