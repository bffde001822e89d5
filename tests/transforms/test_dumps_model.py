"""The line model of the dump cleaner: context keeps short article lines, every raw line is
either kept or reported with its reason, and each decision can be inspected."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cases.wire_stories import wire
from transforms.dumps import clean_dump, explain_dump, raw_lines
from transforms.dumps.features import LOCAL
from transforms.dumps.model import CONTEXT, LABELS, PARAMS, load_model
from transforms.records import CleanArticle

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
QUAKE = """Quake hits off Peru coast

LIMA, Peru (AP) — A strong earthquake struck off the coast of Peru on Sunday.

The quake had a magnitude of 7.5, the U.S. Geological Survey said.

No damage was reported.

Residents ran into the streets in Lima.

The agency said the quake was centered 40 km deep.

Schools will stay closed on Monday.

Officials said aftershocks were likely.

The last major quake in the region killed 500 people in 2007.
"""
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
_TOKEN = re.compile(r"\w+")


def _clean(text: str, fmt: str = "text") -> CleanArticle:
    article = clean_dump(text, fmt)
    assert isinstance(article, CleanArticle)
    return article


def test_short_wire_paragraphs_are_all_kept() -> None:
    article = _clean(QUAKE)
    assert article.title == "Quake hits off Peru coast"
    assert len(article.paragraphs) == 8
    assert article.paragraphs[2] == "No damage was reported."


def _dumps() -> list[tuple[str, str]]:
    found = [(p.read_text(encoding="utf-8"), "text") for p in sorted(SEEDS.glob("*"))]
    for story in wire.stories()[:10]:
        for fmt in ("text", "markdown"):
            found.append((wire.render(story, fmt)[0], fmt))
    return found


@pytest.mark.parametrize("index", range(25))
def test_every_raw_line_is_kept_or_dropped_with_a_reason(index: int) -> None:
    text, fmt = _dumps()[index]
    article = _clean(text, fmt)
    lines = raw_lines(text)
    dropped = {d.line_no: d for d in article.dropped}
    assert len(dropped) == len(article.dropped)  # one report per raw line
    body = set(_TOKEN.findall(" ".join([*article.paragraphs]).casefold()))
    for number, line in enumerate(lines, 1):
        if not line.strip():
            assert number not in dropped
            continue
        if number in dropped:
            assert dropped[number].text == line.strip()
            assert dropped[number].reason
            continue
        words = set(_TOKEN.findall(_LINK_TARGET.sub("]", line).casefold()))
        assert words <= body, f"line {number} neither kept nor dropped: {line!r}"


def test_header_lines_are_reported_as_title_byline_and_date_line() -> None:
    text = next(SEEDS.glob("000_*")).read_text(encoding="utf-8")
    reasons = {d.text.strip(): d.reason for d in _clean(text).dropped}
    assert reasons[
        "# Kerry: 'Productive' Talks With Russian Foreign Minister in Moscow"
    ].startswith("title")
    assert reasons["By [Anastasia Bazenkova](#)"].startswith("byline")
    assert reasons["March 24, 2016"].startswith("date_line")
    assert reasons["Original url:"] == "url"


def test_repeated_paragraph_is_dropped_as_a_duplicate_of_its_first_line() -> None:
    para = "The council opened two schools as shelters for the families who left their homes."
    text = (
        "Storm floods coastal towns\n\nBy Jane Doe\n\nMarch 3, 2025\n\n"
        f"{para}\n\nThe rain eased on Sunday, forecasters said, and the rivers began to fall "
        f"again by the evening.\n\n{para}\n"
    )
    article = _clean(text)
    assert article.title == "Storm floods coastal towns"
    assert article.paragraphs.count(para) == 1
    assert any(
        d.line_no == 11 and d.reason == "duplicate" and d.detail == "of line 7"
        for d in article.dropped
    )


def test_explain_gives_label_probability_and_deciding_signals() -> None:
    decisions = explain_dump(wire.render(wire.stories()[0], "text")[0], "text")
    by_text = {d.text: d for d in decisions}
    title = by_text["Quake hits off Peru coast"]
    assert title.label == "title" and not title.kept and 0.3 <= title.probability <= 1.0
    body = by_text["No damage was reported."]
    assert body.label == "body" and body.kept and body.reason.startswith("body p=")
    chrome = by_text["Skip to content"]
    assert chrome.label == "other" and not chrome.kept
    assert chrome.reason.startswith("chrome:")
    assert chrome.signals and all(re.match(r"\w+[+-]\d", s) for s in chrome.signals)
    assert all(d.first_line <= d.last_line for d in decisions)


def test_parameters_are_a_json_file_for_these_features() -> None:
    data = json.loads(PARAMS.read_text(encoding="utf-8"))
    assert data["labels"] == list(LABELS)
    assert data["local_features"] == list(LOCAL)
    assert data["context_features"] == list(CONTEXT)
    model = load_model()
    assert model.local.weights.shape == (len(LABELS), len(LOCAL))
    assert model.context.weights.shape == (len(LABELS), len(LOCAL) + len(CONTEXT))
