import pytest

from transforms.normalize import normalize_text, split_joined_sentences


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Kerry\u00e2\u20ac\u2122s visit", "Kerry’s visit"),
        ("a\u00a0b\u202fc\u2009d", "a b c d"),
        ("zero\u200bwidth\ufeff soft\u00adhyphen", "zerowidth softhyphen"),
        ("one\r\ntwo\rthree", "one\ntwo\nthree"),
        ("many   spaces\t\there  \nnext", "many spaces here\nnext"),
        ("“curly” ‘quotes’ stay", "“curly” ‘quotes’ stay"),
        ("digits 3.5 and ½ and 2,000", "digits 3.5 and ½ and 2,000"),
        ("", ""),
    ],
    ids=[
        "mojibake",
        "unicode-spaces",
        "invisible",
        "newlines",
        "space-runs",
        "quotes",
        "digits",
        "empty",
    ],
)
def test_normalize_text(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


def test_normalize_text_keeps_line_structure() -> None:
    assert normalize_text("a\n\nb\n").split("\n") == ["a", "", "b", ""]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("rebel camps.Last month", "rebel camps. Last month"),
        ("he said.“The end", "he said. “The end"),
        ("was “serious.”Then", "was “serious.” Then"),
        ("the U.S. and U.S.-led forces", "the U.S. and U.S.-led forces"),
        ("grew 3.5 percent", "grew 3.5 percent"),
        ("see themoscowtimes.com and Node.js", "see themoscowtimes.com and Node.js"),
        ("visit https://example.com/News.Html today", "visit https://example.com/News.Html today"),
        ("write to a.b@imedia.ru now", "write to a.b@imedia.ru now"),
        ("allies, e.g.The UK", "allies, e.g.The UK"),
        ("www.Reuters.com", "www.Reuters.com"),
    ],
    ids=[
        "glued",
        "open-quote",
        "close-quote",
        "us",
        "decimal",
        "domains",
        "url",
        "email",
        "eg",
        "www",
    ],
)
def test_split_joined_sentences(raw: str, expected: str) -> None:
    assert split_joined_sentences(raw) == expected


FTFY_CASES = [
    "plain ascii line\nanother one\n",
    "CafÃ© au lait\nplain\nâ€œquotedâ€\x9d\n",
    "Tom &amp; Jerry\nplain\n",
    "<p>a tag line</p>\nTom &amp; Jerry after the tag\n",  # '<' switches HTML unescaping off
    "Tom &amp; Jerry\n<b>then a tag</b>\nand &lt;here&gt;\n",
    "bell\x07 and escape \x1b[31mred\x1b[0m\nplain\n",
    "windows\r\nline ends\rold mac\n",
    "tab\tinside\nnbsp\u00a0and ligature \ufb01ne\n",
    "no final newline, non-ascii: Zoë",
    "",
]


@pytest.mark.fast
@pytest.mark.parametrize("text", FTFY_CASES)
def test_ftfy_line_by_line_gives_what_ftfy_gives(text):
    """The lines passed by (printable ASCII but '&') are lines ftfy leaves unchanged, and
    its HTML switch carries over the lines as in ftfy."""
    import ftfy

    from transforms.normalize import _FTFY_CONFIG, _fix_text

    assert _fix_text(text) == ftfy.fix_text(text, _FTFY_CONFIG)
