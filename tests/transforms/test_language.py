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


def test_document_language_and_confidence():
    result = detect_language(doc(ENGLISH, ENGLISH))
    assert result.language == "en"
    assert 0.9 < result.language_confidence <= 1.0
    assert result.paragraph_languages == ["en", "en"]


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
