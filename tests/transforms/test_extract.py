"""Real trafilatura on small pages the tests write themselves."""

from datetime import date

from transforms.extract import extract_html
from transforms.records import CleanArticle, Rejection

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


def test_deeply_nested_page_does_not_crash():
    html = (
        "<html><body>" + "<div>" * 5_000 + "<p>deep text</p>" + "</div>" * 5_000 + "</body></html>"
    )
    assert isinstance(extract_html(html, "deep.html"), CleanArticle | Rejection)
