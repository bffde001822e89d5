"""Every query of the README's SQL cookbook runs, read-only, and answers on the samples."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO
from tests.ops.conftest import Loaded
from warehouse import loader


def cookbook_queries() -> list[tuple[str, str]]:
    """(question, SQL) of each ```sql block in the README's cookbook section."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## SQL cookbook\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sql\n(.*?)```", section, flags=re.S)
    return [(block.splitlines()[0].removeprefix("-- ").strip(), block) for block in blocks]


QUERIES = cookbook_queries()


def test_the_cookbook_answers_at_least_ten_questions():
    assert len(QUERIES) >= 10
    assert all(re.match(r"[A-Z].*", question) for question, _ in QUERIES)


@pytest.mark.parametrize(("question", "sql"), QUERIES, ids=[q[:60] for q, _ in QUERIES])
def test_cookbook_query_returns_rows(loaded: Loaded, question: str, sql: str):
    columns, found = loader.query(loader.reader_path(loaded.db), sql)
    assert columns
    assert found, f"no rows for: {question}"
