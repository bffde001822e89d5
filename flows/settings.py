"""Run settings: defaults, then `wirehouse.toml`, then `WIREHOUSE_*` environment, then CLI flags.

The file has top-level keys (where files are, how a run is shaped) and one section per stage
(`[clean]`, `[clean.dump]`, `[language]`, `[repair]`, `[dedup]`, `[events]`, ...), and
`[warehouse]` says what a DuckLake warehouse (`db = "ducklake:..."`) needs beyond `db`. A section
fills the fields of the stage's frozen config dataclass in `transforms/`, so a stage's tuned
constants have one definition (the dataclass, with its calibration comment) and every one of
them can be set here. An unknown key or a wrong type stops the command with the file and the
key named; each resolved value remembers where it came from (`wirehouse config` prints them).
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import tomllib
import typing
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator

from transforms.clean import CleanConfig
from transforms.dedup import DedupConfig
from transforms.events import EventConfig
from transforms.language import LanguageConfig
from transforms.quotes import QuoteConfig
from transforms.repair import RepairConfig
from transforms.warc import WarcConfig
from warehouse.backends import Lake, WarehouseConfig, parse_target

ENV_PREFIX = "WIREHOUSE_"
DEFAULT_FILE = Path("wirehouse.toml")


class SettingsError(ValueError):
    """A settings file, variable or flag that cannot be used: the message names it."""


def config_file() -> Path:
    """The settings file: WIREHOUSE_CONFIG (set by `--config`) when given, else wirehouse.toml."""
    return Path(os.environ.get("WIREHOUSE_CONFIG", DEFAULT_FILE))


@dataclass(frozen=True, slots=True)
class Stages:
    """Every stage's config, one `wirehouse.toml` section each (nested dataclasses are nested
    sections: `[clean.dump]`, `[repair.detect]`)."""

    clean: CleanConfig = field(default_factory=CleanConfig)
    language: LanguageConfig = field(default_factory=LanguageConfig)
    repair: RepairConfig = field(default_factory=RepairConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    events: EventConfig = field(default_factory=EventConfig)
    quotes: QuoteConfig = field(default_factory=QuoteConfig)
    warc: WarcConfig = field(default_factory=WarcConfig)
    warehouse: WarehouseConfig = field(default_factory=WarehouseConfig)  # not a stage: the backend


class Settings(BaseModel):
    """Everything a run can be told: top-level keys of wirehouse.toml, WIREHOUSE_<NAME>, flags;
    `stages` comes from the file's sections."""

    model_config = ConfigDict(extra="forbid", frozen=True, arbitrary_types_allowed=True)

    source: Path = Field(Path("seeds"), description="folder of raw articles, walked recursively")
    db: Path | Lake = Field(
        Path("warehouse/wirehouse.duckdb"),
        description="DuckDB warehouse file (created if missing), or a DuckLake: "
        "ducklake:sqlite:PATH or ducklake:postgres:CONNINFO (its Parquet files: [warehouse] "
        "data_path)",
    )
    batch_size: int = Field(
        1000, ge=1, description="files per task run; one Prefect task run per stage per batch"
    )
    workers: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=1,
        description="processes for the CPU-bound stages",
    )
    file_timeout_seconds: float = Field(
        30.0, gt=0, description="longest time one file may take to clean; then it is rejected"
    )
    lock_wait_seconds: float = Field(
        0.0, ge=0, description="how long a run waits for another run on the same warehouse"
    )
    busy_wait_seconds: float = Field(
        60.0,
        ge=0,
        description="how long a run waits for another process holding the warehouse file "
        "(an analyst's session on it) before it stops with exit code 3",
    )
    # 5,000 took the flow process to 1.8 GB while placing a 100k run's events
    event_chunk_size: int = Field(
        2_000,
        ge=1,
        description="new reports grouped into events at once; a larger run goes chunk by chunk",
    )
    glossaries: list[Path] = Field(
        default_factory=list,
        description="extra glossary TOML files, applied after the shipped ones",
    )
    task_runner: Literal["process", "dask"] = Field(
        "process",
        description="where CPU stages run: a local process pool, or a Dask cluster (prefect-dask)",
    )
    dask_address: str | None = Field(
        None,
        description="Dask scheduler (tcp://host:8786); without one a temporary LocalCluster runs",
    )
    schedule: str | None = Field(
        None,
        description="cron schedule of `wirehouse serve` (e.g. '*/15 * * * *'); --cron overrides it",
    )
    stages: Stages = Field(default_factory=Stages, exclude=True)

    @model_validator(mode="before")
    @classmethod
    def _lake_target(cls, values: object) -> object:
        """`db = "ducklake:..."` becomes a Lake carrying `[warehouse] data_path`; a plain
        path stays a Path (parsed here, not as a Path: a conninfo URI keeps its '//')."""
        if isinstance(values, dict) and isinstance(values.get("db"), str | Path):
            stages = values.get("stages")
            data_path = stages.warehouse.data_path if isinstance(stages, Stages) else None
            values = {**values, "db": parse_target(values["db"], data_path)}
        return values

    @property
    def data_path(self) -> str | None:
        """A lake's folder (or s3:// prefix) of Parquet files: `[warehouse] data_path`."""
        return self.stages.warehouse.data_path


TOP_LEVEL = tuple(name for name in Settings.model_fields if name != "stages")
# Keys that moved into a stage's section: a file that still has them is told where they went.
MOVED = {
    "near_duplicate_threshold": "[dedup] near_duplicate_threshold",
    "template_min_documents": "[clean] template_min_documents",
    "data_path": "[warehouse] data_path",
}
# Flags and variables that set a key of a section: name -> (section, key).
SECTION_FLAGS = {"data_path": ("warehouse", "data_path")}


@dataclass(frozen=True, slots=True)
class Resolved:
    """The settings and, for every key (dotted for sections), where its value came from."""

    settings: Settings
    sources: dict[str, str]


def load_settings(**overrides: object) -> Settings:
    """Settings with CLI overrides on top; None means 'not given on the command line'."""
    return resolve_settings(overrides).settings


def resolve_settings(
    flags: Mapping[str, object] | None = None,
    path: Path | None = None,
    environ: Mapping[str, str] | None = None,
) -> Resolved:
    """Defaults, then the file, then the environment, then the flags given (not None)."""
    path = path or config_file()
    environ = os.environ if environ is None else environ
    table = read_file(path)
    sources: dict[str, str] = {}
    values: dict[str, object] = {}
    for key, value in table.items():
        if isinstance(value, dict) and key not in TOP_LEVEL:
            continue  # a stage's section: read below
        if key in MOVED:
            raise SettingsError(f"{path}: `{key}` moved to {MOVED[key]}")
        if key not in TOP_LEVEL:
            raise SettingsError(_unknown(path, key, TOP_LEVEL + tuple(_section_names())))
        annotation = str if key == "db" else Settings.model_fields[key].annotation
        values[key] = _validate(annotation, value, f"{path}: {key}")
        sources[key] = f"file {path}"
    for key in TOP_LEVEL:
        name = ENV_PREFIX + key.upper()
        if name in environ:
            values[key], sources[key] = _from_env(key, environ[name]), f"env {name}"
    flags = {key: value for key, value in (flags or {}).items() if value is not None}
    table, section_sources = _section_overrides(table, flags, environ)
    for key, value in flags.items():
        if key not in SECTION_FLAGS:
            values[key], sources[key] = value, f"flag --{key.replace('_', '-')}"
    try:
        stages = fill_stages(table, path, sources)
        sources.update(section_sources)
        settings = Settings(**values, stages=stages)
    except ValidationError as error:
        raise SettingsError(_invalid(error, sources)) from None
    for key in TOP_LEVEL:
        sources.setdefault(key, "default")
    return Resolved(settings, sources)


def _section_overrides(
    table: Mapping[str, Any], flags: Mapping[str, object], environ: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The file's table with WIREHOUSE_<NAME> and flags of section keys (`SECTION_FLAGS`:
    `--data-path` sets `[warehouse] data_path`) put in, later ones winning, and their sources."""
    table = dict(table)
    sources: dict[str, str] = {}
    for name, (section, key) in SECTION_FLAGS.items():
        for value, source in (
            (environ.get(ENV_PREFIX + name.upper()), f"env {ENV_PREFIX}{name.upper()}"),
            (flags.get(name), f"flag --{name.replace('_', '-')}"),
        ):
            if value is not None:
                table[section] = {**table.get(section, {}), key: value}
                sources[f"{section}.{key}"] = source
    return table, sources


def read_file(path: Path) -> dict[str, Any]:
    """The TOML table of `path`; a missing default file is an empty one."""
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        if path == DEFAULT_FILE:
            return {}
        raise SettingsError(f"{path}: settings file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from None
    except OSError as error:
        raise SettingsError(f"{path}: cannot read ({error.strerror})") from None


def fill_stages(table: Mapping[str, Any], path: Path, sources: dict[str, str]) -> Stages:
    """The stages' configs with the file's sections applied; sources gets each key set."""
    sections = {key: value for key, value in table.items() if key not in TOP_LEVEL}
    return fill(Stages, sections, "", path, sources)


def fill(cls: type, table: Mapping[str, Any], prefix: str, path: Path, sources: dict) -> Any:
    """An instance of dataclass `cls` with `table`'s keys set, nested tables filling nested
    dataclasses; refused: keys `cls` lacks, runtime-only fields, values of the wrong type."""
    fields = settable_fields(cls)
    hints = _hints(cls)
    changes: dict[str, object] = {}
    for key, value in table.items():
        dotted = f"{prefix}{key}"
        if key not in fields:
            raise SettingsError(_unknown(path, dotted, [f"{prefix}{name}" for name in fields]))
        hint = hints[key]
        if fixed := fields[key].metadata.get("fixed"):
            raise SettingsError(f"{path}: {_where(dotted)} cannot be set: {fixed}")
        if dataclasses.is_dataclass(hint):
            if not isinstance(value, dict):
                raise SettingsError(f"{path}: [{dotted}] is a section, not a value")
            changes[key] = fill(hint, value, f"{dotted}.", path, sources)
        else:
            changes[key] = _validate(hint, value, f"{path}: {_where(dotted)}")
            sources[dotted] = f"file {path}"
    try:
        return cls(**changes)
    except ValueError as error:  # a config's own check of its values (__post_init__)
        raise SettingsError(f"{path}: {error}") from None


def settable_fields(cls: type) -> dict[str, dataclasses.Field]:
    """The fields of a config dataclass a file may set (not those marked runtime-only)."""
    return {
        f.name: f
        for f in dataclasses.fields(cls)
        if f.init and not f.metadata.get("runtime", False)
    }


def effective_values(resolved: Resolved) -> list[tuple[str, list[tuple[str, object, str]]]]:
    """(section, [(key, value, source)]) for the top level ("") and every stage section, in
    the order `wirehouse config` prints them."""
    settings, sources = resolved.settings, resolved.sources
    top = [(key, getattr(settings, key), sources.get(key, "default")) for key in TOP_LEVEL]
    return [("", top), *_section_values(settings.stages, "", sources)]


def _section_values(config: object, prefix: str, sources: Mapping[str, str]) -> list:
    rows, nested = [], []
    for name in settable_fields(type(config)):
        value = getattr(config, name)
        dotted = f"{prefix}{name}"
        if dataclasses.is_dataclass(value):
            nested += _section_values(value, f"{dotted}.", sources)
        elif fixed := type(config).__dataclass_fields__[name].metadata.get("fixed"):
            rows.append((name, value, f"fixed: {fixed}"))
        else:
            rows.append((name, value, sources.get(dotted, "default")))
    section = prefix.rstrip(".")
    return ([(section, rows)] if section and rows else []) + nested


def to_toml(resolved: Resolved) -> str:
    """The effective settings as a TOML file, each value commented with where it came from."""
    lines = ["# wirehouse: effective settings (value  # where it came from)"]
    for section, rows in effective_values(resolved):
        if section:
            lines += ["", f"[{section}]"]
        for key, value, source in rows:
            if value is None or source.startswith("fixed"):
                shown = "is not set" if value is None else f"= {toml_value(value)}"
                lines.append(f"# {key} {shown}  # {source}")
            else:
                lines.append(f"{key} = {toml_value(value)}  # {source}")
    return "\n".join(lines) + "\n"


def toml_value(value: object) -> str:
    """One value in TOML syntax: strings, numbers, booleans, paths, arrays, inline tables."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | Path | Lake):
        return json.dumps(str(value), ensure_ascii=False)
    if isinstance(value, Mapping):
        items = ", ".join(f"{json.dumps(str(k))} = {toml_value(v)}" for k, v in value.items())
        return "{ " + items + " }" if items else "{}"
    if isinstance(value, set | frozenset):
        value = sorted(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(item) for item in value) + "]"
    raise TypeError(f"no TOML form for {type(value).__name__}")


def _section_names(cls: type = Stages, prefix: str = "") -> list[str]:
    names = []
    hints = _hints(cls)
    for name in settable_fields(cls):
        if dataclasses.is_dataclass(hints[name]):
            names.append(f"{prefix}{name}")
            names += _section_names(hints[name], f"{prefix}{name}.")
    return names


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


_SCALARS: tuple[Any, ...] = (bool, int, float, str)


def _validate(hint: Any, value: object, where: str) -> object:
    """`value` as `hint`: exact for scalars (no "10" for 10); a list may stand for a tuple,
    set or frozenset and a string for a path."""
    adapter = TypeAdapter(hint)
    try:
        return adapter.validate_python(value, strict=True)
    except ValidationError as error:
        if hint in _SCALARS:
            raise SettingsError(f"{where} must be {_type_name(hint)}, not {value!r}") from None
        try:
            return adapter.validate_python(value)
        except ValidationError:
            raise SettingsError(f"{where}: {error.errors()[0]['msg']} (got {value!r})") from None


def _from_env(key: str, text: str) -> object:
    """An environment value: JSON for a list (`["a.toml"]`), the text otherwise."""
    if Settings.model_fields[key].annotation == list[Path]:
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            raise SettingsError(
                f"{ENV_PREFIX}{key.upper()}: a JSON list is expected, e.g. '[\"a.toml\"]'"
            ) from None
    return text


def _unknown(path: Path, dotted: str, known: typing.Iterable[str]) -> str:
    """Names the key and its section, and the nearest known keys."""
    section, _, key = dotted.rpartition(".")
    where = f" in [{section}]" if section else ""
    near = difflib.get_close_matches(dotted, list(known), n=3, cutoff=0.6)
    hint = f"; did you mean {', '.join(near)}?" if near else ""
    return f"{path}: unknown key `{key}`{where}{hint} (`wirehouse config` lists every key)"


def _where(dotted: str) -> str:
    section, _, key = dotted.rpartition(".")
    return f"[{section}] {key}" if section else key


def _invalid(error: ValidationError, sources: Mapping[str, str]) -> str:
    first = error.errors()[0]
    key = str(first["loc"][0]) if first["loc"] else "?"
    origin = sources.get(key, "default")
    return f"{key} ({origin}): {first['msg']} (got {first.get('input')!r})"


def _type_name(hint: Any) -> str:
    return {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}[hint]
