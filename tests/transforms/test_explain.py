"""What `wirehouse explain` prints, as pure functions: a dump from its drop rows (or, loaded
before drops were recorded, from its body), an HTML page's text lines against its body."""

from __future__ import annotations

import pytest

from transforms.explain import explain_dump, explain_html, realign_dump
from transforms.page_lines import page_lines
from transforms.records import DroppedLine

pytestmark = pytest.mark.fast

DUMP = "Home\n\nQuake hits off Peru coast\n\nThe quake struck on Sunday.\n\nShare this"
PAGE = """<html><head><title>Quake | News</title><style>p {color: red}</style></head>
<body><nav><ul><li><a href="/">Home</a></li><li>World</li></ul></nav>
<h1>Quake hits off Peru coast</h1><!-- a comment -->
<p>The quake struck on <b>Sunday</b>, officials said.<br>No damage was reported.</p>
<div>Share this<script>track()</script> story</div></body></html>"""


def test_a_dump_is_its_lines_kept_unless_a_drop_row_names_them():
    drops = [DroppedLine(1, "Home", "short_line"), DroppedLine(3, "Quake...", "title")]
    lines = explain_dump(DUMP, drops)
    assert [(line.line_no, line.reason) for line in lines] == [
        (1, "short_line"),
        (3, "title"),
        (5, "kept"),
        (7, "kept"),
    ]
    assert lines[2].text == "The quake struck on Sunday." and lines[2].kept


def test_a_dump_without_drop_rows_is_realigned_with_its_body():
    lines = realign_dump(DUMP, "text", "The quake struck on Sunday.")
    assert [(line.line_no, line.reason) for line in lines] == [
        (1, "not_in_body"),
        (3, "not_in_body"),
        (5, "kept"),
        (7, "not_in_body"),
    ]


def test_page_lines_break_at_blocks_and_leave_out_what_no_reader_sees():
    assert page_lines(PAGE) == [
        "Home",
        "World",
        "Quake hits off Peru coast",
        "The quake struck on Sunday, officials said.",
        "No damage was reported.",
        "Share this story",
    ]
    assert page_lines("") == []


def test_an_html_page_marks_its_lines_against_the_body_trafilatura_returned():
    body = "The quake struck on Sunday, officials said.\nNo damage was reported."
    lines = explain_html(PAGE, body, "Quake hits off Peru coast | News")
    assert [(line.text, line.reason) for line in lines] == [
        ("Home", "not_in_body"),
        ("World", "not_in_body"),
        ("Quake hits off Peru coast", "title"),
        ("The quake struck on Sunday, officials said.", "kept"),
        ("No damage was reported.", "kept"),
        ("Share this story", "not_in_body"),
    ]
    partly = explain_html(PAGE, "The quake struck on Sunday.", None)
    assert partly[3].reason == "partly_kept"
