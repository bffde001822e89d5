import pytest

from transforms.translit import NameIndex, match_names, name_key, shipped_names


def _fix(text: str, *names: str) -> str:
    indexes = [shipped_names(), NameIndex.build(names)] if names else [shipped_names()]
    out, cursor = [], 0
    for edit in match_names(text, indexes).edits:
        out += [text[cursor : edit.start], edit.after]
        cursor = edit.end
    return "".join([*out, text[cursor:]])


@pytest.mark.parametrize(
    ("english", "romanized"),
    [
        ("John Kerry", "Dzhon Kerri"),
        ("Barack Obama", "Barak Obama"),
        ("Joe Biden", "Dzho Baiden"),
        ("Washington", "Vashington"),
        ("Theresa May", "Tereza Mei"),
        ("William Hague", "Uil'yam Kheig"),
        ("Olaf Scholz", "Olaf Sholts"),
        ("Geneva", "Zheneva"),
        ("Angela Merkel", "Angela Merkel'"),
    ],
)
def test_an_english_spelling_and_its_romanization_share_a_key(english, romanized):
    assert name_key(english) == name_key(romanized)


def test_the_shipped_gazetteer_is_large():
    assert len(shipped_names().names) >= 2000


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dzhon Kerri arrived in Moscow.", "John Kerry arrived in Moscow."),
        ("Vice President Dzho Baiden spoke.", "Vice President Joe Biden spoke."),
        ("Barak Obama signed it.", "Barack Obama signed it."),
        ("The delegation flew to Vashington.", "The delegation flew to Washington."),
        ("Dzhon Kerri's visit ended.", "John Kerry's visit ended."),
    ],
)
def test_romanized_names_get_their_english_spelling(text, expected):
    assert _fix(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Jon Carey, a farmer from Devon, sold his land.",  # English already: c
        "Sergey Lavrov met Sergei Lavrov's deputy.",  # Russian names: any romanization
        "Aleksei Navalny's team published the video.",
        "The Chicago Bulls won the game.",  # a word inside a longer name
        "Mr O'Brien said 'Beijing' twice.",  # Irish O', a quoted word
        "Its shares fell. Opel sales rose.",  # English words, no romanization
        "AAPL and GUYANA are in capitals.",
    ],
)
def test_english_and_russian_names_are_left_alone(text):
    assert _fix(text) == text


def test_names_the_warehouse_learned_are_matched_too():
    assert _fix("Minister Dzheyms Uotson left.", "James Watson") == "Minister James Watson left."


def test_an_ambiguous_name_is_left_alone_and_counted():
    matches = match_names("Dzhon Smit spoke.", [NameIndex.build(["John Smith", "Jon Smit"])])
    assert matches.edits == [] and matches.ambiguous == 1


def test_edits_are_spans_of_the_text():
    text = "Then Dzhon Kerri met Barak Obama."
    for edit in match_names(text, [shipped_names()]).edits:
        assert text[edit.start : edit.end] == edit.before
        assert edit.rule == "name:translit"
