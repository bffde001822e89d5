"""Cost of the BM25 index the writer rebuilds with each load (warehouse/sql/fts_build.sql).

DuckDB's fts index is a snapshot, so every run that changes documents rebuilds it whole. This
prints, against corpus size (Reuters-21578 from ../shared/data, x1, x2 and x4 with renumbered
copies): the rebuild time (median of 3) beside the time to copy the rows in, the fingerprint
check that decides whether a run rebuilds, one search, the file size, and peak RSS.
Skips without the data.
Run: .venv/bin/python benchmarks/fts_index.py
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyarrow as pa

from warehouse import loader

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "reuters-21578"
REPEATS = 3
QUERY = "oil prices opec output"


def read_articles() -> list[tuple[str, str]]:
    articles = []
    for path in sorted(DATA.glob("reut2-*.json")):
        for item in json.loads(path.read_text(encoding="utf-8", errors="replace")):
            if item.get("body"):
                articles.append((item.get("title") or "", item["body"]))
    return articles


def timed(function) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def measure(articles: list[tuple[str, str]], copies: int, folder: Path) -> None:
    con = loader.connect(folder / f"fts_{copies}.duckdb")
    rows = pa.table(
        {
            "doc_id": [f"{copy}-{n}" for copy in range(copies) for n in range(len(articles))],
            "title": [title for _ in range(copies) for title, _ in articles],
            "body": [body for _ in range(copies) for _, body in articles],
        }
    )
    con.register("rows", rows)
    insert = timed(
        lambda: con.execute(
            "CREATE TABLE documents AS SELECT doc_id, doc_id AS path, NULL::VARCHAR AS site, "
            "NULL::DATE AS published_date, title, body FROM rows"
        )
    )
    con.execute("CREATE TABLE paragraphs AS SELECT doc_id, 0 AS ordinal, body AS text FROM rows")
    con.execute((loader.HERE / "schema" / "035_search_index.sql").read_text(encoding="utf-8"))
    loader.load_extension(con, "fts")
    builds = [
        timed(lambda: loader.execute_script(con, "fts_build", {"run_id": "bench"}))
        for _ in range(REPEATS)
    ]
    stale_check = [timed(lambda: con.execute(loader.read_sql("fts_stale"))) for _ in range(REPEATS)]
    search = loader.read_sql("fts_search") + loader.read_sql("fts_snippets")
    searches = [
        timed(lambda: con.execute(search, {"query": QUERY, "limit": 10}).fetchall())
        for _ in range(REPEATS)
    ]
    con.execute("CHECKPOINT")
    megabytes = sum(p.stat().st_size for p in folder.glob(f"fts_{copies}.duckdb*")) / 1e6
    con.close()
    build, query = statistics.median(builds), statistics.median(searches) * 1e3
    check = statistics.median(stale_check) * 1e3
    print(
        f"{rows.num_rows:>7,} documents: index rebuild {build:6.2f} s "
        f"(copying the rows in {insert:5.2f} s), staleness check {check:5.1f} ms, "
        f"search {query:6.1f} ms, warehouse file {megabytes:6.1f} MB"
    )


def main() -> int:
    if not DATA.exists():
        print(f"skipped: {DATA} not found (shared data sets exist in CI, not in a user's clone)")
        return 0
    articles = read_articles()
    with tempfile.TemporaryDirectory() as folder:
        for copies in (1, 2, 4):
            measure(articles, copies, Path(folder))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:,.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
