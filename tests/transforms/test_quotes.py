import pytest

from transforms.quotes import clean_speaker, extract_quotes, quote_id

STATEMENT = "We will keep working on a ceasefire in Syria"


@pytest.mark.parametrize(
    ("paragraph", "speaker"),
    [
        (f'"{STATEMENT}," Kerry said on Thursday.', "Kerry"),
        (f"“{STATEMENT},” said Secretary of State John Kerry.", "John Kerry"),
        (f"Kerry told reporters: “{STATEMENT}.”", "Kerry"),
        (f"According to John Kerry, «{STATEMENT}».", "John Kerry"),
        (f"„{STATEMENT}“, the diplomat Sergei Lavrov told the agency.", "Sergei Lavrov"),
        (f'"{STATEMENT}," he said.', None),
        (f'"{STATEMENT}." The talks went on.', None),
    ],
    ids=[
        "name-said",
        "said-title-name",
        "name-said-colon",
        "according-to",
        "low-9",
        "pronoun",
        "unattributed",
    ],
)
def test_quote_and_speaker(paragraph, speaker):
    quotes = extract_quotes(["Intro paragraph.", paragraph])
    assert len(quotes) == 1
    assert quotes[0].ordinal == 1
    assert quotes[0].text.rstrip(".") == STATEMENT
    assert quotes[0].speaker == speaker


def test_same_words_same_id_whatever_the_marks():
    a = extract_quotes([f'"{STATEMENT}," Kerry said.'])[0]
    b = extract_quotes([f"«{STATEMENT.upper()}», said Kerry."])[0]
    assert a.quote_id == b.quote_id == quote_id(STATEMENT)


def test_scare_quotes_and_titles_are_not_quotations():
    assert extract_quotes(['The "zero-day" flaw hit the "American Pie" star.']) == []


def test_a_quote_printed_twice_in_one_article_counts_once():
    paragraph = f'"{STATEMENT}," Kerry said.'
    quotes = extract_quotes([paragraph, "Middle.", paragraph])
    assert [q.ordinal for q in quotes] == [0]


def test_clean_speaker_drops_titles_and_pronouns():
    assert clean_speaker("Russian Foreign Minister Sergei Lavrov") == "Sergei Lavrov"
    assert clean_speaker("He") is None
    assert clean_speaker(None) is None
