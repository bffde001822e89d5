import pytest

from transforms.names import extract_names, name_key


def test_people_places_and_organisations():
    names = extract_names(
        "Lindsay Lohan checks into Betty Ford Center",
        [
            "After skipping rehab, Lindsay Lohan has checked into the Betty Ford Center on "
            "Tuesday, her lawyer said in Los Angeles.",
            "U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in "
            "Moscow, Russia, on March 24 to talk about Syria.",
        ],
    )
    for expected in [
        "lindsay lohan",
        "lohan",
        "betty ford center",
        "los angeles",
        "john kerry",
        "kerry",
        "sergei lavrov",
        "lavrov",
        "moscow",
        "russia",
        "syria",
    ]:
        assert expected in names
    for excluded in ["after", "tuesday", "march", "secretary", "center", "foreign", "minister"]:
        assert excluded not in names


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("Following the talks, Kerry flew home. Kerry said it went well.", "following"),
        ("Finally the talks ended in Geneva.", "finally"),
        ("The meeting in Geneva ended late.", "the"),
        ("SECRETARY KERRY: Thank you, Sergey.", "secretary kerry"),
    ],
    ids=["sentence-initial-verb", "sentence-initial-adverb", "article", "transcript-label"],
)
def test_sentence_initial_common_words_are_not_names(text, absent):
    assert absent not in extract_names(None, [text])


def test_title_case_headline_adds_only_names_the_body_has():
    names = extract_names(
        "Kerry, Lavrov Hold Moscow Talks", ["Kerry met Lavrov in Moscow on Friday."]
    )
    assert names == ["kerry", "lavrov", "moscow"]


def test_name_key_folds_case_accents_and_periods():
    assert name_key("U.S.") == "us"
    assert name_key("François  Hollande") == "francois hollande"


def test_the_labels_of_a_table_of_figures_are_no_names():
    # every row of an earnings table opens with its label in capitals: that is no sentence
    # opener and no name, so two companies' tables share no name through their labels
    names = extract_names(
        "QUANTUM CORP <QNTM.O> 2ND QTR NET",
        [
            "Shr 12 cts vs 41 cts",
            "Net 518,000 vs 5,167,000",
            "Revs 49.5 mln vs 29.6 mln",
            "Avg shrs 4,300,000 vs 4,100,000",
            "Quantum Corp said Kerry Lavrov would run its unit in Milpitas, near Boston.",
            "Net 1.2 mln Quantum Corp",
        ],
    )
    assert not {"shr", "net", "revs", "avg"} & set(names)
    assert {"quantum corp", "kerry lavrov", "milpitas", "boston"} <= set(names)
    # a row holding a name the running text has keeps it; a row's own names are left out
    assert "quantum corp" in extract_names(
        None, ["Quantum Corp 12 cts vs 41 cts", "Quantum Corp gained."]
    )
    assert extract_names(None, ["Zenith 12 cts vs 41 cts"]) == []
