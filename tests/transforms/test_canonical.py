import pytest

from transforms.canonical import canonical_person_names, name_mentions, variant_key


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sergey Lavrov", "Sergei Lavrov"),  # ey/ei
        ("Dmitriy Peskov", "Dmitry Peskov"),  # iy/y
        ("Yevgeny Primakov", "Evgeny Primakoff"),  # ye-/e-, -ov/-off
        ("Mikhail Khodorkovsky", "Mihail Hodorkovskiy"),  # kh/h, -sky/-skiy
        ("Aleksandr Grushko", "Alexander Grushko"),  # ks/x, -dr/-der
        ("Gennady Zyuganov", "Genady Ziuganov"),  # doubled consonants, yu/iu
        ("Pyotr Tolstoy", "Petr Tolstoi"),  # yo/e
    ],
)
def test_transliteration_variants_share_a_key(a, b):
    assert variant_key(a) == variant_key(b)


@pytest.mark.parametrize(("a", "b"), [("Sergei Lavrov", "Sergei Ivanov"), ("Ivan", "Ivana")])
def test_different_names_keep_different_keys(a, b):
    assert variant_key(a) != variant_key(b)


def test_name_mentions_cut_titles_and_places():
    paragraphs = [
        "The Minister of Foreign Affairs of Russia Sergey Lavrov met John Kerry.",
        "Sergei Lavrov and Staffan de Mistura spoke at the White House.",
    ]
    assert [(o, s) for o, s, _ in name_mentions(paragraphs)] == [
        (0, "Sergey Lavrov"),
        (0, "John Kerry"),
        (1, "Sergei Lavrov"),
        (1, "Staffan de Mistura"),
    ]


def test_canonical_person_names():
    names = ["Sergey Lavrov", "Sergei Lavrov", "Sergei Lavrov", "Mihail Hodorkovskiy"]
    names += ["Mikhail Khodorkovsky", "Mikhail Khodorkovsky", "John Kerry"]
    mapping = canonical_person_names(names)
    assert mapping["Sergey Lavrov"] == "Sergei Lavrov"
    assert mapping["Mihail Hodorkovskiy"] == "Mikhail Khodorkovsky"
    assert mapping["John Kerry"] == "John Kerry"
