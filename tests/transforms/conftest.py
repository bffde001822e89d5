"""Fixtures shared by the repair-stage tests: the shipped glossary, and the casing lexicon the
repair stage uses: the shipped news casing plus what a warehouse of the native samples learns."""

from pathlib import Path

import pytest

from transforms.glossary import default_glossary_paths, load_glossary
from transforms.truecase import casing_rows, learn_casing, news_lexicon

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def glossary():
    return load_glossary(default_glossary_paths())


@pytest.fixture(scope="session")
def lexicon():
    """Casing learned from the four native-English samples (002 is machine-translated), merged
    with the shipped news casing, as the repair stage merges what a warehouse learned."""
    native = [
        p.read_text(encoding="utf-8")
        for p in sorted(SEEDS.glob("*.txt"))
        if not p.name.startswith("002")
    ]
    return news_lexicon(casing_rows(learn_casing(native)))


@pytest.fixture(scope="session")
def first_article_lexicon():
    """What a warehouse whose first article is machine-translated has: the shipped casing."""
    return news_lexicon()
