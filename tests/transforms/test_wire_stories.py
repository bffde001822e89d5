"""Never lose article text: 41 wire-style stories (short one-sentence paragraphs, quotes on
their own lines, datelines, sub-heads, numbered lists, "Reporting by" lines, corrections, live
blogs, transcripts, obituaries) wrapped in page chrome, as text and markdown dumps
(tests/cases/wire_stories). Every paragraph stays, no chrome line stays, every title is right,
on both halves (the development half is in the line model's fitting data, the held-out half
never)."""

from __future__ import annotations

import pytest

from tests.cases.wire_stories import wire


@pytest.mark.parametrize("half", ["dev", "held-out"])
def test_every_paragraph_kept_no_chrome_kept_titles_right(half: str) -> None:
    names = {s.name for s in wire.stories() if wire.held_out(s.name) == (half == "held-out")}
    assert len(names) >= 18
    result = wire.score(names)
    assert result.paragraphs >= 250 and result.chrome >= 150, result.line()
    assert result.misses == [], result.line() + "\n" + "\n".join(result.misses)
    assert result.kept == result.paragraphs
    assert result.chrome_kept == 0
    assert result.titles == result.dumps


def test_there_are_forty_stories_of_every_kind() -> None:
    stories = wire.stories()
    assert len(stories) >= 40
    texts = [t for s in stories for t in s.texts]
    assert any(t.startswith("Reporting by") for t in texts)
    assert any(t.startswith("Correction:") for t in texts)
    assert any(t.startswith("1. ") for t in texts)
    assert any(t.startswith("“") or t.startswith('"') for t in texts)
    assert any(p.startswith("## ") for s in stories for p in s.paragraphs)
