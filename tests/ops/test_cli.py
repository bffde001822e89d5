"""Configuration on every command: --config, --db, and `schedule` for serve."""

from __future__ import annotations

import pytest

from flows.cli import build_parser, main
from tests.conftest import empty_config

COMMANDS = ["ingest", "sql", "status", "serve", "backfill", "watch", "explain"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_takes_a_config_file_and_a_warehouse(command: str, capsys):
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args([command, "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    assert "--config" in text and "--db" in text


def test_a_missing_config_file_is_a_clear_error(tmp_path, capsys):
    assert main(["status", "--config", str(tmp_path / "nope.toml")]) == 2
    assert "config file not found" in capsys.readouterr().err


def test_serve_needs_a_schedule_from_the_flag_or_the_config(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("WIREHOUSE_CONFIG", empty_config(tmp_path))
    config = tmp_path / "wirehouse.toml"
    config.write_text(f'db = "{tmp_path / "w.duckdb"}"\n', encoding="utf-8")
    assert main(["serve", "--config", str(config)]) == 2
    assert "no schedule" in capsys.readouterr().err


def test_the_config_file_sets_the_schedule(tmp_path, monkeypatch):
    from flows.settings import load_settings

    config = tmp_path / "wirehouse.toml"
    config.write_text('schedule = "0 6 * * *"\nbatch_size = 7\n', encoding="utf-8")
    monkeypatch.setenv("WIREHOUSE_CONFIG", str(config))
    monkeypatch.setenv("WIREHOUSE_BATCH_SIZE", "9")  # environment beats the file
    settings = load_settings()
    assert (settings.schedule, settings.batch_size) == ("0 6 * * *", 9)
    assert load_settings(schedule="*/5 * * * *").schedule == "*/5 * * * *"  # flags beat both
