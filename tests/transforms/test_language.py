import pytest

from transforms.language import detect_language, dominant_script
from transforms.records import Document

ENGLISH = (
    "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State John Kerry in Moscow on "
    "Thursday, and the two men spoke for almost four hours about Syria and Ukraine."
)
GERMAN = (
    "Der russische Außenminister traf sich am Donnerstag in Moskau mit seinem amerikanischen "
    "Amtskollegen, und die beiden sprachen fast vier Stunden lang über Syrien und die Ukraine."
)
RUSSIAN = (
    "Министр иностранных дел России Сергей Лавров провёл переговоры с госсекретарём США в Москве."
)


def doc(*paragraphs: str) -> Document:
    return Document("d", "p", "s", "text", "", "t", list(paragraphs))


# News prose in other Latin-script languages: their share of English function words stays
# far below the English threshold, so langdetect decides them.
FOREIGN = {
    "de": GERMAN,
    "fr": "Le ministre russe des Affaires étrangères, Sergueï Lavrov, a rencontré jeudi à Moscou "
    "son homologue américain John Kerry. Les deux hommes ont parlé pendant près de quatre heures "
    "de la guerre en Syrie et de la situation en Ukraine. Il s'agit de la première rencontre "
    "depuis le début du cessez-le-feu, entré en vigueur en février. On a fait des progrès.",
    "es": "El ministro de Asuntos Exteriores de Rusia, Serguéi Lavrov, se reunió el jueves en "
    "Moscú con su homólogo estadounidense John Kerry. Los dos hablaron durante casi cuatro "
    "horas sobre la guerra en Siria y la situación en Ucrania. Es la primera reunión desde el "
    "inicio del alto el fuego, que entró en vigor en febrero. No hay una solución fácil.",
    "nl": "De Russische minister van Buitenlandse Zaken Sergej Lavrov heeft donderdag in Moskou "
    "zijn Amerikaanse ambtgenoot John Kerry ontmoet. De twee spraken bijna vier uur over de "
    "oorlog in Syrië en de situatie in Oekraïne. Het was de eerste ontmoeting sinds het begin "
    "van het staakt-het-vuren, dat in februari in werking trad. Er is veel werk gedaan.",
    "da": "Ruslands udenrigsminister Sergej Lavrov mødtes torsdag i Moskva med sin amerikanske "
    "kollega John Kerry. De to talte i næsten fire timer om krigen i Syrien og situationen i "
    "Ukraine. Det var det første møde siden våbenhvilen trådte i kraft i februar. Vi har gjort "
    "fremskridt, sagde Kerry til pressen over for journalister.",
}


def test_english_prose_is_decided_by_its_function_words_without_langdetect():
    prose = (
        "The talks were the first since the ceasefire came into force in February, and both "
        "sides said they had made more progress than they had expected. It is not yet clear "
        "when the next round will take place, but officials said that it would be soon."
    )
    result = detect_language(doc(prose, ENGLISH))
    assert (result.language, result.language_method) == ("en", "stopwords")
    assert result.language_confidence is None
    assert result.paragraph_languages == ["en", "en"]


def test_short_english_text_goes_to_langdetect_with_its_probability():
    result = detect_language(doc(ENGLISH))  # 28 words: too few for the stop-word rule
    assert (result.language, result.language_method) == ("en", "langdetect")
    assert 0.9 < result.language_confidence <= 1.0


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_other_latin_languages_never_take_the_english_shortcut(language):
    text = FOREIGN[language]
    result = detect_language(doc(text, text))
    assert (result.language, result.language_method) == (language, "langdetect")


def test_foreign_paragraph_inside_english_article_is_marked():
    result = detect_language(doc(ENGLISH, RUSSIAN, GERMAN, ENGLISH))
    assert result.language == "en"
    assert result.paragraph_languages == ["en", "ru", "de", "en"]


def test_detection_is_deterministic():
    text = "Kerry Lavrov Moscow talks Syria"
    assert {detect_language(doc(text)).language for _ in range(5)} == {
        detect_language(doc(text)).language
    }


def test_dominant_script():
    assert dominant_script(RUSSIAN) == "CYRILLIC"
    assert dominant_script(ENGLISH) == "LATIN"
    assert dominant_script("123 456") is None


@pytest.mark.parametrize(
    "paragraph",
    [
        "Gordon, Webster, Miller, Hartley, Neilson, McAllister, Simmons (MacFarlane 64), Wilson.",
        "Shr 35 cts vs 44 cts, Net 1,311,000 vs 1,619,000, Revs 125.2 mln vs 117.2 mln",
    ],
    ids=["team sheet", "results table"],
)
def test_names_and_figures_keep_the_document_language(paragraph):
    # langdetect calls these German and Swedish: they hold too few lower-case running words
    # to show a language, so they take the article's
    prose = (
        "The talks were the first since the ceasefire came into force in February, and both "
        "sides said they had made more progress than they had expected. It is not yet clear "
        "when the next round will take place, but officials said that it would be soon."
    )
    result = detect_language(doc(prose, paragraph, GERMAN))
    assert result.paragraph_languages == ["en", "en", "de"]
