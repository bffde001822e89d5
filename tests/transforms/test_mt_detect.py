from pathlib import Path

import pytest

from transforms.mt_detect import MTDetectConfig, paragraph_evidence, score_machine_translation
from transforms.truecase import CasingLexicon, learn_casing, load_seed_phrases

SEEDS = Path(__file__).parents[2] / "seeds"


def _paragraphs(path: Path) -> list[str]:
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n")]
    return [b for b in blocks if len(b.split()) >= 4]


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_only_the_machine_translated_sample_is_flagged(glossary, lexicon, prefix):
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    verdict = score_machine_translation(_paragraphs(path), glossary, lexicon)
    assert verdict.flagged is (prefix == "002")
    assert 0.0 <= verdict.score <= 1.0
    if prefix == "002":
        assert verdict.score > 0.9
        assert verdict.evidence["glossary:acronym:MGPS"] == 2
        assert verdict.evidence["casing_broken"] >= 5
        assert {"dialogue_dash", "editor_note", "transliteration"} <= set(verdict.evidence)
    else:
        assert verdict.evidence == {}


def test_paragraph_scores_align_with_paragraphs(glossary, lexicon):
    (path,) = SEEDS.glob("002_*.txt")
    paragraphs = _paragraphs(path)
    verdict = score_machine_translation(paragraphs, glossary, lexicon)
    assert len(verdict.paragraph_scores) == len(paragraphs)
    assert max(verdict.paragraph_scores) > 0.9


@pytest.mark.parametrize(
    ("text", "feature"),
    [
        ("He said «yes» to it.", "guillemets"),
        ("Decree № 5 was signed.", "numero_sign"),
        ("“It is hard”, – said the minister.", "dialogue_dash"),
        ("this group (of support for Syria – approx.) formed", "editor_note"),
        ("he arrived in may 2015 in Sochi", "lowercase_month_year"),
        ("the word Привет was used", "cyrillic"),
        ("with the dzhebhat fighters", "transliteration"),
    ],
    ids=lambda value: value[:20],
)
def test_each_feature_fires(glossary, lexicon, text, feature):
    assert feature in paragraph_evidence(text, glossary, lexicon)


@pytest.mark.parametrize(
    "text",
    [
        "He played a backhand to the stockholders in Stockholm.",
        "You may 2 leave; they may 2015-proof it.",
    ],
    ids=["lookalikes", "may"],
)
def test_english_lookalikes_are_not_evidence(glossary, lexicon, text):
    assert paragraph_evidence(text, glossary, lexicon) == {}


def test_a_single_feature_never_flags(glossary, lexicon):
    text = ["Decree № 5 and № 6 and № 7 and № 8 were signed. " * 3]
    verdict = score_machine_translation(text, glossary, lexicon)
    assert verdict.score > 0.5
    assert not verdict.flagged
    assert score_machine_translation(
        text, glossary, lexicon, MTDetectConfig(min_features=1)
    ).flagged


def test_empty_document(glossary, lexicon):
    verdict = score_machine_translation([], glossary, lexicon)
    assert (verdict.score, verdict.flagged, verdict.paragraph_scores) == (0.0, False, [])


BBC = Path(__file__).parents[3] / "shared" / "data" / "bbc-news"


@pytest.mark.shared_data
@pytest.mark.skipif(not BBC.is_dir(), reason="needs ../shared/data/bbc-news")
def test_false_positive_rate_on_bbc_news_is_below_one_percent(glossary):
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(BBC.glob("*/*.txt"))]
    lexicon = CasingLexicon.from_counts(learn_casing(texts), load_seed_phrases())
    flagged = sum(
        score_machine_translation(
            [line for line in text.split("\n") if line.strip()], glossary, lexicon
        ).flagged
        for text in texts
    )
    print(f"BBC News: {flagged}/{len(texts)} flagged as machine-translated")
    assert len(texts) == 2225
    assert flagged / len(texts) < 0.01
