from pathlib import Path

import pytest

from transforms.truecase import (
    CasingLexicon,
    TruecaseConfig,
    casing_rows,
    changed_phrases,
    count_casing,
    learn_casing,
    learned_forms,
    load_news_casing,
    load_seed_phrases,
    may_hold,
    news_lexicon,
)

SEEDS = Path(__file__).parents[2] / "seeds"


@pytest.fixture(scope="module")
def lexicon() -> CasingLexicon:
    native = [
        p.read_text(encoding="utf-8")
        for p in sorted(SEEDS.glob("*.txt"))
        if not p.name.startswith("002")
    ]
    return CasingLexicon.from_counts(learn_casing(native), load_seed_phrases())


def _fix(lexicon: CasingLexicon, text: str) -> str:
    for edit in reversed(lexicon.truecase(text)):
        text = text[: edit.start] + edit.after + text[edit.end :]
    return text


def test_learn_counts_cased_forms_of_multiword_names():
    counts = learn_casing(
        [
            "He flew to New York on Monday. The White House said the Secretary of State left.",
            "Officials in New York and at the White House were told.",
        ]
    )
    assert counts["new york"] == {"New York": 2}
    assert counts["white house"] == {"White House": 2}
    assert counts["secretary of state"] == {"Secretary of State": 1}
    assert "the white house" not in counts  # leading function word stripped


def test_learn_counts_native_mixed_forms_and_distrusts_them():
    texts = ["the British Government said."] * 3 + ["the British government said."] * 5
    counts = learn_casing(texts)
    assert counts["british government"] == {"British Government": 3, "British government": 5}
    lexicon = CasingLexicon.from_counts(counts)
    assert "british government" not in lexicon.forms


def test_rows_round_trip():
    counts = {"new york": {"New York": 5, "new York": 1}}
    rows = casing_rows(counts)
    assert rows == [("new york", "New York", 5), ("new york", "new York", 1)]
    lexicon = CasingLexicon.from_rows(rows, config=TruecaseConfig(min_share=0.8))
    assert lexicon.forms == {"new york": "New York"}
    assert CasingLexicon.from_rows(rows).forms == {}  # 5/6 below the default 0.95


def test_min_count_needed_without_seed():
    lexicon = CasingLexicon.from_counts({"white house": {"White House": 2}})
    assert lexicon.forms == {}
    lexicon = CasingLexicon.from_counts({"white house": {"White House": 2}}, ["White House"])
    assert lexicon.forms == {"white house": "White House"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Minister of foreign Affairs of Russia", "The Minister of Foreign Affairs of Russia"),
        ("with U.S. Secretary of state John Kerry.", "with U.S. Secretary of State John Kerry."),
        ("Still, in new York the next meeting", "Still, in New York the next meeting"),
        ("in the White house again", "in the White House again"),
        ("The foreign Ministry has called", "The Foreign Ministry has called"),
    ],
    ids=["minister", "secretary", "new-york", "white-house", "foreign-ministry"],
)
def test_broken_casing_is_fixed(lexicon, text, expected):
    assert _fix(lexicon, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "He was a secretary of state for trade.",
        "The white paper was published.",
        "White paper due today.",
        "We ate new york-style pizza.",
        "the foreign minister said.",
        "Russian president Vladimir Putin said",
        "the head of state John Major",
        "SECRETARY OF STATE",
    ],
    ids=[
        "secretary-lower",
        "white-paper",
        "sentence-initial",
        "pizza",
        "minister",
        "title-before-name",
        "state-john",
        "all-caps",
    ],
)
def test_correct_english_is_untouched(lexicon, text):
    assert lexicon.truecase(text) == []


def test_edits_keep_length_and_rule(lexicon):
    edits = lexicon.truecase("the Secretary of state and the foreign Ministry")
    assert [e.rule for e in edits] == ["truecase", "truecase"]
    assert all(len(e.before) == len(e.after) for e in edits)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("work in the support Group.", "work in the Support Group."),
        ("of the bilateral presidential Commission", "of the bilateral Presidential Commission"),
        ("We are the leading Federation in this field", None),
        ("the new Commission met", None),
        ("officials said Party members", None),
        ("the Commission said", None),
        ("the support Group Limited", None),  # the name goes on: not ours to cut
        ("a support group met", None),
    ],
)
def test_head_casing(text, expected):
    from transforms.truecase import default_head_casing

    edits = default_head_casing().edits(text)
    if expected is None:
        assert edits == []
        return
    (edit,) = edits
    assert text[: edit.start] + edit.after + text[edit.end :] == expected
    assert edit.rule == "truecase:head"


def test_a_title_before_a_full_name_and_longer_names_are_left_alone():
    lexicon = CasingLexicon.from_forms(
        {
            "us president george w bush": "US President George W Bush",
            "need for speed": "Need for Speed",
            "no way out": "No Way Out",
            "secretary of state john kerry": "Secretary of State John Kerry",
        }
    )
    assert lexicon.truecase("said US president George W Bush on") == []
    assert lexicon.truecase("games like Need for speed HEAT and") == []
    assert lexicon.truecase("Bykov - No way out : :") == []
    (edit,) = lexicon.truecase("with U.S. Secretary of state John Kerry.")
    assert edit.after == "Secretary of State John Kerry"


def test_casing_counts_of_chunks_add_up_to_the_batch():
    """Workers count their chunks; the sum (less machine-translated documents) is the batch's."""
    native = [
        "Officials at the White House met the British government in New York City.",
        "The White House said a new York City office of the British Government opens.",
        "New York City and the White House agreed on Monday.",
    ]
    translated = ["The white House and the White House spoke to New York City officials."]
    counts = count_casing(native[:1])
    counts.add(count_casing(native[1:] + translated))
    assert learned_forms(counts) == learn_casing(native + translated)
    counts.subtract(count_casing(translated))
    assert learned_forms(counts) == learn_casing(native)
    assert learned_forms(counts)["white house"] == {"White House": 3}


def test_only_texts_holding_a_changed_phrase_can_be_cased_differently():
    """The repair stage re-runs, after taking machine-translated casing back out, only the
    documents `may_hold` picks: every other text gets the same edits from either lexicon."""
    before = CasingLexicon.from_forms(
        {"new york stock exchange": "New York Stock Exchange", "white house": "White House"}
    )
    after = CasingLexicon.from_forms(
        {"new york": "New York", "white house": "White House", "merrill lynch": "Merrill Lynch"}
    )
    changed = changed_phrases(before, after)
    assert changed == {"new york stock exchange", "new york", "merrill lynch"}
    texts = [
        "Shares fell on the new York Stock exchange on Monday.",
        "A new  York office of merrill Lynch opened.",
        "The white House said nothing; New Jersey officials agreed.",
        "York and the stock of a new exchange rose.",  # every word, not the phrase
        "The White house and the Federal reserve met.",
    ]
    held = [may_hold([text], changed) for text in texts]
    assert held == [True, True, False, True, False]
    for text, may in zip(texts, held, strict=True):
        if not may:
            assert before.truecase(text) == after.truecase(text)
    assert before.truecase(texts[1]) != after.truecase(texts[1])
    assert not may_hold(texts, set())


def test_shipped_news_casing_is_small_and_merges_with_the_warehouse():
    path = Path(__file__).parents[2] / "transforms" / "glossaries" / "casing_news_en.txt"
    assert path.stat().st_size < 512 * 1024
    news = load_news_casing()
    assert len({key for key, _, _ in news.rows}) > 2000
    lexicon = news_lexicon()
    assert lexicon.forms["white house"] == "White House"
    assert lexicon.forms["state department"] == "State Department"
    learned = news_lexicon([("wirehouse street", "Wirehouse Street", 5)])
    assert learned.forms["wirehouse street"] == "Wirehouse Street"
    assert "wirehouse street" not in lexicon.forms


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The white house declined to comment.", "The White House declined to comment."),
        (
            "Officials at the Pentagon and the white house met.",
            "Officials at the Pentagon and the White House met.",
        ),
        ("It was adopted by the united nations.", "It was adopted by the United Nations."),
        (
            "The decision of the european commission was final.",
            "The decision of the European Commission was final.",
        ),
        ("A ukrainian soldier was hurt.", "A Ukrainian soldier was hurt."),
        ("They live in a white house by the sea.", "They live in a white house by the sea."),
        ("The family painted the white house blue.", "The family painted the white house blue."),
        ("The state department of health said so.", "The state department of health said so."),
        (
            "The foreign ministry said it was studying the note.",
            "The foreign ministry said it was studying the note.",
        ),
    ],
    ids=lambda value: value[:30],
)
def test_lower_case_names_are_capitalised_where_natives_never_write_them_so(text, expected):
    lexicon = news_lexicon()
    out, cursor = [], 0
    for edit in lexicon.lowercase_edits(text):
        out += [text[cursor : edit.start], edit.after]
        cursor = edit.end
    assert "".join([*out, text[cursor:]]) == expected


def test_an_acronym_before_a_common_noun_is_not_a_broken_name():
    lexicon = news_lexicon()
    assert lexicon.truecase("The BBC news website was redesigned.") == []
    assert [e.after for e in lexicon.truecase("A spokesman for the State department said.")] == [
        "State Department"
    ]
