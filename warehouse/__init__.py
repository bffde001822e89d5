"""The warehouse: schema, the single writer (loader), and analysts' read-only connections."""

from __future__ import annotations

from pathlib import Path


def connect(db: str | Path | None = None):
    """A read-only DuckDB connection for analysis in Python, offline.

    It opens the published snapshot of warehouse `db` (default: `db` of wirehouse.toml, or
    WIREHOUSE_DB), with the warehouse's pinned extensions loaded (`match_bm25` works) and the
    views in place; results convert to Arrow (`.arrow()`), pandas (`.df()`) or polars
    (`.pl()`) when those are installed. The connection is locked down as `wirehouse sql`
    is: no files, network, ATTACH, INSTALL/LOAD or settings, 1 GB of memory, 2 threads.
    `db` may name a DuckLake (`ducklake:sqlite:PATH`): it is attached read-only at its last
    committed snapshot instead.
    """
    from warehouse.backends import parse_target
    from warehouse.reader import open_reader

    if db is None:
        from flows.settings import load_settings

        db = load_settings().db
    return open_reader(parse_target(db))
