"""Shared fixtures: the repo's seeds, one real Prefect test server per session, flow helpers."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

import flows  # noqa: F401  (sets offline Prefect defaults before Prefect is imported)

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED_DATA = REPO.parent / "shared" / "data"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of the pure transforms start no flow, server or subprocess: they are `fast` (run
    alone by `make test-fast`), unless marked `process`. Tests elsewhere mark themselves."""
    for item in items:
        if item.path.parent.name == "transforms" and not item.get_closest_marker("process"):
            item.add_marker(pytest.mark.fast)


@pytest.fixture(scope="session")
def prefect_server():
    """A real Prefect API (temporary, SQLite) for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        yield


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A private copy of the five sample articles."""
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def empty_config(folder: Path) -> str:
    """A settings file with no keys (the defaults): a test's runs ignore the repo's
    wirehouse.toml. WIREHOUSE_CONFIG naming a missing file is an error, as `--config` is."""
    path = folder / "empty-wirehouse.toml"
    path.write_text("", encoding="utf-8")
    return str(path)


def run_ingest(source: Path, db: Path, **options: object) -> dict:
    """Run the real ingest flow once and return its summary."""
    from flows.ingest import ingest

    return asyncio.run(ingest(source=str(source), db=str(db), **options))


def shared_data(name: str) -> Path:
    """A folder of ../shared/data, or skip the test with the reason."""
    path = SHARED_DATA / name
    if not path.exists():
        pytest.skip(f"{path} is absent: shared data sets exist in CI, not in a user's clone")
    return path
