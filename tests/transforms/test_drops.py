"""Every line a dump loses is recorded with a reason, and every other line is body text."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import shared_data
from tests.transforms.drop_cases import generated_pages
from transforms.clean import clean_document
from transforms.drops import align, dropped_lines, line_readings, line_words, raw_lines, word_string
from transforms.records import Document

pytestmark = pytest.mark.fast

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

CHROME_DUMP = """\
Skip to content
Home
World
Business

Quake hits off Peru coast

By Jane Doe
March 3, 2024

LIMA, Peru (AP) — A strong earthquake struck off the coast of Peru on Sunday, geologists said.

The quake had a magnitude of 7.5 and was centred 40 km deep, the agency said in a statement.

Residents of the capital ran into the streets when the shaking began, witnesses told reporters.

Related stories
Storm season starts early in the south

We use cookies to improve your experience on our site. By continuing you agree to our cookies.
"""


def clean(data: str, fmt: str = "text", path: str = "page.txt") -> Document:
    raw = data.encode("utf-8")
    doc = clean_document(path, hashlib.sha256(raw).hexdigest(), raw, fmt)
    assert isinstance(doc, Document), doc
    return doc


def assert_every_line_accounted(doc: Document) -> None:
    """Each non-blank raw line is a drop row or body text, never both; the kept lines' words,
    all of them and in order, are exactly the body's words (as the cleaner read the lines:
    after normalize_text, with or without a link target it did not recognise)."""
    lines = raw_lines(doc.raw_text)
    dropped = {d.line_no for d in doc.dropped}
    assert len(dropped) == len(doc.dropped), "a line recorded twice"
    nonblank = {n for n, line in enumerate(lines, 1) if line.strip()}
    assert dropped <= nonblank
    kept = sorted(nonblank - dropped)
    cheap = line_words(lines, doc.format)
    if "".join(cheap[n - 1] for n in kept) != word_string(" ".join(doc.paragraphs)):
        readings = line_readings(lines, doc.format)
        spelled = align([readings[n - 1] for n in kept], word_string(" ".join(doc.paragraphs)))
        assert spelled == set(range(len(kept))), doc.path
    assert all(d.reason and d.text == lines[d.line_no - 1].strip() for d in doc.dropped)


def test_a_dump_with_chrome_records_each_lost_line_with_its_reason():
    doc = clean(CHROME_DUMP)
    reasons = {d.text: d.reason for d in doc.dropped}
    assert reasons == {
        "Skip to content": "chrome:chrome",
        "Home": "chrome:chrome",
        "World": "chrome:page",
        "Business": "chrome:page",
        "Quake hits off Peru coast": "title",
        "By Jane Doe": "byline",
        "March 3, 2024": "date_line",
        "Related stories": "chrome:section",
        "Storm season starts early in the south": "chrome:page",
        "We use cookies to improve your experience on our site. By continuing you agree to "
        "our cookies.": "chrome:notice",
    }
    # what decided each: the line model's probability of its label and the strongest signal
    assert all(d.detail.startswith("p=") for d in doc.dropped)
    assert [d.line_no for d in doc.dropped] == [1, 2, 3, 4, 6, 8, 9, 17, 18, 20]
    assert len(doc.paragraphs) == 3
    assert_every_line_accounted(doc)


def test_markdown_links_images_and_wrapped_targets_are_not_mistaken_for_lost_text():
    dump = "\n".join(
        [
            "[World](https://example.com/world) [Business](https://example.com/business)",
            "",
            "# Rescue teams reach the flooded valley",
            "",
            "![A photo of the valley](https://example.com/photos/valley-",
            "flood.jpg)",
            "",
            "Rescue teams from [three provinces](https://example.com/a/very/long/path/",
            "to/the/story) reached the valley on Sunday after the river burst its banks.",
            "",
            "The **regional governor** said that more than 400 homes were flooded and that",
            "the army would help to clear the roads by the end of the week.",
            "",
        ]
    )
    doc = clean(dump, "markdown", "page.md")
    expected = [(1, "chrome:page"), (3, "title"), (5, "markup:image"), (6, "markup:image")]
    assert [(d.line_no, d.reason) for d in doc.dropped] == expected
    assert_every_line_accounted(doc)


def test_a_menu_line_the_next_paragraph_opens_with_is_still_the_dropped_one():
    """Taking the first line whose words match would keep "Share" and lose the paragraph."""
    lines = ["Share", "", "Share prices fell sharply on Monday.", "Officials said more."]
    body = word_string("Share prices fell sharply on Monday. Officials said more.")
    assert align([(w,) for w in line_words(lines, "text")], body) == {2, 3}


def test_a_line_model_names_its_own_reasons_by_line_number():
    raw = "Menu\n\nThe article text is here.\nFooter line"
    labels = {1: "model:navigation", 4: "model:footer"}
    drops = dropped_lines(raw, "text", ["The article text is here."], lambda n, _: labels.get(n))
    assert [(d.line_no, d.text, d.reason) for d in drops] == [
        (1, "Menu", "model:navigation"),
        (4, "Footer line", "model:footer"),
    ]


def test_lines_no_rule_names_are_placed_above_within_or_below_the_article():
    raw = "alpha beta gamma\nThe first kept line.\nzeta eta theta\nThe last kept line.\nomega"
    drops = dropped_lines(raw, "text", ["The first kept line.", "The last kept line."])
    assert [(d.line_no, d.reason) for d in drops] == [
        (1, "above_article"),
        (3, "within_article"),
        (5, "below_article"),
    ]


def test_line_numbers_follow_every_line_break_the_cleaner_knows():
    raw = "Kept line one.\r\nDropped\u2028Kept line two.\rDropped again"
    drops = dropped_lines(raw, "text", ["Kept line one.", "Kept line two."])
    assert [(d.line_no, d.text) for d in drops] == [(2, "Dropped"), (4, "Dropped again")]


def test_mojibake_and_entities_are_compared_as_the_cleaner_read_them():
    raw = "Caf\u00c3\u00a9 prices rise &amp; fall in Paris this week, traders said on Monday.\nMenu"
    doc = clean(raw)
    assert [d.line_no for d in doc.dropped] == [2]
    assert_every_line_accounted(doc)


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name[:3])
def test_seeds_every_line_is_body_or_a_drop_row(path: Path):
    doc = clean(path.read_text(encoding="utf-8"), "text", path.name)
    assert doc.dropped
    assert_every_line_accounted(doc)


def test_seed_004_player_debris_and_footer_lines_are_named():
    doc = clean((SEEDS / "004_a92970c734cf40b7.txt").read_text(encoding="utf-8"))
    reasons = {d.line_no: d.reason for d in doc.dropped}
    assert reasons[5] == "title"
    assert {reasons[n] for n in (24, 26, 28, 30)} == {"chrome:debris"}
    assert reasons[23] == "chrome:related"  # the clip title beside the player
    assert reasons[9] == "duplicate"  # the caption printed twice
    assert reasons[63] == "chrome:footer"


@pytest.mark.parametrize("index", range(30), ids=lambda i: f"generated-{i:02d}")
def test_generated_pages_every_line_is_body_or_a_drop_row(index: int):
    fmt, dump, story = generated_pages()[index]
    doc = clean(dump, fmt, f"page.{'md' if fmt == 'markdown' else 'txt'}")
    assert_every_line_accounted(doc)
    lost = [p for p in story if word_string(p) not in word_string(" ".join(doc.paragraphs))]
    recorded = "".join(line_words([d.text for d in doc.dropped], fmt))
    assert all(word_string(p) in recorded for p in lost), "a lost paragraph has no row"


@pytest.mark.shared_data
@pytest.mark.parametrize(("corpus", "every"), [("bbc-news", 4), ("ecbplus-dev", 2)])
def test_real_dumps_every_line_is_body_or_a_drop_row(corpus: str, every: int):
    """A quarter of BBC and half of ECB+ (every n-th file), to stay a fast test."""
    folder = shared_data(corpus)
    for path in sorted(folder.rglob("*.txt"))[::every]:
        raw = path.read_bytes()
        doc = clean_document(str(path), hashlib.sha256(raw).hexdigest(), raw, "text")
        if isinstance(doc, Document):
            assert_every_line_accounted(doc)
