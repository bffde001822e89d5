"""Site templates through the real flow: a line learned from earlier documents of a site leaves
a later document of that site, and only that site."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_ingest
from tests.flows.test_ingest import rows

PROMO = "Readers in the valley can now get every story of the Herald on their phones for free."
TOPICS = [
    (
        "Council approves new bridge",
        "The city council voted on Monday to fund a new bridge "
        "across the river, ending a decade of debate about traffic in the old town.",
    ),
    (
        "School opens science wing",
        "A secondary school in the north of the city opened a "
        "science wing built with money raised by parents and former pupils over five years.",
    ),
    (
        "Farmers count storm losses",
        "Farmers in the valley said the hail storm of last week "
        "destroyed much of the barley harvest, and they asked the region for emergency help.",
    ),
    (
        "Library extends opening hours",
        "The central library will open until ten in the evening "
        "from next month, after students asked for a quiet place to work during exams.",
    ),
]


def write_page(folder: Path, number: int, site: str) -> None:
    title, lede = TOPICS[number]
    text = (
        f"# {title}\n\n{lede}\n\n{PROMO}\n\n"
        f"Officials said the plan for {title.lower()} had wide support among residents, "
        "and the work should begin before the end of the year if the budget allows it.\n\n"
        f"Original url:\n\n<https://www.{site}/news/{number}>\n"
    )
    (folder / f"{site}-{number}.md").write_text(text, encoding="utf-8")


def test_template_line_of_earlier_documents_leaves_a_later_one(prefect_server, tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    db = tmp_path / "wh.duckdb"
    for number in range(3):
        write_page(source, number, "valley-herald.com")
    run_ingest(source, db)
    first = rows(db, "SELECT count(*) FROM documents WHERE contains(body, ?)", [PROMO])[0][0]
    assert first == 3  # no evidence yet: the promo reads as a sentence and stays

    write_page(source, 3, "valley-herald.com")
    write_page(source, 3, "other-paper.org")  # another site never printed it
    summary = run_ingest(source, db)
    assert summary["documents_loaded"] == 2
    bodies = dict(rows(db, "SELECT site, body FROM documents WHERE path LIKE '%-3.md'"))
    assert PROMO not in bodies["valley-herald.com"]
    assert "ten in the evening" in bodies["valley-herald.com"]
    assert PROMO in bodies["other-paper.org"]
    counted = rows(
        db,
        "SELECT count(DISTINCT doc_id) FROM site_lines WHERE site = 'valley-herald.com' "
        "GROUP BY line_hash ORDER BY 1 DESC LIMIT 1",
    )
    assert counted == [(4,)]  # the later document's lines count as evidence too
