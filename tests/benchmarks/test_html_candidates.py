"""benchmarks/html_candidates.py scores what the HTML path keeps: its `wirehouse` row must be
extract_html's own choice, or its figures describe another extractor."""

import gzip

import pytest

from benchmarks.html_candidates import NAMES, candidates, wirehouse
from tests.conftest import shared_data
from transforms.extract import extract_html
from transforms.records import CleanArticle


@pytest.mark.fast
@pytest.mark.shared_data
@pytest.mark.parametrize("file_id", ["0384", "0036"])  # recall rescued; default kept
def test_wirehouse_row_is_what_extract_html_keeps(file_id):
    html = gzip.decompress(
        (shared_data("wcxb-dev-articles") / "html" / f"{file_id}.html.gz").read_bytes()
    ).decode("utf-8", errors="replace")
    found = candidates(html)
    assert set(found["paragraphs"]) == set(NAMES) == set(found["seconds"])
    article = extract_html(html, f"{file_id}.html")
    assert isinstance(article, CleanArticle)
    chosen = wirehouse(found["paragraphs"])
    # extract_html also drops a first paragraph that repeats the title
    assert article.paragraphs in (chosen, chosen[1:])
    assert found["paragraphs"]["default"] != found["paragraphs"]["recall"] or file_id == "0036"
