"""The one loader of rules data: one comment syntax, plain and `re:` entries, month names."""

from __future__ import annotations

import re

import pytest

from transforms.rules import FOLDERS, AnyOf, RuleSet, month_full_names, month_names

pytestmark = pytest.mark.fast


def test_one_syntax_for_comments_plain_entries_and_regexes() -> None:
    rules = RuleSet.parse("x.txt", "# a comment\n#\n\n  share on  \n#include\nre:^foo\\d+$\n")
    assert rules.plain == ("share on", "#include")
    assert rules.patterns == ("^foo\\d+$",)
    assert rules.regex().search("foo12")
    assert RuleSet.parse("y.txt", "plain only\n").regex() is None


def test_every_shipped_rules_file_parses_and_its_regexes_compile() -> None:
    names = [p.name for folder in FOLDERS for p in folder.glob("*.txt")]
    assert len(names) > 20
    for name in names:
        rules = RuleSet.load(name)
        assert rules.plain or rules.patterns, f"{name} holds no entry"
        rules.regex()  # raises on a broken pattern


def test_month_names_are_one_list_with_abbreviations() -> None:
    months = month_names()
    assert months["january"] == 1 and months["sept"] == 9 and months["may"] == 5
    assert month_full_names()[11] == "december"
    assert len(set(months.values())) == 12


SAMPLES = [
    "image copyright getty images",
    "links open in a new window)",
    "the minister (left) speaks to reporters",
    "a quiet street. photo by jane doe",
    "download our free news app today",
    "sign up for our daily newsletter",
    "we use cookies to improve your experience",
    "the council met on tuesday to discuss the budget.",
    "john smith / reuters",
    "photograph: alex brown",
    "3 comments",
    "opens a new tab",
    "",
]


@pytest.mark.parametrize(
    "name", ["chrome_lines.txt", "chrome_captions.txt", "chrome_promos.txt", "footer_phrases.txt"]
)
def test_any_of_says_what_one_alternation_says(name: str) -> None:
    """AnyOf (substring phrases, anchored regexes at the start, others behind the literals
    they need) finds a match exactly where re.search over one alternation of them does."""
    rules = RuleSet.load(name)
    phrases = sorted(rules.words(), key=len, reverse=True)
    parts = [re.escape(p) for p in phrases] + [f"(?:{p})" for p in rules.patterns]
    one = re.compile("|".join(parts)) if parts else None
    fast = AnyOf.build(phrases, rules.patterns)
    lines = SAMPLES + [p for p in phrases[:20]] + [f"x {p} y" for p in phrases[:20]]
    for line in lines:
        assert fast.search(line) == bool(one and one.search(line)), line


def test_any_of_reads_anchors_and_required_literals() -> None:
    fast = AnyOf.build((), ["^a|^b", r"\bgetty images\)?$", "(?i:x)yz", "n(?:o|ot)w"])
    assert fast.anchored is not None and fast.anchored.pattern == "(?:^a|^b)"
    # the parser factors the branches' common "o" out: "no" is needed, then "w"
    assert [needed for needed, _ in fast.others] == [("getty images",), ("yz",), ("no", "w")]
    assert fast.search("b") and not fast.search("cab")
    assert fast.search("XYZ") is False and fast.search("xyz") and fast.search("Xyz")
    assert fast.search("notw") and not fast.search("nw")
    assert not AnyOf.build()
