"""Dump rules that read structure: code listings and content lists inside an article, promos,
disclosures and comment rules, reader comments, labels between the headline and the article,
and markdown links that html2text wrapped."""

from __future__ import annotations

import pytest

from transforms.chrome import strip_chrome
from transforms.dumps import clean_dump
from transforms.dumps.features import is_code
from transforms.records import CleanArticle, PartialDate

MENU = ["Home", "World", "Business", "Sport", "Sign in"]
INTRO = [
    "Python keeps one object for each small integer, so two names that hold the same small "
    "number point at the same object in memory, which you can check in the interpreter.",
    "The lower-level route goes through the ctypes module, which lets a program read and write "
    "the memory behind an object when it knows the address of that object.",
]
OUTRO = (
    "Note that depending on the version of Python the value of the integer may be stored at a "
    "different offset, so the example above may print another number on your machine."
)
CODE = [
    "import ctypes",
    "def deref(addr, type_):",
    "return ctypes.cast(addr, ctypes.POINTER(type_))",
    "deref(id(29), ctypes.c_int)[4] = 100",
    "29",
    "29*100",
]
FOOTER = ["About us", "Contact", "Privacy"]


def _clean(text: str, fmt: str = "text") -> CleanArticle:
    article = clean_dump(text, fmt)
    assert isinstance(article, CleanArticle)
    return article


def _text(lines: list[str]) -> str:
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize(
    "line",
    [
        "import numpy as np",
        "from collections import namedtuple",
        "result = [x for x in data]",
        "client.connect((host, port))",
        "$ pip install requests",
        "pip install yapapi",
        "});",
        "25+4",
    ],
)
def test_code_lines_are_told_by_their_syntax(line: str) -> None:
    assert is_code(line)


@pytest.mark.parametrize(
    "line",
    [
        "Call print() to see the value of the variable.",
        "From the start the council said it would pay (in part) for the bridge",
        "Import duties rose by 5% in 2019",
        "Sammi Cheng (18)",
        "2016",
    ],
)
def test_prose_and_labels_are_no_code(line: str) -> None:
    assert not is_code(line)


def test_text_dump_keeps_code_and_the_paragraph_after_it() -> None:
    article = _clean(_text(["Interning of small integers", *INTRO, *CODE, OUTRO, *FOOTER]))
    assert article.paragraphs[-1] == OUTRO
    assert "deref(id(29), ctypes.c_int)[4] = 100" in "\n".join(article.paragraphs)


def test_markdown_indented_and_fenced_code_are_blocks() -> None:
    indented = "\n".join(f"        {line}" for line in ["import ctypes", "print(29)", "29"])
    fenced = "```\nvalues = [1, 2, 3]\nprint(values)\n```"
    text = "\n\n".join(["# Interning of small integers", INTRO[0], INTRO[1], indented, fenced])
    article = _clean(text + "\n\n" + OUTRO + "\n", "markdown")
    assert article.paragraphs[-1] == OUTRO
    assert "values = [1, 2, 3]" in article.paragraphs
    assert "29" in article.paragraphs


def test_steps_introduced_by_a_colon_after_the_article_stay() -> None:
    steps = [
        "  * Heat the oil in a wok until it smokes.",
        "  * Fry the garlic for a minute, then add the noodles.",
        "  * Serve hot with chillies.",
    ]
    lines = [*MENU, "Stir-fried noodles", *INTRO, "Here is how to cook it:", *steps, *FOOTER]
    article = _clean(_text(lines))
    assert "Serve hot with chillies." in article.paragraphs
    assert "Contact" not in article.paragraphs


@pytest.mark.parametrize(
    "promo",
    [
        "PC Gamer Newsletter",
        "Sign up to get the best content of the week, and great gaming deals.",
        "This post contains references to products from one or more of our advertisers. We may "
        "receive compensation when you click on links to those products.",
        "We ask that comments are civil and free of libellous or hateful material.",
        "Get The Times of Israel's Daily Edition by email and never miss our top stories",
    ],
    ids=["newsletter-box", "sign-up", "advertiser-disclosure", "comment-rules", "daily-edition"],
)
def test_promos_and_disclosures_go_wherever_they_sit(promo: str) -> None:
    before, after = (
        [f"{OUTRO[:-1]}, as paragraph {n} says." for n in r] for r in (range(9), range(9, 18))
    )
    assert strip_chrome([*before, promo, *after]) == [*before, *after]


def test_newsletter_story_is_no_promo() -> None:
    story = (
        "The council's newsletter, which reaches every household in the town, said that the bridge "
        "would open in the spring after a decade of debate."
    )
    around = [f"{OUTRO[:-1]}, as paragraph {n} says." for n in range(10)]
    assert story in strip_chrome([*around, story, *around[::-1]])


def test_reader_comments_after_their_header_go() -> None:
    comments = [
        "11 responses to “Interning of small integers”",
        "Art Edwards says:",
        "This is the best explanation of interning that I have read, thank you for writing it up.",
    ]
    article = _clean(_text([*MENU, "Interning of small integers", *INTRO, OUTRO, *comments]))
    assert article.paragraphs[-1] == OUTRO


def test_comment_count_beside_the_headline_keeps_the_article() -> None:
    lines = ["Interning of small integers", "3 comments on “Interning of small integers”", *INTRO]
    assert _clean(_text(lines)).paragraphs == INTRO


def test_byline_below_the_standfirst_and_labels_above_the_article_go() -> None:
    standfirst = "Follow these expert tips to find out how Python stores the numbers you use most."
    lines = [
        *MENU,
        "Interning of small integers",
        standfirst,
        "By Sarah Yang",
        "Updated May 06, 2019",
        "Social Share",
        *INTRO,
        OUTRO,
    ]
    article = _clean(_text(lines))
    assert article.author == "Sarah Yang"
    assert article.paragraphs == [standfirst, *INTRO, OUTRO]


def test_button_labels_above_the_article_go_and_a_short_sentence_stays() -> None:
    """Up to five words that close no sentence between headline and article are labels."""
    meaning = "Meaning: adjective: overly sentimental."
    lines = ["Interning of small integers", "Jump to RecipePrint Recipe", meaning, *INTRO, OUTRO]
    assert _clean(_text(lines)).paragraphs == [meaning, *INTRO, OUTRO]

    dated = _clean(_text(["Interning of small integers", "May 06, 2022 News", *INTRO, OUTRO]))
    assert dated.date == PartialDate(2022, 5, 6) and dated.date_source == "date_line"
    assert dated.paragraphs == [*INTRO, OUTRO]  # a date line with its section label
    glued = _clean(_text(["Interning of small integers", "Updated21:22, 6 OCT 2020", *INTRO]))
    assert glued.date == PartialDate(2020, 10, 6)  # a stamp whose label is glued to its time
    assert glued.date_source == "date_line" and glued.paragraphs == INTRO


def test_markdown_link_titles_and_wrapped_links() -> None:
    embed = (
        '[ ](https://example.com/p/1 "A berry-licious day with some seasonal grapes from the\n'
        'market, and here is how you can enjoy them to the fullest.")'
    )
    wrapped = "The council published its [report on the\nfloods](https://ex.com/a-\nb) today."
    text = "\n\n".join(["# Interning of small integers", *INTRO, embed, wrapped, OUTRO]) + "\n"
    body = "\n".join(_clean(text, "markdown").paragraphs)
    assert "berry-licious" not in body
    assert "published its report on the floods today." in body


def test_markdown_related_links_inside_the_article_go() -> None:
    """Links with headline-sized titles (up to 12 words) listed inside the article are related
    stories, not text."""
    links = [
        "  * [One storm, two coasts](/news/1)",
        "  * [Four out of five ferries held in port as the winds rise](/news/2)",
    ]
    text = "\n\n".join(["# Interning of small integers", *INTRO, "\n".join(links), OUTRO]) + "\n"
    assert _clean(text, "markdown").paragraphs == [*INTRO, OUTRO]
