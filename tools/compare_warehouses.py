"""Two warehouses built from the same files: are their tables the same, row for row?

    python tools/compare_warehouses.py A.duckdb B.duckdb

Every table both hold is compared as a multiset of rows (EXCEPT ALL both ways), leaving out
what differs between any two runs: run ids, the search index's build time, and the run
bookkeeping tables (runs, run_states).
Prints one line per table and exits 1 when any differs. Used to show that a refactor changes
no output (README, "Checking a change").
"""

from __future__ import annotations

import sys

import duckdb

# Columns that name or time the run that wrote a row, not what it holds.
VOLATILE = {"run_id", "built_at"}
# Tables of run bookkeeping: one row per run, different in every run.
RUN_TABLES = {"runs", "run_states"}


def compare(a: str, b: str) -> list[tuple[str, int, int, int]]:
    """(table, rows in a, rows only in a, rows only in b) for every table of both."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{a}' AS a (READ_ONLY)")
    con.execute(f"ATTACH '{b}' AS b (READ_ONLY)")
    query = (
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'"
    )
    tables = {r[0] for r in con.execute(query, ["a"]).fetchall()}
    tables &= {r[0] for r in con.execute(query, ["b"]).fetchall()}
    results = []
    for table in sorted(tables - RUN_TABLES):
        columns = [
            r[0]
            for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = 'a' "
                "AND table_name = ? ORDER BY column_index",
                [table],
            ).fetchall()
            if r[0] not in VOLATILE
        ]
        selected = ", ".join(f'"{c}"' for c in columns)
        total = con.execute(f"SELECT count(*) FROM a.{table}").fetchone()[0]
        only_a = con.execute(
            f"SELECT count(*) FROM (SELECT {selected} FROM a.{table} "
            f"EXCEPT ALL SELECT {selected} FROM b.{table})"
        ).fetchone()[0]
        only_b = con.execute(
            f"SELECT count(*) FROM (SELECT {selected} FROM b.{table} "
            f"EXCEPT ALL SELECT {selected} FROM a.{table})"
        ).fetchone()[0]
        results.append((table, total, only_a, only_b))
    return results


def main(argv: list[str]) -> int:
    a, b = argv
    results = compare(a, b)
    for table, total, only_a, only_b in results:
        mark = "same" if only_a == only_b == 0 else "DIFFERS"
        print(f"{table:28} {total:>9,} rows  only in A {only_a:>7,}  only in B {only_b:>7,}", mark)
    return 1 if any(only_a or only_b for _, _, only_a, only_b in results) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
