"""The analysts' views over a warehouse loaded through the real flow."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from tests.ops.conftest import REPRINT, REPRINTED, Loaded

VIEWS = ("v_event_timeline", "v_outlet_overlap", "v_quote_spread", "v_repairs_by_rule")


def rows(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_every_view_is_created_by_a_run(loaded: Loaded):
    names = {name for (name,) in rows(loaded.db, "SELECT view_name FROM duckdb_views()")}
    assert set(VIEWS) <= names


def test_event_timeline_has_one_row_per_report_ranked_from_one(loaded: Loaded):
    timeline = rows(
        loaded.db,
        "SELECT event_id, n_documents, list(report_rank ORDER BY report_rank), count(*), "
        "count(outlet) FROM v_event_timeline GROUP BY ALL",
    )
    assert len(timeline) == rows(loaded.db, "SELECT count(*) FROM events")[0][0]
    for _event, n_documents, ranks, reports, with_outlet in timeline:
        assert reports == n_documents == with_outlet
        assert ranks == list(range(1, reports + 1))


def test_outlet_overlap_counts_the_paragraphs_a_reprint_shares(loaded: Loaded):
    overlap = rows(
        loaded.db,
        "SELECT outlet_a, outlet_b, shared_paragraphs, shared_quotes FROM v_outlet_overlap",
    )
    assert all(a < b for a, b, *_ in overlap)
    pair = {(a, b): (p, q) for a, b, p, q in overlap}[("reprints", "rferl.org")]
    common = rows(
        loaded.db,
        f"""SELECT count(DISTINCT a.paragraph_hash)
        FROM paragraphs a JOIN documents da ON da.doc_id = a.doc_id
        JOIN paragraphs b ON b.paragraph_hash = a.paragraph_hash
        JOIN documents db ON db.doc_id = b.doc_id
        WHERE da.path = '{REPRINTED}' AND db.path = '{REPRINT}' AND is_wire_copy(a.text)""",
    )[0][0]
    assert pair[0] == common > 0
    assert pair[1] > 0


def test_quote_spread_names_the_first_carrier(loaded: Loaded):
    spread = rows(
        loaded.db,
        "SELECT n_documents, n_outlets, first_outlet, outlets FROM v_quote_spread",
    )
    occurrences = rows(loaded.db, "SELECT count(*) FROM quote_occurrences")[0][0]
    assert sum(n_documents for n_documents, *_ in spread) == occurrences
    shared = [row for row in spread if row[1] > 1]
    assert shared, "the reprint carries quotes of the document it reprints"
    for _n, n_outlets, first, outlets in shared:
        assert len(outlets) == n_outlets and first in outlets
        if set(outlets) == {"reprints", "rferl.org"}:
            assert first == "rferl.org"  # same date or none: the earlier path wins the tie


@pytest.mark.parametrize("column", ["repairs", "documents"])
def test_repairs_by_rule_adds_up_to_the_repairs_table(loaded: Loaded, column: str):
    by_rule = dict(rows(loaded.db, f"SELECT rule, {column} FROM v_repairs_by_rule"))
    direct = dict(
        rows(
            loaded.db,
            f"SELECT rule, count({'*' if column == 'repairs' else 'DISTINCT doc_id'}) "
            "FROM repairs GROUP BY rule",
        )
    )
    assert by_rule == direct and by_rule
