import codecs

import pytest

from transforms.decode import DecodeConfig, decode_bytes, detect_format
from transforms.records import Rejection

RUSSIAN = "Министр иностранных дел России Сергей Лавров проведёт переговоры в Москве."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("a.html", "html"),
        ("b.HTM", "html"),
        ("c.txt", "text"),
        ("d.md", "markdown"),
        ("e.pdf", None),
        ("noext", None),
    ],
)
def test_detect_format(name, expected):
    assert detect_format(name) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("plain UTF-8 — with dashes".encode(), "plain UTF-8 — with dashes"),
        (codecs.BOM_UTF8 + b"with BOM", "with BOM"),
        ("UTF-16 text".encode("utf-16"), "UTF-16 text"),
        ((RUSSIAN * 5).encode("cp1251"), RUSSIAN * 5),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1251"],
)
def test_decodes_common_encodings(data, expected):
    assert decode_bytes(data, "a.txt", "text") == expected


def test_html_meta_charset_is_honoured():
    html = '<html><head><meta charset="windows-1251"></head><body>Привет, мир</body></html>'
    assert "Привет" in decode_bytes(html.encode("cp1251"), "a.html", "html")


def test_invalid_utf8_still_decodes_to_text():
    data = "Caf\u00e9 society in the capital's old quarter, said the mayor.".encode("latin-1")
    text = decode_bytes(data, "a.txt", "text")
    assert isinstance(text, str) and "society" in text


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "decode_empty"),
        (b"  \n\t ", "decode_empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "decode_binary"),
        (b"%PDF-1.7 ...", "decode_binary"),
        (bytes(range(1, 32)) * 3, "decode_binary"),
        (b"x" * 101, "decode_too_large"),
    ],
    ids=["empty", "whitespace", "png", "pdf", "junk", "too-large"],
)
def test_refusals_carry_their_code(data, code):
    result = decode_bytes(data, "bad.html", "html", DecodeConfig(max_bytes=100))
    assert isinstance(result, Rejection)
    assert result.code == code
    assert result.path == "bad.html"
    assert result.detail


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a \xa315.8m signing from Porto, the club said on Monday.", "a £15.8m signing"),
        (b"Caf\xe9 society \x93quoted\x94 in the capital's old quarter.", "Café society “quoted”"),
        (
            "Kerry’s visit — the third in a year — began on Wednesday in Moscow, where the "
            "secretary of state met his Russian counterpart for four hours".encode()
            + b" \xff stray",
            "Kerry’s visit — the third",
        ),
    ],
    ids=["latin1-pound", "cp1252-quotes", "utf8-with-a-bad-byte"],
)
def test_mostly_ascii_text_with_stray_bytes_keeps_its_characters(data, expected):
    text = decode_bytes(data, "a.txt", "text")
    assert isinstance(text, str)
    assert expected in text
