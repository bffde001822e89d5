"""Real trafilatura on small pages the tests write themselves."""

import gzip
from datetime import date

import pytest

from tests.conftest import shared_data
from transforms.extract import ExtractConfig, extends, extract_html, nesting_depth
from transforms.records import CleanArticle, Rejection
from transforms.templates import line_hash

ARTICLE = """<html><head><title>Kerry and Lavrov meet in Moscow | Example News</title>
<meta property="og:title" content="Kerry and Lavrov meet in Moscow">
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2016-03-24T10:00:00Z">
<link rel="canonical" href="https://www.example-news.com/2016/03/24/kerry-lavrov">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article><h1>Kerry and Lavrov meet in Moscow</h1>
<p>U.S. Secretary of State John Kerry met Russian Foreign Minister Sergei Lavrov in Moscow on
Thursday, and the two spoke for almost four hours about Syria and Ukraine.</p>
<p>The talks were described as productive by both sides, according to officials who briefed
reporters after the meeting at the Osobnyak mansion.</p>
<p>Kerry is due to meet President Vladimir Putin later in the day to discuss the ceasefire.</p>
</article>
<footer><p>Share this article</p><p>© 2016 Example News. All rights reserved.</p></footer>
<script>document.write("tracking")</script>
</body></html>"""


def test_main_text_and_metadata_of_a_news_page():
    article = extract_html(ARTICLE, "a.html")
    assert isinstance(article, CleanArticle)
    assert article.title == "Kerry and Lavrov meet in Moscow"
    assert article.author == "Jane Doe"
    assert article.url == "https://www.example-news.com/2016/03/24/kerry-lavrov"
    assert article.site == "example-news.com"
    assert article.date.to_date() == date(2016, 3, 24)
    body = "\n".join(article.paragraphs)
    assert "almost four hours" in body and "Putin later in the day" in body
    for chrome in ("Home", "Share this article", "All rights reserved", "tracking"):
        assert chrome not in body


def test_page_of_scripts_only_is_rejected():
    result = extract_html("<html><body><script>var a = 1;</script></body></html>", "s.html")
    assert isinstance(result, Rejection)
    assert result.code == "extract_no_text"


def test_page_nested_100000_levels_deep_keeps_its_text():
    depth = 100_000
    text = "Deep text that is long enough to read as the paragraph of an article, really."
    html = "<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + "</body></html>"
    assert nesting_depth(html) == depth + 3
    article = extract_html(html, "deep.html")
    assert isinstance(article, CleanArticle)
    assert article.paragraphs == [text]


@pytest.mark.parametrize(
    ("html", "depth"),
    [
        ("<html><body><div><p>text</p></div></body></html>", 4),
        ("<div><BR><Img src='a.png'><input/><hr /><p>a</p></div>", 2),  # void, self-closing
        ("<div><section/><span/></div>", 1),
        ("</div></div><div><p>stray closing tags never go below zero</p></div>", 2),
        ("<p>1 < 2 and 3 <4 are text, <b>this</b> is a tag</p>", 2),
        ("<source-x><source></source-x>", 1),  # a custom element is not the void <source>
        ("<div data-x='a/b'><p>slash inside an attribute</p></div>", 2),
    ],
)
def test_nesting_depth_counts_elements_that_nest(html, depth):
    assert nesting_depth(html) == depth


TABLE_PAGE = """<html><body><article><h1>Vote results</h1>
<p>The council voted on the new budget on Monday and the results were published later that day
by the clerk of the council.</p>
<table><tr><td>No</td><td>1</td></tr><tr><td><p>Yes</p></td><td><div>12</div></td></tr></table>
<p>The budget passed with a clear majority, officials said after the meeting in the evening.</p>
</article></body></html>"""


def test_table_is_one_paragraph_not_one_per_cell():
    article = extract_html(TABLE_PAGE, "table.html")
    assert isinstance(article, CleanArticle)
    assert "| No | 1 |\n| Yes | 12 |" in article.paragraphs
    assert not {"No", "1", "Yes", "12", "| No | 1 |"} & set(article.paragraphs)
    assert len(article.paragraphs) == 3


def test_template_lines_of_the_site_leave_html_paragraphs():
    plain = extract_html(ARTICLE, "a.html")
    line = (
        "Kerry is due to meet President Vladimir Putin later in the day to discuss the ceasefire."
    )
    assert line in plain.paragraphs and line_hash(line) in plain.line_hashes
    learned = {"example-news.com": frozenset({line_hash(line)})}
    assert line not in extract_html(ARTICLE, "a.html", templates=learned).paragraphs


@pytest.mark.parametrize(
    ("other", "extended"),
    [
        (["One two three four five.", "Six seven eight nine ten.", "Eleven twelve."], True),
        (["One two three four five.", "Six seven eight nine ten."], False),  # nothing added
        (["Eleven twelve thirteen fourteen fifteen sixteen seventeen."], False),  # other part
        (["One two three four five.", "Six seven eight nine.", "Eleven twelve thirteen."], True),
        (["One two three four five.", "Eleven twelve thirteen fourteen fifteen."], False),
    ],
)
def test_recall_extends_the_default_only_when_it_keeps_its_words(other, extended):
    default = ["One two three four five.", "Six seven eight nine ten."]
    assert extends(default, other, 0.9) is extended


@pytest.mark.shared_data
def test_recall_rescue_recovers_the_list_sections_the_default_mode_loses():
    """WCXB development page 0384: trafilatura's default mode keeps the essay's prose and loses
    its bulleted lists; its recall mode keeps both, so the rescue takes it."""
    html = gzip.decompress(
        (shared_data("wcxb-dev-articles") / "html" / "0384.html.gz").read_bytes()
    ).decode("utf-8", errors="replace")
    listed = "Identify an end-to-end task such that, in order to do well at the task"
    default = extract_html(html, "0384.html", ExtractConfig(recall_rescue=False))
    rescued = extract_html(html, "0384.html")
    assert isinstance(default, CleanArticle) and isinstance(rescued, CleanArticle)
    assert not any(listed in p for p in default.paragraphs)
    assert any(listed in p for p in rescued.paragraphs)
    kept = set(rescued.paragraphs)
    assert all(p in kept for p in default.paragraphs)  # nothing the default kept is lost
    assert (rescued.title, rescued.author, rescued.date) == (
        default.title,
        default.author,
        default.date,
    )
