from pathlib import Path

import pytest

from transforms.glossary import GlossaryError, default_glossary_paths, load_glossary


@pytest.fixture(scope="module")
def glossary():
    return load_glossary(default_glossary_paths())


def _apply(glossary, text: str) -> str:
    out, cursor = [], 0
    for start, end, after, _ in glossary.matches(text):
        if after is not None:
            out += [text[cursor:start], after]
            cursor = end
    return "".join([*out, text[cursor:]])


def test_default_paths_are_shipped_toml_files():
    paths = default_glossary_paths()
    assert [p.name for p in paths] == [
        "ru_en.toml",
        "ru_en_abbreviations.toml",
        "ru_en_calques.toml",
        "ru_en_places.toml",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("meeting of the MGPS in Vienna", "meeting of the ISSG in Vienna"),
        ("The IG recognized", "The IS recognized"),
        ("IG Metall went on strike", "IG Metall went on strike"),
        ("BIGGER IGLOO", "BIGGER IGLOO"),
        (
            "said the Russian depodesta.",
            "said the Russian Foreign Ministry's Information and Press Department.",
        ),
        (
            "at the Foundation of public diplomacy behalf Gorchakov,",
            "at the Gorchakov Public Diplomacy Fund,",
        ),
        ("Putin will take Kerry after talks", "Putin will receive Kerry after talks"),
        ("Apple will take Microsoft to court", "Apple will take Microsoft to court"),
        ("we will take the train", "we will take the train"),
        ("with “dzhebhat EN – Nusra”", "with “Jabhat al-Nusra”"),
        ("in may 2015 he arrived", "in May 2015 he arrived"),
        ("on 15 may he arrived", "on 15 may he arrived"),
        ("You may 2 leave", "You may 2 leave"),
        ("they may 2015-proof it", "they may 2015-proof it"),
        ("he stayed in may", "he stayed in may"),
        ("rose to 2,5 mln rubles", "rose to 2.5 million rubles"),
        ("1,000 people and 2,5 apples", "1,000 people and 2,5 apples"),
        ("«Rosneft» licence № 5", "“Rosneft” licence No. 5"),
        ("countries”, – said the minister", "countries,” said the minister"),
    ],
    ids=lambda value: value[:24],
)
def test_entries_repair_only_in_context(glossary, text, expected):
    assert _apply(glossary, text) == expected


def test_overlapping_entries_earlier_wins(glossary):
    matches = glossary.matches("said the Russian depodesta")
    assert [m[3].id for m in matches] == ["depodesta_the"]


def test_rules_are_named_by_class(glossary):
    rules = {e.rule for e in glossary.entries}
    assert "glossary:acronym:MGPS" in rules
    assert "number:decimal_comma" in rules
    assert "punctuation:guillemet_open" in rules


def test_evidence_entries_have_weights(glossary):
    weights = {e.id: e.evidence for e in glossary.evidence_entries}
    assert weights["depodesta"] >= 3
    assert "guillemet_open" not in weights


def test_user_glossary_extends_and_bad_class_fails(tmp_path: Path):
    mine = tmp_path / "mine.toml"
    mine.write_text(
        '[[entry]]\nid = "MOEK"\nclass = "acronym"\npattern = "MOEK"\n'
        'replacement = "Moscow United Energy Company"\n'
    )
    glossary = load_glossary([*default_glossary_paths(), mine])
    assert _apply(glossary, "the MOEK said") == "the Moscow United Energy Company said"
    bad = tmp_path / "bad.toml"
    bad.write_text('[[entry]]\nid = "x"\nclass = "verb"\npattern = "x"\n')
    with pytest.raises(GlossaryError, match="class"):
        load_glossary([bad])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fight against the “Islamic state” and", "fight against the “Islamic State” and"),
        ("“Islamic state” (ISIS) is", "“Islamic State” (ISIS) is"),
        ("the so-called Islamic state in Iraq", "the so-called Islamic State in Iraq"),
        ("Islamic state militants attacked", "Islamic State militants attacked"),
        ("they want an Islamic state ruled by", "they want an Islamic state ruled by"),
        ("worth 1\u00a0250\u00a0000 roubles", "worth 1,250,000 roubles"),
        ("cost 500 rub. each", "cost 500 roubles each"),
        # Russian digit grouping with plain spaces, but never a day number after a month
        ("at 10 000 feet", "at 10,000 feet"),
        ("On June 12 100 people were arrested", "On June 12 100 people were arrested"),
    ],
)
def test_context_conditions(glossary, text, expected):
    assert _apply(glossary, text) == expected


def test_inside_quotation_condition(glossary):
    reopen = "“We agree, he said. – Now we act”."
    assert _apply(glossary, reopen) == "“We agree,” he said. “Now we act”."
    closing = "“Sanctions do not work, – said the minister."
    assert _apply(glossary, closing) == "“Sanctions do not work,” said the minister."
    # the same dashes outside a quotation are not dialogue
    for text in ["We agree, he said. – Now we act.", "Prices rose, – said the report."]:
        assert _apply(glossary, text) == text


def test_inside_quotation_is_a_user_option(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(
        '[[entry]]\nid = "q"\nclass = "punctuation"\npattern = "..."\nword_boundary = false\n'
        'inside_quotation = true\nreplacement = "…"\n',
        encoding="utf-8",
    )
    mine = load_glossary([path])
    assert _apply(mine, "wait... “and then...” so") == "wait... “and then…” so"
