"""The one loader of rules data: one comment syntax, plain and `re:` entries, month names."""

from __future__ import annotations

import pytest

from transforms.rules import FOLDERS, RuleSet, month_full_names, month_names

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
