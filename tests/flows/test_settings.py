"""Settings by section: each stage's config from its wirehouse.toml section, refusals that name
the key and the file, and where every value came from."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from flows.settings import SettingsError, resolve_settings, to_toml

pytestmark = pytest.mark.fast


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "wirehouse.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_section_fills_its_stage_config_and_nested_sections_the_nested_one(tmp_path):
    path = write(
        tmp_path,
        "[dedup]\nnear_duplicate_threshold = 0.2\n"
        "[events]\nthreshold = 0.3\n"
        "[clean.decode]\nmax_bytes = 1000\n"
        "[repair.detect]\nthreshold = 0.7\n",
    )
    resolved = resolve_settings({}, path, environ={})
    stages = resolved.settings.stages
    assert stages.dedup.near_duplicate_threshold == 0.2
    assert stages.events.threshold == 0.3
    assert stages.clean.decode.max_bytes == 1000
    assert stages.repair.detect.threshold == 0.7
    assert stages.events.date_window_days == 60  # untouched keys keep their defaults
    assert resolved.sources["dedup.near_duplicate_threshold"] == f"file {path}"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        pytest.param("[events]\nbogus_key = 1\n", "bogus_key", id="unknown-key-in-section"),
        pytest.param("bogus_top = 1\n", "bogus_top", id="unknown-top-level-key"),
        pytest.param("[nosuchstage]\nx = 1\n", "nosuchstage", id="unknown-section"),
        pytest.param('batch_size = "ten"\n', "batch_size", id="string-for-number"),
        pytest.param('[events]\nthreshold = "x"\n', "threshold", id="string-for-float"),
        pytest.param("[events]\nthreshold = true\n", "threshold", id="bool-for-float"),
        pytest.param("[dedup]\nseed = 3\n", "seed", id="fixed-key"),
        pytest.param("near_duplicate_threshold = 0.3\n", "[dedup]", id="moved-key"),
        pytest.param("[events]\nthreshold = [1\n", "not valid TOML", id="malformed-file"),
        pytest.param("[clean.site_templates]\na = 1\n", "site_templates", id="runtime-only"),
    ],
)
def test_a_bad_key_or_value_stops_with_the_key_and_the_file_named(tmp_path, text, named):
    path = write(tmp_path, text)
    with pytest.raises(SettingsError) as refused:
        resolve_settings({}, path, environ={})
    assert named in str(refused.value)
    assert str(path) in str(refused.value)


def test_flags_beat_the_environment_which_beats_the_file(tmp_path):
    path = write(tmp_path, "batch_size = 10\nworkers = 3\nlock_wait_seconds = 5\n")
    environ = {"WIREHOUSE_BATCH_SIZE": "20", "WIREHOUSE_WORKERS": "4"}
    resolved = resolve_settings({"batch_size": 30, "workers": None}, path, environ=environ)
    settings, sources = resolved.settings, resolved.sources
    assert (settings.batch_size, settings.workers, settings.lock_wait_seconds) == (30, 4, 5.0)
    assert sources["batch_size"] == "flag --batch-size"
    assert sources["workers"] == "env WIREHOUSE_WORKERS"
    assert sources["lock_wait_seconds"] == f"file {path}"
    assert sources["task_runner"] == "default"


def test_the_printed_settings_are_a_settings_file_that_gives_the_same_settings(tmp_path):
    path = write(tmp_path, "batch_size = 7\n[events]\nthreshold = 0.3\n")
    resolved = resolve_settings({}, path, environ={})
    printed = to_toml(resolved)
    for section in ("[clean.decode]", "[repair]", "[dedup]", "[events]", "[language]"):
        assert f"\n{section}\n" in printed
    assert "threshold = 0.3  # file" in printed and "batch_size = 7  # file" in printed
    again = write(tmp_path, printed)
    assert tomllib.loads(printed)["events"]["threshold"] == 0.3
    assert resolve_settings({}, again, environ={}).settings == resolved.settings
