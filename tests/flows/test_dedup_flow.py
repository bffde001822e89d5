"""Shared text at load: paragraphs several documents print, repeats inside one, and quotes."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_ingest
from tests.flows.test_ingest import rows

WIRE = (
    "Secretary of State John Kerry and Foreign Minister Sergei Lavrov met in Moscow for "
    "almost four hours on Thursday to discuss the ceasefire in Syria and the crisis in Ukraine."
)
QUOTE = "We agreed to keep working on a ceasefire that holds across all of Syria"
FOOTER = "Follow Outlet B on social media for the latest news, analysis and opinion from our desk."


def article(url: str, title: str, when: str, paragraphs: list[str]) -> str:
    return "\n\n".join([url, title, when, *paragraphs]) + "\n"


def filler(topic: str) -> str:
    return (
        f"The report on {topic} went on with details that no other outlet printed, written by "
        f"the desk of the site itself for its own readers about {topic} and its background."
    )


def write_corpus(source: Path) -> None:
    source.mkdir()
    repeated = filler("the meeting room")
    files = {
        "a.txt": article(
            "https://wire-a.example.com/world/kerry-lavrov",
            "Kerry and Lavrov discuss Syria in Moscow",
            "March 24, 2016",
            [WIRE, f"“{QUOTE},” Kerry said after the talks.", repeated, filler("Syria"), repeated],
        ),
        "b.txt": article(
            "https://outlet-b.example.org/news/kerry-moscow",
            "Kerry in Moscow: talks on Syria",
            "March 25, 2016",
            [WIRE, f'"{QUOTE}," said Secretary of State John Kerry.', filler("Ukraine"), FOOTER],
        ),
        "c.txt": article(
            "https://outlet-b.example.org/sport/cup-final",
            "Cup final ends in a draw",
            "March 26, 2016",
            [filler("the cup final"), filler("the fans"), FOOTER],
        ),
        "d.txt": article(
            "https://outlet-b.example.org/business/markets",
            "Markets calm before the holiday",
            "March 27, 2016",
            [filler("the markets"), filler("oil prices"), FOOTER],
        ),
    }
    for name, text in files.items():
        (source / name).write_text(text, encoding="utf-8")


def test_shared_paragraphs_repeats_and_quotes(prefect_server, tmp_path):
    source = tmp_path / "source"
    write_corpus(source)
    db = tmp_path / "wh.duckdb"
    run_ingest(source, db)

    kinds = rows(
        db,
        "SELECT o.kind, o.n_documents, o.n_sites, d.path FROM paragraph_occurrences AS o "
        "JOIN documents AS d ON d.doc_id = o.first_doc_id ORDER BY o.kind",
    )
    assert kinds == [("boilerplate", 3, 1, "b.txt"), ("shared", 2, 2, "a.txt")]

    # printed twice in a.txt, kept once: dropped by the cleaner or marked with repeat_of
    kept = rows(
        db,
        "SELECT count(*) FILTER (WHERE p.repeat_of IS NULL) FROM paragraphs AS p "
        "JOIN documents AS d USING (doc_id) "
        "WHERE d.path = 'a.txt' AND p.text LIKE 'The report on the meeting room%'",
    )
    assert kept == [(1,)]

    quotes = rows(db, "SELECT text, speaker, n_documents FROM quotes")
    assert quotes == [(QUOTE, "John Kerry", 2)]
    carriers = rows(
        db, "SELECT carrier_rank, outlet, attributed_to FROM v_quote_carriers ORDER BY 1"
    )
    assert carriers == [
        (1, "wire-a.example.com", "Kerry"),
        (2, "outlet-b.example.org", "John Kerry"),
    ]

    (source / "e.txt").write_text(
        article(
            "https://third.example.net/kerry",
            "Kerry upbeat after Moscow talks",
            "March 26, 2016",
            [f"Kerry said: “{QUOTE}.”", filler("the flight home")],
        ),
        encoding="utf-8",
    )
    run_ingest(source, db)
    assert rows(db, "SELECT speaker, n_documents FROM quotes") == [("Kerry", 3)]
