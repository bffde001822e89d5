"""Fixtures shared by the repair-stage tests: the shipped glossary, a lexicon of native samples."""

from pathlib import Path

import pytest

from transforms.glossary import default_glossary_paths, load_glossary
from transforms.truecase import CasingLexicon, learn_casing, load_seed_phrases

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


@pytest.fixture(scope="session")
def glossary():
    return load_glossary(default_glossary_paths())


@pytest.fixture(scope="session")
def lexicon():
    """Casing learned from the four native-English samples (002 is machine-translated)."""
    native = [
        p.read_text(encoding="utf-8")
        for p in sorted(SEEDS.glob("*.txt"))
        if not p.name.startswith("002")
    ]
    return CasingLexicon.from_counts(learn_casing(native), load_seed_phrases())
