"""Full-text search over documents: BM25 on the index the writer rebuilds with each load."""

from __future__ import annotations

from pathlib import Path

from warehouse import loader
from warehouse.backends import Lake
from warehouse.reader import Reader


class SearchIndexMissingError(RuntimeError):
    """The warehouse has no full-text index yet: only a run (a writer) can build it."""


def search_documents(db: Path | Lake, text: str, limit: int = 10) -> tuple[list[str], list[tuple]]:
    """Documents matching `text`, best BM25 score first, each with a snippet paragraph;
    read from warehouse `db`'s snapshot through the guarded reader. A lake answers from its
    term tables (`sql/lake/fts_search.sql`), a file from its fts index; both end in
    `sql/fts_snippets.sql`."""
    prefix = "lake/" if isinstance(db, Lake) else ""
    with Reader(db) as session:
        if not session.fetch(loader.read_sql(prefix + "fts_ready")).rows()[0][0]:
            raise SearchIndexMissingError(
                f"{db} has no full-text index yet: run `wirehouse ingest` once to build it"
            )
        params = {"query": text, "limit": limit}
        # the hits (by the fts index, or a lake's term tables), then the same snippets
        query = loader.read_sql(prefix + "fts_search") + loader.read_sql("fts_snippets")
        found = session.fetch(query, params)
    return found.columns, found.rows()
