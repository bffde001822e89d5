"""Helpers of the DuckLake tests: a warehouse's every row, comparable across backends and runs."""

from __future__ import annotations

from pathlib import Path

from warehouse import loader
from warehouse.backends import Lake
from warehouse.transfer import OWN_TABLES

# Columns that say when a run happened or which Prefect run it was: differ between equal loads.
RUN_TIMING = {
    "runs": ("flow_run_id", "started_at", "finished_at", "stage_seconds", "source"),
    "search_index": ("built_at",),
    "run_states": ("pid", "started_at", "finished_at"),
}
VIEWS = (
    "canonical_names",
    "v_event_timeline",
    "v_outlet_overlap",
    "v_quote_carriers",
    "v_quote_spread",
    "v_repairs_by_rule",
)


def rows(db: Path | Lake, sql: str, params: dict | None = None) -> list[tuple]:
    return loader.query(db, sql, params)[1]


def table_names(con) -> list[str]:
    sql = (
        "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
        "AND schema_name = 'main' ORDER BY 1"
    )
    return [name for (name,) in con.execute(sql).fetchall() if name not in OWN_TABLES]


def warehouse_rows(db: Path | Lake) -> dict[str, list[tuple]]:
    """Every table and view, rows sorted; a run id becomes the run's number (1 = first run),
    so two warehouses loaded by the same runs compare equal whatever their run ids. One
    read-only connection for them all (a lake's attach costs a few tenths of a second)."""
    con = loader.connect(db, read_only=True)
    try:
        order = con.execute("SELECT run_id FROM runs ORDER BY started_at, run_id").fetchall()
        number = {run_id: f"run {n}" for n, (run_id,) in enumerate(order, 1)}
        result = {}
        for name in [*table_names(con), *VIEWS]:
            cursor = con.execute(f"SELECT * FROM {name}")  # names from the catalog
            columns = [c[0] for c in cursor.description]
            values = cursor.fetchall()
            keep = [
                i
                for i, column in enumerate(columns)
                if column not in RUN_TIMING.get(name, ())
                and not (name == "runs" and column == "run_id")
            ]
            result[name] = sorted(
                (
                    tuple(
                        number.get(row[i], row[i]) if columns[i] == "run_id" else row[i]
                        for i in keep
                    )
                    for row in values
                ),
                key=repr,
            )
    finally:
        con.close()
    return result


def differences(a: dict[str, list[tuple]], b: dict[str, list[tuple]]) -> dict[str, str]:
    """Per table that differs: row counts and a first differing row, for a readable failure."""
    found = {}
    for name in sorted(set(a) | set(b)):
        left, right = a.get(name), b.get(name)
        if left == right:
            continue
        if left is None or right is None:
            found[name] = "missing on one side"
            continue
        only_left = [row for row in left if row not in right][:1]
        only_right = [row for row in right if row not in left][:1]
        found[name] = f"{len(left)} vs {len(right)} rows; {only_left} vs {only_right}"
    return found
