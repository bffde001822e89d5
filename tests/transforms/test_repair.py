import dataclasses
import time
from pathlib import Path

import pytest

from transforms.canonical import canonical_person_names
from transforms.records import Document
from transforms.repair import (
    RepairConfig,
    repair_document,
    repair_paragraph,
    replay_repairs,
    undo_repairs,
)
from transforms.translit import NameIndex

SEEDS = Path(__file__).parents[2] / "seeds"


def _document(prefix: str) -> Document:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    raw = path.read_text(encoding="utf-8")
    blocks = [b.strip() for b in raw.split("\n\n")]
    paragraphs = [b for b in blocks if len(b.split()) >= 4 and not b.startswith(("#", "<", "By ["))]
    return Document(prefix, str(path), prefix, "text", raw, None, paragraphs)


@pytest.fixture(scope="module")
def repaired_002(glossary, lexicon) -> Document:
    return repair_document(_document("002"), glossary, lexicon)


def test_002_is_flagged_and_repaired(repaired_002):
    assert repaired_002.machine_translated
    assert repaired_002.mt_score > 0.9
    body = repaired_002.body
    for wanted in [
        "ISSG",
        "The IS recognized",
        "Information and Press Department",
        "Gorchakov Public Diplomacy Fund",
        "Putin will receive Kerry",
        "Jabhat al-Nusra",
        "Ahrar al-Sham",
        "Minister of Foreign Affairs",
        "U.S. Secretary of State John Kerry",
        "in New York",
        "in May 2015",
        "The Foreign Ministry has called",
        "White House",
        "International Syria Support Group",
        "countries,” said",
    ]:
        assert wanted in body, wanted
    for unwanted in [
        "MGPS",
        "depodesta",
        "dzhebhat",
        "Secretary of state",
        "new York",
        "White house",
        "foreign Ministry",
        "in may 2015",
        "The IG ",
    ]:
        assert unwanted not in body, unwanted


def test_002_every_edit_is_a_repair_row_and_replays(repaired_002):
    doc = repaired_002
    assert len(doc.repaired_paragraphs) == len(doc.paragraphs)
    assert len(doc.repairs) >= 20
    changed = {
        i
        for i, (a, b) in enumerate(zip(doc.paragraphs, doc.repaired_paragraphs, strict=True))
        if a != b
    }
    assert changed == {r.ordinal for r in doc.repairs}
    for ordinal, raw in enumerate(doc.paragraphs):
        edits = [r for r in doc.repairs if r.ordinal == ordinal]
        repaired = doc.repaired_paragraphs[ordinal]
        assert replay_repairs(raw, edits) == repaired
        assert undo_repairs(repaired, edits) == raw
        for edit in edits:
            assert repaired[edit.start : edit.end] == edit.after
    rules = {r.rule for r in doc.repairs}
    assert {
        "truecase",
        "glossary:acronym:MGPS",
        "glossary:calque:depodesta",
        "glossary:casing:month",
        "punctuation:dialogue_dash",
    } <= rules


def test_002_numbers_untouched(repaired_002):
    for raw, repaired in zip(
        repaired_002.paragraphs, repaired_002.repaired_paragraphs, strict=True
    ):
        assert [c for c in raw if c.isdigit()] == [c for c in repaired if c.isdigit()]


@pytest.mark.parametrize("prefix", ["000", "001", "003", "004"])
def test_native_samples_are_left_alone(glossary, lexicon, prefix):
    doc = _document(prefix)
    out = repair_document(doc, glossary, lexicon)
    assert not out.machine_translated
    assert out.repairs == []
    assert out.repaired_paragraphs == doc.paragraphs


@pytest.mark.parametrize(
    "text",
    [
        "He was a secretary of state for trade.",
        "You may 2 leave.",
        "they may 2015-proof it",
        "the white paper",
        "new york-style pizza",
        "he will come in may",
        "Russian president Vladimir Putin will take part",
    ],
    ids=["secretary", "may-2", "may-2015-proof", "white-paper", "pizza", "in-may", "president"],
)
def test_correct_english_is_untouched_even_when_repairing(glossary, lexicon, text):
    assert repair_paragraph(text, 0, glossary, lexicon) == (text, [])


def test_number_and_punctuation_rules_skip_quotation_insides(glossary, lexicon):
    text, edits = repair_paragraph(
        "«Sales of 2,5 mln», he said of 2,5 mln units.", 3, glossary, lexicon
    )
    assert text == "“Sales of 2,5 mln”, he said of 2.5 million units."
    assert [e.rule for e in edits] == [
        "punctuation:guillemet_open",
        "punctuation:guillemet_close",
        "number:decimal_comma",
        "number:mln",
    ]
    assert replay_repairs("«Sales of 2,5 mln», he said of 2,5 mln units.", edits) == text


def test_glossary_defers_to_truecasing(glossary, lexicon):
    text, edits = repair_paragraph("in the White house the MGPS met", 0, glossary, lexicon)
    assert text == "in the White House the ISSG met"
    assert [e.rule for e in edits] == ["truecase", "glossary:acronym:MGPS"]


def test_repairs_can_be_forced_off_flag(glossary, lexicon):
    native = _document("000")
    doc = dataclasses.replace(native, paragraphs=[*native.paragraphs, "The MGPS met in Vienna."])
    assert repair_document(doc, glossary, lexicon).repairs == []  # one feature alone never flags
    forced = repair_document(doc, glossary, lexicon, RepairConfig(only_flagged=False))
    assert forced.repaired_paragraphs[-1] == "The ISSG met in Vienna."
    assert [r.ordinal for r in forced.repairs] == [len(native.paragraphs)]


def test_non_mt_repair_costs_little(glossary, lexicon):
    doc = _document("004")
    start = time.perf_counter()
    for _ in range(50):
        repair_document(doc, glossary, lexicon)
    assert (time.perf_counter() - start) / 50 < 0.02


def test_canonical_person_names():
    names = [
        "Sergey Lavrov",
        "Sergei Lavrov",
        "Sergei Lavrov",
        "Dmitriy Peskov",
        "Dmitry Peskov",
        "Mikhail Khodorkovsky",
        "Mihail Hodorkovskiy",
        "Aleksei Navalny",
        "Alexey Navalny",
        "John Kerry",
    ]
    mapping = canonical_person_names(names)
    assert mapping["Sergey Lavrov"] == mapping["Sergei Lavrov"] == "Sergei Lavrov"
    assert mapping["Dmitry Peskov"] == mapping["Dmitriy Peskov"]
    assert mapping["Mihail Hodorkovskiy"] == "Mikhail Khodorkovsky"
    assert mapping["Alexey Navalny"] == mapping["Aleksei Navalny"]
    assert mapping["John Kerry"] == "John Kerry"
    assert canonical_person_names(["Sergei Lavrov", "Sergei Ivanov"]) == {
        "Sergei Lavrov": "Sergei Lavrov",
        "Sergei Ivanov": "Sergei Ivanov",
    }


def test_002_known_gaps_are_repaired(repaired_002):
    body = repaired_002.body
    for wanted in [
        "“Islamic State” and “Jabhat al-Nusra”",
        "“Islamic State” (ISIS)",
        "in the Support Group",
        "bilateral Presidential Commission",
        "in the country,” he said. “Now that",
        "against us,” declared in the Ministry. “When",
        "explanations,” it is noted in the commentary. “In turn",
    ]:
        assert wanted in body, wanted


def test_002_evidence_and_paragraph_scores_are_kept(repaired_002):
    doc = repaired_002
    assert doc.mt_evidence["glossary:acronym:MGPS"] == 2
    assert {"casing_broken", "dialogue_dash", "editor_note"} <= set(doc.mt_evidence)
    assert len(doc.paragraph_mt_scores) == len(doc.paragraphs)
    assert max(doc.paragraph_mt_scores) > 0.9
    assert min(doc.paragraph_mt_scores) == 0.0  # "Moscow expects serious ... conversation."
    surfaces = {surface: key for _, surface, key in doc.name_mentions}
    assert surfaces["Sergey Lavrov"] == surfaces["Sergei Lavrov"]


def test_russian_number_and_punctuation_conventions(glossary, lexicon):
    raw = [
        "The budget deficit reached 2,5 mln rubles in 2015, the «Vedomosti» newspaper wrote.",
        "Under decree № 320 exports fell by 3,7% to 1,2 bln dollars, the MCHS said.",
        "The IGIL and the OBSE were discussed by the Russian depodesta on 12 may 2016.",
    ]
    doc = Document("ru", "ru", "ru", "text", "", None, raw)
    out = repair_document(doc, glossary, lexicon)
    assert out.machine_translated
    assert out.repaired_paragraphs == [
        "The budget deficit reached 2.5 million rubles in 2015, the “Vedomosti” newspaper wrote.",
        "Under decree No. 320 exports fell by 3.7% to 1.2 billion dollars, the Emergencies "
        "Ministry said.",
        "The ISIL and the OSCE were discussed by the Russian Foreign Ministry's Information and "
        "Press Department on 12 May 2016.",
    ]
    for ordinal, text in enumerate(raw):
        edits = [r for r in out.repairs if r.ordinal == ordinal]
        assert replay_repairs(text, edits) == out.repaired_paragraphs[ordinal]


@pytest.mark.parametrize(
    "text",
    [
        "Growth slowed to 2.5% in May, down from 3.1%, the Office for National Statistics said.",
        "“We may 2 weeks late,” he said, adding that £1,500 was “a fair price”.",
        "The white paper, published on 3 March, proposes a secretary of state for trade.",
        "Sales rose 4,000 units to 1,250,000 - a record - while shares fell 1.2 points.",
        "The leading federation said the new commission would meet in New York in May 2005.",
        "Islamists want an Islamic state, the report said.",
    ],
)
def test_native_sentences_are_untouched_when_repaired(glossary, lexicon, text):
    assert repair_paragraph(text, 0, glossary, lexicon) == (text, [])
    doc = Document("n", "n", "n", "text", "", None, [text])
    out = repair_document(doc, glossary, lexicon)
    assert not out.machine_translated and out.repairs == []


MT_CONTEXT = (
    "The parties «confirmed the mutual interest», – noted in the press service (the meeting "
    "was held behind closed doors – approx.)."
)


def _repaired(text: str, glossary, lexicon) -> Document:
    doc = Document("mt", "mt", "mt", "text", "", None, [MT_CONTEXT, text])
    out = repair_document(doc, glossary, lexicon)
    assert out.machine_translated
    for ordinal, raw in enumerate(doc.paragraphs):
        edits = [r for r in out.repairs if r.ordinal == ordinal]
        assert replay_repairs(raw, edits) == out.repaired_paragraphs[ordinal]
        assert undo_repairs(out.repaired_paragraphs[ordinal], edits) == raw
    return out


def test_the_first_machine_translated_article_gets_the_shipped_knowledge(
    glossary, first_article_lexicon
):
    """A warehouse that has loaded no native document yet: casing, names and abbreviations
    come from the shipped news casing, gazetteer and glossary."""
    text = (
        "The white house declined to comment, and the State department said on june 10 that "
        "Dzhon Kerri would meet the SB OON in Vashington on 5 october; 15 thous. people "
        "marched in 2015 g."
    )
    out = _repaired(text, glossary, first_article_lexicon)
    assert out.repaired_paragraphs[1] == (
        "The White House declined to comment, and the State Department said on June 10 that "
        "John Kerry would meet the UN Security Council in Washington on 5 October; 15,000 "
        "people marched in 2015."
    )
    rules = {r.rule for r in out.repairs if r.ordinal == 1}
    assert {"truecase", "truecase:lowercase", "name:translit", "number:year_suffix"} <= rules


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The report «Red lines of „hybrid war“» was withdrawn.",
            "The report “Red lines of ‘hybrid war’” was withdrawn.",
        ),
        ("The company „Rosneft“ signed.", "The company “Rosneft” signed."),
        ("– We will not allow this, – Lavrov said.", "“We will not allow this,” Lavrov said."),
        (
            "– Prices will hold, – the minister said. – We have reserves.",
            "“Prices will hold,” the minister said. “We have reserves.”",
        ),
        ("«We expect an answer», – stressed Peskov.", "“We expect an answer,” stressed Peskov."),
        ("He said «2,5 mln» twice.", "He said “2,5 mln” twice."),  # never inside a quotation
    ],
    ids=lambda value: value[:24],
)
def test_russian_quotation_marks_and_dialogue(glossary, lexicon, text, expected):
    assert _repaired(text, glossary, lexicon).repaired_paragraphs[1] == expected


def test_an_ambiguous_name_is_counted_not_repaired(glossary, lexicon):
    lexicon = dataclasses.replace(lexicon)
    lexicon.memo["names"] = NameIndex.build(["John Smith", "Jon Smit"])
    out = _repaired("Dzhon Smit said it twice.", glossary, lexicon)
    assert out.repaired_paragraphs[1] == "Dzhon Smit said it twice."
    assert out.repair_skips == {"name:ambiguous": 1}


def test_native_documents_record_no_skips(glossary, lexicon):
    out = repair_document(_document("000"), glossary, lexicon)
    assert out.repair_skips == {} and out.repairs == []
