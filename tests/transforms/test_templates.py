"""Site template lines: which lines count as evidence, and how a document is re-checked."""

from __future__ import annotations

from transforms.templates import (
    is_candidate,
    line_hash,
    strip_template_lines,
    template_hashes,
)

PROMO = "Get the Herald app for breaking news alerts"
BODY = (
    "The city council voted on Monday to fund a new bridge across the river, ending a decade of "
    "debate about the traffic in the old town and the narrow streets around the market square."
)


def test_hash_ignores_case_spacing_and_markup() -> None:
    assert line_hash("**Get the Herald app** for breaking news alerts!") == line_hash(PROMO)
    assert line_hash(PROMO) != line_hash("Get the Herald app")


def test_only_short_lines_with_letters_are_candidates() -> None:
    assert is_candidate(PROMO)
    assert not is_candidate(BODY)  # shared long paragraphs are wire copy, not templates
    assert not is_candidate("| 1 | 2 |")
    assert template_hashes([PROMO, BODY, PROMO.upper()]) == [line_hash(PROMO)]


def test_strip_template_lines_only_for_the_documents_site() -> None:
    templates = {"herald.example": frozenset({line_hash(PROMO)})}
    paragraphs = [BODY, PROMO]
    assert strip_template_lines(paragraphs, "herald.example", templates) == [BODY]
    assert strip_template_lines(paragraphs, "other.example", templates) == paragraphs
    assert strip_template_lines(paragraphs, None, templates) == paragraphs
