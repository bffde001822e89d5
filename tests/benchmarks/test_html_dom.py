"""benchmarks/html_dom.py places a candidate's text in the page's tree: its node and where it
stands to the page's article markup are what its chooser's figures rest on."""

from collections import Counter

import pytest

from benchmarks.html_dom import located, node_features, node_of, page_rows, page_tree
from benchmarks.wcxb import tokens

STORY = [
    "The council approved the new budget on Tuesday after a long debate about schools.",
    "Members said the plan would fund two new libraries and repair the old bridge.",
    "The mayor called the vote a turning point for the town and its young families.",
]
RELATED = ["Ten things to do this weekend in the city centre and around it"]
PAGE = f"""<html><head><title>Budget</title>
<script type="application/ld+json">{{"@type": "NewsArticle", "articleBody": "{STORY[0]}"}}</script>
</head><body>
<nav class="menu"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<main><article class="post-content"><h1>Budget approved</h1>
{"".join(f"<p>{p}</p>" for p in STORY)}
</article>
<aside class="related-sidebar"><ul>{"".join(f"<li><a href='/x'>{p}</a></li>" for p in RELATED)}
</ul></aside></main>
<footer>Copyright the town paper, all rights reserved</footer></body></html>"""


def _features(paragraphs):
    tree = page_tree(PAGE)
    inside = located(tree, paragraphs)
    return (
        tree,
        node_of(tree, inside),
        node_features(tree, inside, Counter(tokens("\n".join(paragraphs)))),
    )


@pytest.mark.fast
def test_the_story_sits_in_its_article_node():
    tree, node, found = _features(STORY)
    assert tree.tags[node] == "article"
    assert found["tag_article"] == 1.0 and found["positive"] == 1.0 and found["negative"] == 0.0
    assert found["article_precision"] == 1.0 and found["main_precision"] == 1.0
    assert found["article_recall"] > 0.8  # the headline is the rest of the article's words
    assert found["itemprop_precision"] == -1  # the page marks no itemprop=articleBody
    assert 0.3 < found["ld_recall"] <= 1.0 and found["ld_precision"] < 0.5
    assert found["node_links"] == 0.0 and found["page_articles"] == 1


@pytest.mark.fast
def test_related_links_sit_outside_the_article():
    tree, node, found = _features(RELATED)
    assert tree.tags[node] != "article" and found["article_precision"] == 0.0
    assert found["node_links"] == 1.0  # every word of the related list is a link


@pytest.mark.fast
def test_page_rows_compare_each_other_candidate_with_wirehouse():
    paragraphs = {n: STORY for n in ("default", "recall", "precision", "fast")}
    paragraphs |= {"baseline": STORY + RELATED, "readability": STORY, "justext": RELATED}
    paragraphs["wirehouse"] = STORY
    rows = dict(page_rows(PAGE, paragraphs))
    assert set(rows) == {"baseline", "justext"}  # the others hold wirehouse's text
    justext = rows["justext"]["dom+agreement"]
    assert justext["same_node"] == 0.0 and justext["share_in_wirehouse_node"] == 0.0
    assert justext["wirehouse_in"] < 0.1 and justext["votes"] == 0  # 'the', 'and', 'a' only
    baseline = rows["baseline"]["dom+agreement"]
    assert baseline["wirehouse_in_node"] == 1.0 and baseline["wirehouse_share_in_node"] == 1.0
    assert set(rows["baseline"]["text"]) < set(rows["baseline"]["dom"])
