"""Where the warehouse lives: the embedded DuckDB file (the default) or a DuckLake.

A DuckLake keeps its tables as Parquet files under a data path (a folder, or object storage)
and its catalog in a database: SQLite for one machine, PostgreSQL for many. Readers attach
the catalog read-only and see the last committed snapshot while one process commits a run
in one DuckLake transaction; nothing is copied for them.

The same `schema/*.sql`, `views/*.sql` and `sql/*.sql` serve both. What DuckLake lacks is
handled here, once:
- PRIMARY KEY and UNIQUE constraints are not supported: `lake_ddl` strips them from the
  schema files and remembers each table's key, CREATE INDEX statements are skipped;
- without keys, `INSERT OR REPLACE` and `INSERT ... ON CONFLICT (...) DO UPDATE` cannot bind:
  `lake_upsert` rewrites each into the same rows staged in a temp table and one MERGE INTO
  on the key (the ON CONFLICT's SET clause kept as the MERGE's);
- the fts extension indexes a DuckDB table in schemas and macros of its own: a lake keeps
  BM25 term statistics in tables (`schema/lake/*.sql`, `sql/lake/*.sql`) instead.

This module imports no duckdb: loader.py and lake.py (its connections) do.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from urllib.parse import unquote

HERE = Path(__file__).parent
LAKE_PREFIX = "ducklake:"
# A password in a libpq conninfo: the `user:x@` of a URI, ...
_URI_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]+(@)")
# ... of a key/value conninfo (`password=x`, `password='a b'`, the blank before it kept apart):
# its value runs to the next blank, '&' included; in a URI's query it stops at '&'.
_KEY_VALUE_PASSWORD = re.compile(r"(\s*\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"(\bpassword=)([^&\s]+)", re.IGNORECASE)
_URI_SCHEMES = ("postgresql://", "postgres://")
# The writer's memory by backend when `[warehouse] writer_memory_limit` is unset: a file's load
# of 10^5 documents in one run spills and passes at 512MB; a lake's ran out there (DuckLake
# buffers whole Parquet row groups of the text columns) and commits at 2GB, peak RSS 2.4 GB.
WRITER_MEMORY = {"file": "512MB", "lake": "2GB"}
# A DuckDB memory size as a setting gives it: a number and a unit.
MEMORY_SIZE = re.compile(r"\d+(?:\.\d+)?\s*(?:[KMGT]i?B|B)", re.IGNORECASE)
LAKE_ALIAS = "lake"
# The extension package that lets DuckLake reach each kind of catalog database.
CATALOG_EXTENSIONS = {"sqlite": "sqlite_scanner", "postgres": "postgres_scanner"}
# Where a lake without a local catalog file or data folder keeps its lock and staging
# (`warehouse/lake-<hash of its catalog>`: one per lake).
DEFAULT_LOCAL = Path("warehouse")


@dataclass(frozen=True, slots=True)
class WarehouseConfig:
    """`[warehouse]` of wirehouse.toml: what a DuckLake `db` needs beyond its catalog."""

    # the lake's Parquet files: a folder, or an s3:// prefix (documented, not tested); given
    # when the lake is created, read from its catalog after. A DuckDB file ignores it.
    data_path: str | None = None
    # memory the run's writer DuckDB may hold ("512MB", "2GB"); a load beyond it spills to
    # disk. Unset: WRITER_MEMORY[backend], what a run of 10^5 documents needs on each.
    writer_memory_limit: str | None = None

    def __post_init__(self) -> None:
        limit = self.writer_memory_limit
        if limit is not None and not MEMORY_SIZE.fullmatch(limit.strip()):
            raise ValueError(
                f"[warehouse] writer_memory_limit must be a size such as '512MB' or '2GB', "
                f"not {limit!r}"
            )


class LakeSpecError(ValueError):
    """A `ducklake:...` warehouse that cannot be opened as given (unknown catalog kind)."""


@dataclass(frozen=True, slots=True)
class Lake:
    """A DuckLake warehouse: `ducklake:sqlite:PATH` or `ducklake:postgres:CONNINFO`, with the
    folder (or s3:// prefix) of its Parquet files; `snapshot` pins readers to an old one."""

    catalog: str
    data_path: str | None = None
    snapshot: int | None = None

    @classmethod
    def parse(cls, text: str, data_path: str | Path | None = None) -> Lake:
        catalog = text.removeprefix(LAKE_PREFIX)
        kind = catalog.split(":", 1)[0]
        if kind not in CATALOG_EXTENSIONS or ":" not in catalog:
            raise LakeSpecError(
                f"{text!r}: expected ducklake:sqlite:PATH or ducklake:postgres:CONNINFO"
            )
        return cls(catalog, None if data_path is None else str(data_path))

    @property
    def kind(self) -> str:
        return self.catalog.split(":", 1)[0]

    @property
    def location(self) -> str:
        return self.catalog.split(":", 1)[1]

    @property
    def name(self) -> str:
        """A short name for people (reports): the catalog file, never a connection string."""
        if self.kind == "sqlite":
            return f"{LAKE_PREFIX}sqlite:{Path(self.location).name}"
        return f"{LAKE_PREFIX}{self.kind}"

    @property
    def spec(self) -> str:
        """The whole `ducklake:...` text, password included: for ATTACH and for handing the
        warehouse to a flow, never for printing."""
        return LAKE_PREFIX + self.catalog

    def __str__(self) -> str:
        """For people and logs: the spec with any password in the conninfo masked."""
        return redact(self.spec)

    def exists(self) -> bool:
        """Has a run created it? A SQLite catalog is a file; a PostgreSQL one is asked for."""
        if self.kind == "sqlite":
            return Path(self.location).exists()
        return True

    def without_password(self) -> tuple[Lake, str | None]:
        """The lake with the password taken out of its conninfo, and that password (None
        when the conninfo gives none): libpq then takes it from PGPASSWORD."""
        if self.kind != "postgres":
            return self, None
        conninfo, password = take_password(self.location)
        return replace(self, catalog=f"{self.kind}:{conninfo}"), password

    def at_snapshot(self, snapshot: int | None) -> Lake:
        return replace(self, snapshot=snapshot)

    def attach_sql(self, read_only: bool) -> str:
        """The ATTACH statement; values are quoted here because ATTACH takes no parameters."""
        options = []
        if self.data_path and not read_only:
            options.append(f"DATA_PATH {quote(self.data_path)}")
        if read_only:
            options.append("READ_ONLY")
        if self.snapshot is not None:
            options.append(f"SNAPSHOT_VERSION {int(self.snapshot)}")
        suffix = f" ({', '.join(options)})" if options else ""
        return f"ATTACH {quote(self.spec)} AS {LAKE_ALIAS}{suffix}"


def redact(text: str) -> str:
    """A conninfo with its password masked: `password=...` (libpq key/value or URI query)
    and the `user:password@` of a URI. PostgreSQL users better keep it out of the conninfo
    altogether (PGPASSWORD or ~/.pgpass, which libpq reads)."""
    pattern = _QUERY_PASSWORD if "://" in text else _KEY_VALUE_PASSWORD
    return _URI_PASSWORD.sub(r"\1***\2", pattern.sub(r"\1***", text))


def take_password(conninfo: str) -> tuple[str, str | None]:
    """A libpq conninfo without its password, and the password: key/value
    (`password=x`, `password='a b'`) or URI (`user:x@`, `?password=x`), as libpq reads them."""
    if not conninfo.startswith(_URI_SCHEMES):
        match = _KEY_VALUE_PASSWORD.search(conninfo)
        if match is None:
            return conninfo, None
        value = match.group(2)
        if value.startswith("'"):
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        rest = (conninfo[: match.start()] + conninfo[match.end() :]).strip()
        return rest, value
    password = None
    if match := _URI_PASSWORD.search(conninfo):
        password = unquote(conninfo[match.end(1) : match.start(2)])
        conninfo = conninfo[: match.end(1) - 1] + conninfo[match.start(2) :]
    base, mark, query = conninfo.partition("?")
    if mark:
        kept = []
        for item in query.split("&"):
            if item.lower().startswith("password="):
                password = unquote(item.partition("=")[2])
            else:
                kept.append(item)
        conninfo = base + ("?" + "&".join(kept) if kept else "")
    return conninfo, password


def handoff(db: Path | Lake) -> str:
    """The text that names a warehouse to a flow run: a path, or a lake's spec WITHOUT its
    password. Prefect stores a flow run's parameters in its database, so a password given in
    the conninfo moves to PGPASSWORD instead, which libpq reads in this process and in the
    flow runs it starts (`wirehouse serve` runs them in child processes)."""
    if not isinstance(db, Lake):
        return str(db)
    lake, password = db.without_password()
    if password is not None:
        given = os.environ.get("PGPASSWORD")
        if given is not None and given != password:
            raise LakeSpecError(
                f"{lake}: the conninfo gives a password and PGPASSWORD another; give one"
            )
        os.environ["PGPASSWORD"] = password
    return lake.spec


def quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def parse_target(db: str | Path | Lake, data_path: str | Path | None = None) -> Path | Lake:
    """A plain path is the DuckDB file, as always; `ducklake:...` is a lake."""
    if isinstance(db, Lake):
        return db
    text = str(db)
    if text.startswith(LAKE_PREFIX):
        return Lake.parse(text, data_path)
    return Path(db)


def local_path(db: Path | Lake) -> Path:
    """The local file that names the warehouse on this machine: the DuckDB file, the SQLite
    catalog, or the lake's data folder. The writer's lock and the staging folder sit beside it."""
    if not isinstance(db, Lake):
        return db
    if db.kind == "sqlite":
        return Path(db.location)
    if db.data_path and "://" not in db.data_path:
        return Path(db.data_path)
    catalog = db.without_password()[0].catalog  # the same folder with or without the password
    return DEFAULT_LOCAL / f"lake-{hashlib.sha256(catalog.encode()).hexdigest()[:12]}"


@dataclass(frozen=True, slots=True)
class LakeSchema:
    """The schema files as DuckLake takes them, and each table's key (for upserts)."""

    statements: tuple[str, ...]
    keys: dict[str, tuple[str, ...]]
    fingerprint: str


_CREATE_TABLE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_TABLE_KEY = re.compile(r",(\s*--[^\n]*)?\s*PRIMARY\s+KEY\s*\(([^)]*)\)", re.IGNORECASE)
_COLUMN_KEY = re.compile(
    r"^(\s*)(\"?\w+\"?)(\s.*?)\s+PRIMARY\s+KEY\b", re.IGNORECASE | re.MULTILINE
)
_UNIQUE = re.compile(r"\s+UNIQUE\b(?!\s*\()", re.IGNORECASE)
_INDEX = re.compile(r"^\s*CREATE\s+(UNIQUE\s+)?INDEX\b", re.IGNORECASE)


def lake_ddl(sql: str) -> tuple[str | None, tuple[str, ...]]:
    """One schema file for DuckLake: (statement without keys or unique constraints, the key
    columns of the table it creates). A CREATE INDEX file has no DuckLake form (None)."""
    code = "\n".join(line for line in sql.splitlines() if not line.lstrip().startswith("--"))
    if _INDEX.search(code) and not _CREATE_TABLE.search(code):
        return None, ()
    keys: list[str] = []

    def table_key(match: re.Match) -> str:
        keys.extend(column.strip().strip('"') for column in match.group(2).split(","))
        return match.group(1) or ""

    def column_key(match: re.Match) -> str:
        keys.append(match.group(2).strip('"'))
        return f"{match.group(1)}{match.group(2)}{match.group(3)}"

    ddl = _TABLE_KEY.sub(table_key, sql)
    ddl = _COLUMN_KEY.sub(column_key, ddl)
    ddl = _UNIQUE.sub("", ddl)
    return ddl, tuple(keys)


@cache
def lake_schema() -> LakeSchema:
    """Shared schema files, then the lake's own (`schema/lake/`), then the shared views."""
    statements: list[str] = []
    keys: dict[str, tuple[str, ...]] = {}
    files = [
        *sorted((HERE / "schema").glob("*.sql")),
        *sorted((HERE / "schema" / "lake").glob("*.sql")),
    ]
    for path in files:
        ddl, table_keys = lake_ddl(path.read_text(encoding="utf-8"))
        if ddl is None:
            continue
        statements.append(ddl)
        table = _CREATE_TABLE.search(ddl)
        if table and table_keys:
            keys[table.group(1)] = table_keys
    statements += [p.read_text(encoding="utf-8") for p in sorted((HERE / "views").glob("*.sql"))]
    digest = hashlib.sha256("\n;\n".join(statements).encode()).hexdigest()[:16]
    return LakeSchema(tuple(statements), keys, digest)


_UPSERT = re.compile(
    r"^\s*INSERT\s+(?P<replace>OR\s+REPLACE\s+)?INTO\s+(?P<table>\w+)"
    r"(?:\s+AS\s+(?P<alias>\w+))?(?P<by_name>\s+BY\s+NAME)?\s*(?P<columns>\([^)]*\))?"
    r"(?P<body>.*?)"
    r"(?:\s+ON\s+CONFLICT\s*\((?P<conflict>[^)]*)\)\s*DO\s+UPDATE\s+SET\s+(?P<set>.*))?\s*;?\s*$",
    re.IGNORECASE | re.DOTALL,
)
UPSERT_ROWS = "lake_upsert_rows"


def lake_upsert(statement: str, keys: dict[str, tuple[str, ...]]) -> list[str] | None:
    """An upsert rewritten for DuckLake, or None when `statement` is not one.

    `INSERT OR REPLACE INTO t ...` and `INSERT INTO t ... ON CONFLICT (k) DO UPDATE SET ...`
    need a key DuckLake cannot declare. The same rows go to a temp table typed like `t`, then
    one MERGE INTO on the key (the table's PRIMARY KEY, or the ON CONFLICT columns) updates
    the matches (every other column, or the statement's own SET with `excluded` meaning the
    new row) and inserts the rest.
    """
    code = "\n".join(
        line for line in statement.splitlines() if not line.lstrip().startswith("--")
    ).strip()
    match = _UPSERT.match(code)
    if not match or not (match.group("replace") or match.group("conflict")):
        return None
    table = match.group("table")
    target = match.group("alias") or table
    columns = match.group("columns") or ""
    key = (
        tuple(c.strip() for c in match.group("conflict").split(","))
        if match.group("conflict")
        else keys.get(table, ())
    )
    if not key:
        raise LakeSpecError(f"{table} has no key to replace rows by: {code[:80]}")
    on = " AND ".join(f"{target}.{k} = excluded.{k}" for k in key)
    if match.group("set"):
        update = f"UPDATE SET {match.group('set').strip()}"
    else:
        update = "UPDATE SET *" if not columns else f"UPDATE SET {_set_all(columns, key)}"
    insert = "INSERT BY NAME" if not columns else f"INSERT {columns} VALUES {_values(columns)}"
    by_name = " BY NAME" if match.group("by_name") else ""
    alias = f" AS {match.group('alias')}" if match.group("alias") else ""
    return [
        f"CREATE OR REPLACE TEMP TABLE {UPSERT_ROWS} AS FROM {table} LIMIT 0",
        f"INSERT INTO {UPSERT_ROWS}{by_name} {columns} {match.group('body').strip()}",
        f"MERGE INTO {table}{alias} USING {UPSERT_ROWS} AS excluded ON {on} "
        f"WHEN MATCHED THEN {update} WHEN NOT MATCHED THEN {insert}",
        f"DROP TABLE {UPSERT_ROWS}",
    ]


def _names(columns: str) -> list[str]:
    return [c.strip() for c in columns.strip("() \n").split(",")]


def _set_all(columns: str, key: tuple[str, ...]) -> str:
    return ", ".join(f"{c} = excluded.{c}" for c in _names(columns) if c.strip('"') not in key)


def _values(columns: str) -> str:
    return "(" + ", ".join(f"excluded.{c}" for c in _names(columns)) + ")"
