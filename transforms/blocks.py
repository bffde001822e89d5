"""Code and list blocks in a dump: content lines that do not read as prose.

Tutorials, recipes and reviews put code listings, ingredient lists and numbered steps between
(or right after) their prose paragraphs. Line by line they look like menus: short, no
function words, no closing period. As blocks they have structure a menu lacks: code symbols,
an indented or fenced listing, or list items introduced by a line ending in ':' or by a
sub-heading. The article run treats such blocks as cheap to cross, so prose after a listing
stays with the article.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from transforms.rules import RuleSet


def _load_code_rules() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The line starts (plain lines and `^` regexes, matched at the start) and the other regexes
    (searched anywhere) of transforms/data/dumps_code.txt."""
    rules = RuleSet.load("dumps_code.txt")
    anywhere: list[str] = []
    starts = [f"{re.escape(entry)}(?:\\s|$)" for entry in rules.plain]
    for pattern in rules.patterns:
        if pattern.startswith("^"):
            starts.append(f"(?:{pattern[1:]})")
        else:
            anywhere.append(f"(?:{pattern})")
    return re.compile("|".join(starts)), re.compile("|".join(anywhere))


_CODE_START, _CODE_ANYWHERE = _load_code_rules()
_PROSE_CLOSE = re.compile(r"[.!?…][\"'”’)\]]*$")


@dataclass(frozen=True, slots=True)
class BlockConfig:
    # Steps and points of a content list close their sentences; teaser headlines and menu
    # entries do not.
    list_min_sentence_share: float = 0.5
    # Items of content lists (ingredients, features, pros and cons) run to 4+ words on
    # average; menu items are 1-3 words.
    list_min_mean_words: float = 4.0
    # Items that are mostly link text are teasers or menus, in any list.
    max_link_share: float = 0.5
    # Under a line ending in ':' shorter items are content too ("1 tbsp oil"), but link lists
    # ("Pub Med", "Google Scholar") average under 3 words.
    introduced_min_mean_words: float = 3.0
    # A list block needs this many items; one bullet is no block.
    list_min_items: int = 2
    # Console output between code lines ("29", "10000") is short: up to 2 lines of 3 words.
    gap_max_lines: int = 2
    gap_max_words: int = 3


DEFAULT_CONFIG = BlockConfig()


def is_code(text: str) -> bool:
    """A line of a code listing or a console session (transforms/data/dumps_code.txt); a line
    that closes a sentence is prose even when it names a function()."""
    stripped = text.strip()
    if not stripped or (_PROSE_CLOSE.search(stripped) and " " in stripped):
        return False
    return bool(_CODE_START.match(stripped) or _CODE_ANYWHERE.search(stripped))


def block_lines(
    texts: Sequence[str],
    list_items: Sequence[bool],
    link_shares: Sequence[float],
    code: Sequence[bool],
    config: BlockConfig = DEFAULT_CONFIG,
    strict: bool = False,
) -> set[int]:
    """Indexes of lines in code blocks (with the short output lines between code lines) and in
    content lists: runs of list items that are not links (teasers, menus) and follow a line
    ending in ':', are mostly sentences (steps, points) or, unless `strict`, run to several
    words an item (features, pros and cons)."""
    blocks = {i for i, flag in enumerate(code) if flag}
    ordered = sorted(blocks)
    for before, after in pairwise(ordered):
        gap = range(before + 1, after)
        if len(gap) <= config.gap_max_lines and all(
            len(texts[i].split()) <= config.gap_max_words for i in gap
        ):
            blocks.update(gap)
    run: list[int] = []
    for index in range(len(texts) + 1):
        if index < len(texts) and list_items[index] and link_shares[index] < config.max_link_share:
            run.append(index)
            continue
        if len(run) >= config.list_min_items and _content_list(texts, run, config, strict):
            blocks.update(run)
        run = []
    return blocks


def _content_list(texts: Sequence[str], run: list[int], config: BlockConfig, strict: bool) -> bool:
    """Whether list items read as content: sentences, or items under an introducing ':' line
    longer than menu entries."""
    mean = sum(len(texts[i].split()) for i in run) / len(run)
    sentences = sum(bool(_PROSE_CLOSE.search(texts[i])) for i in run) / len(run)
    introduced = run[0] > 0 and texts[run[0] - 1].rstrip().endswith(":")
    return (
        sentences >= config.list_min_sentence_share
        or (not strict and mean >= config.list_min_mean_words)
        or (introduced and mean >= config.introduced_min_mean_words)
    )
