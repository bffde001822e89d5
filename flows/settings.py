"""Run settings: defaults, then `wirehouse.toml`, then `WIREHOUSE_*` environment, then CLI flags."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from warehouse.backends import Lake, parse_target


def config_file() -> Path:
    """The settings file: WIREHOUSE_CONFIG (set by `--config`) when given, else wirehouse.toml."""
    return Path(os.environ.get("WIREHOUSE_CONFIG", "wirehouse.toml"))


class Settings(BaseSettings):
    """Everything a run can be told: set in wirehouse.toml or as WIREHOUSE_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="WIREHOUSE_", extra="ignore", frozen=True)

    source: Path = Field(Path("seeds"), description="folder of raw articles, walked recursively")
    db: Path | Lake = Field(
        Path("warehouse/wirehouse.duckdb"),
        description="DuckDB warehouse file (created if missing), or ducklake:sqlite:PATH / "
        "ducklake:postgres:CONNINFO for a DuckLake",
    )
    data_path: str | None = Field(
        None,
        description="DuckLake only: folder (or s3:// prefix) of the lake's Parquet files; "
        "given when the lake is created, read from its catalog after",
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
    near_duplicate_threshold: float = Field(
        0.5,
        gt=0,
        le=1,
        description="estimated Jaccard from which two documents are near duplicates",
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
    template_min_documents: int = Field(
        3,
        ge=2,
        description="a short line printed by this many documents of one site is its template",
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

    @model_validator(mode="before")
    @classmethod
    def _lake_target(cls, values: dict) -> dict:
        """`db = "ducklake:..."` becomes a Lake carrying `data_path`; a plain path stays a Path."""
        if isinstance(values, dict) and isinstance(values.get("db"), str | Path):
            values = {**values, "db": parse_target(values["db"], values.get("data_path"))}
        return values

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return init_settings, env_settings, TomlConfigSettingsSource(settings_cls, config_file())


def load_settings(**overrides: object) -> Settings:
    """Settings with CLI overrides on top; None means 'not given on the command line'."""
    return Settings(**{key: value for key, value in overrides.items() if value is not None})
