"""What DuckLake lacks, handled once (warehouse/backends.py), on real DuckDB files and real
DuckLakes with a SQLite catalog: schema files without keys, upserts as MERGE, fts's stop words,
settings and targets."""

from __future__ import annotations

import os

import duckdb
import pytest

from flows.settings import SettingsError, load_settings, resolve_settings, to_toml
from warehouse import loader, reader
from warehouse.backends import (
    Lake,
    LakeSpecError,
    handoff,
    lake_ddl,
    lake_schema,
    lake_upsert,
    local_path,
)
from warehouse.lake import fts_stopwords
from warehouse.staging import staging_root

pytestmark = pytest.mark.fast


def test_lake_ddl_strips_column_and_table_keys_and_keeps_them():
    ddl, keys = lake_ddl(
        "CREATE TABLE IF NOT EXISTS t (\n"
        "    a VARCHAR PRIMARY KEY,        -- the key\n"
        "    b INTEGER NOT NULL\n);"
    )
    assert "PRIMARY KEY" not in ddl and "a VARCHAR" in ddl and "-- the key" in ddl
    assert keys == ("a",)
    ddl, keys = lake_ddl(
        "CREATE TABLE IF NOT EXISTS t (\n    a VARCHAR NOT NULL,\n    n BIGINT NOT NULL,"
        "   -- count\n    PRIMARY KEY (a, n)\n);"
    )
    assert "PRIMARY KEY" not in ddl and "-- count" in ddl and keys == ("a", "n")
    assert lake_ddl("CREATE INDEX documents_site ON documents (site);") == (None, ())


def test_every_schema_file_has_a_lake_form_with_the_keys_of_the_file():
    schema = lake_schema()
    assert not any("PRIMARY KEY" in statement for statement in schema.statements)
    assert schema.keys["paragraphs"] == ("doc_id", "ordinal")
    assert schema.keys["casing_lexicon"] == ("phrase_key", "cased_form")
    assert schema.keys["event_documents"] == ("doc_id",)


def test_lake_upsert_rewrites_only_upserts():
    keys = {"t": ("k",)}
    assert lake_upsert("INSERT INTO t (k, v) SELECT 1, 2", keys) is None
    assert lake_upsert("DELETE FROM t", keys) is None
    merge = lake_upsert("INSERT OR REPLACE INTO t (k, v) VALUES (1, 2)", keys)[2]
    assert merge.startswith("MERGE INTO t USING") and "t.k = excluded.k" in merge
    with pytest.raises(LakeSpecError):
        lake_upsert("INSERT OR REPLACE INTO unknown (k) VALUES (1)", keys)


UPSERT_CASES = {
    "replace": "INSERT OR REPLACE INTO t (k, v, n) SELECT k, v, n FROM new_rows",
    "replace by name": "INSERT OR REPLACE INTO t BY NAME SELECT * FROM new_rows",
    "on conflict set": (
        "INSERT INTO t AS c (k, v, n) SELECT k, v, n FROM new_rows "
        "ON CONFLICT (k) DO UPDATE SET n = c.n + excluded.n"
    ),
    "on conflict replace": (
        "INSERT INTO t (k, v, n) SELECT k, v, n FROM new_rows "
        "ON CONFLICT (k) DO UPDATE SET v = excluded.v, n = excluded.n"
    ),
}


@pytest.mark.parametrize("statement", UPSERT_CASES.values(), ids=UPSERT_CASES.keys())
def test_an_upsert_leaves_a_lake_as_it_leaves_a_file(tmp_path, statement):
    """The same statement on a keyed DuckDB table and, rewritten, on a DuckLake table."""
    file_con = duckdb.connect(str(tmp_path / "file.duckdb"))
    file_con.execute("CREATE TABLE t (k VARCHAR PRIMARY KEY, v VARCHAR, n INTEGER)")
    lake_con = loader.connect(Lake(f"sqlite:{tmp_path / 'c.sqlite'}", str(tmp_path / "data")))
    lake_con.execute("CREATE TABLE t (k VARCHAR, v VARCHAR, n INTEGER)")
    script = tmp_path / "upsert.sql"
    script.write_text(statement + ";\n")
    for con in (file_con, lake_con):
        con.execute("INSERT INTO t VALUES ('a', 'old', 1), ('b', 'old', 2)")
        con.execute(
            "CREATE TEMP TABLE new_rows AS "
            "SELECT * FROM (VALUES ('b', 'new', 10), ('c', 'new', 20)) AS r(k, v, n)"
        )
    file_con.execute(statement)
    for part in lake_upsert(statement, {"t": ("k",)}):
        lake_con.execute(part)
    expected = file_con.execute("SELECT * FROM t ORDER BY k").fetchall()
    assert lake_con.execute("SELECT * FROM t ORDER BY k").fetchall() == expected
    assert len(expected) == 3 and expected[0] == ("a", "old", 1)


def test_apply_schema_on_a_lake_commits_once_until_the_files_change(tmp_path):
    lake = Lake(f"sqlite:{tmp_path / 'c.sqlite'}", str(tmp_path / "data"))
    con = loader.connect(lake)
    try:
        loader.apply_schema(con)
        loader.apply_schema(con)
        snapshots = con.execute("SELECT count(*) FROM lake.snapshots()").fetchone()[0]
        views = con.execute(
            "SELECT count(*) FROM duckdb_views() WHERE database_name = 'lake'"
        ).fetchone()[0]
    finally:
        con.close()
    assert snapshots == 2  # the lake's creation, then the schema: the second apply added none
    assert views >= 6


def test_the_stop_word_file_is_the_fts_extensions_list():
    con = duckdb.connect()
    loader.load_extension(con, "fts")
    con.execute("CREATE TABLE probe (id INTEGER, t VARCHAR)")
    con.execute("PRAGMA create_fts_index('probe', 'id', 't', stopwords = 'english')")
    words = [w for (w,) in con.execute("SELECT sw FROM fts_main_probe.stopwords").fetchall()]
    assert fts_stopwords()["sw"].to_pylist() == words
    assert len(words) == 571


def test_settings_parse_a_lake_and_keep_plain_paths(tmp_path):
    lake = load_settings(db="ducklake:sqlite:lake/c.sqlite", data_path="lake/data").db
    assert lake == Lake("sqlite:lake/c.sqlite", "lake/data")
    assert str(local_path(lake)) == "lake/c.sqlite"
    conninfo = "ducklake:postgres:postgresql://user@host//db"  # a URI keeps its double slash
    assert str(load_settings(db=conninfo, data_path=str(tmp_path)).db) == conninfo
    assert local_path(load_settings(db=conninfo, data_path=str(tmp_path)).db) == tmp_path
    assert load_settings(db=str(tmp_path / "w.duckdb")).db == tmp_path / "w.duckdb"
    with pytest.raises(ValueError):
        load_settings(db="ducklake:mysql:x")


def test_a_lakes_data_path_is_the_warehouse_section_of_the_same_settings_loader(tmp_path):
    """`db` names the lake, `[warehouse] data_path` its Parquet files; the environment and
    --data-path beat the file, a top-level data_path is a moved key, `config` prints both."""
    path = tmp_path / "wirehouse.toml"
    path.write_text('db = "ducklake:sqlite:lake/c.sqlite"\n[warehouse]\ndata_path = "lake/d"\n')
    resolved = resolve_settings({}, path, environ={})
    assert resolved.settings.db == Lake("sqlite:lake/c.sqlite", "lake/d")
    assert resolved.sources["warehouse.data_path"] == f"file {path}"
    environ = {"WIREHOUSE_DATA_PATH": "env/d"}
    assert resolve_settings({}, path, environ=environ).settings.db.data_path == "env/d"
    flagged = resolve_settings({"data_path": "flag/d"}, path, environ=environ)
    assert flagged.settings.data_path == "flag/d"
    assert flagged.sources["warehouse.data_path"] == "flag --data-path"
    printed = to_toml(flagged)
    assert 'db = "ducklake:sqlite:lake/c.sqlite"' in printed
    assert '\n[warehouse]\ndata_path = "flag/d"  # flag --data-path' in printed
    path.write_text('db = "ducklake:sqlite:lake/c.sqlite"\ndata_path = "lake/d"\n')
    with pytest.raises(SettingsError, match=r"\[warehouse\] data_path"):
        resolve_settings({}, path, environ={})
    path.write_text("db = 3\n")
    with pytest.raises(SettingsError, match="db must be a string"):
        resolve_settings({}, path, environ={})


def test_a_lakes_lock_and_staging_sit_beside_its_own_anchor(tmp_path):
    sqlite = Lake(f"sqlite:{tmp_path / 'c.sqlite'}", str(tmp_path / "data"))
    assert staging_root(sqlite) == tmp_path / "c.sqlite.staging"
    postgres = Lake("postgres:dbname=a", None)
    other = Lake("postgres:dbname=b", None)
    assert local_path(postgres) != local_path(other)  # one lock and staging folder per lake
    assert staging_root(postgres).name.startswith("lake-")
    with loader.writer_lock(sqlite) as first, loader.writer_lock(sqlite) as second:
        assert (first, second) == (True, False)
        assert loader.run_in_progress(sqlite)
    assert (tmp_path / "c.sqlite.lock").is_file()


REFUSED_ON_A_LAKE = {
    "sqlite_scan": "SELECT * FROM sqlite_scan('{other}', 'secret')",
    "query": "SELECT * FROM query('SELECT * FROM sqlite_scan(''{other}'', ''secret'')')",
    "in a cte": "WITH s AS (SELECT * FROM sqlite_scan('{other}', 'secret')) SELECT * FROM s",
    "explain analyze": "EXPLAIN ANALYZE SELECT * FROM sqlite_scan('{other}', 'secret')",
    "maintenance": "SELECT * FROM ducklake_cleanup_old_files('lake', cleanup_all => true)",
    "read_csv": "SELECT * FROM read_csv('{other}')",
    "insert": "INSERT INTO runs (run_id) VALUES ('x')",
    "attach": "ATTACH '{other}' AS o",
}


@pytest.fixture
def small_lake(tmp_path) -> Lake:
    lake = Lake(f"sqlite:{tmp_path / 'c.sqlite'}", str(tmp_path / "data"))
    con = loader.connect(lake)
    try:
        loader.apply_schema(con)
        con.execute("INSERT INTO casing_lexicon VALUES ('kerry', 'Kerry', 3)")
        con.execute(  # enough rows for a Parquet file: a few would be inlined in the catalog
            "INSERT INTO casing_lexicon SELECT 'w' || i, 'W' || i, i FROM range(1, 20001) AS r(i)"
        )
    finally:
        con.close()
    return lake


@pytest.mark.parametrize("sql", REFUSED_ON_A_LAKE.values(), ids=REFUSED_ON_A_LAKE.keys())
def test_the_guarded_reader_of_a_lake_refuses_what_reaches_past_it(small_lake, tmp_path, sql):
    """The lake's catalog scanner stays loaded in its reader, and sqlite_scan reads any SQLite
    file whatever enable_external_access says: such calls are refused before anything runs."""
    import sqlite3

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE IF NOT EXISTS secret (x)")
        con.execute("INSERT INTO secret VALUES ('hush')")
    with reader.Reader(small_lake) as session:
        with pytest.raises(loader.QueryError) as refused:
            session.fetch(sql.format(other=other))
        assert "hush" not in str(refused.value)
        found = session.fetch("SELECT cased_form, n FROM casing_lexicon WHERE phrase_key = 'kerry'")
        assert found.rows() == [("Kerry", 3)]
        assert session.fetch("SELECT sum(n) FROM casing_lexicon").rows() == [(200010003,)]
        snapshots = session.fetch("SELECT count(*) FROM ducklake_snapshots('lake')")
        assert snapshots.rows()[0][0] >= 2
    assert isinstance(refused.value, reader.RefusedError) or "Permission" in str(refused.value)


def test_an_s3_data_path_needs_credentials_and_says_so(tmp_path, monkeypatch):
    """httpfs and aws load from the pinned packages; with no AWS credentials the lake stops
    with a plain message (no S3 is reached from here)."""
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    lake = Lake(f"sqlite:{tmp_path / 'c.sqlite'}", "s3://wirehouse-test/lake/")
    with pytest.raises(loader.WarehouseWriteError, match="needs AWS credentials"):
        loader.connect(lake)


@pytest.mark.parametrize(
    "conninfo",
    [
        "dbname=news host=db.example password=s3cret user=analyst",
        "dbname=news password='s3 cret' user=analyst",
        "dbname=news password=s3&cret user=analyst",
        "postgresql://analyst:s3cret@db.example:5432/news?sslmode=require",
        "postgresql://analyst@db.example/news?password=s3cret&sslmode=require",
    ],
)
def test_a_password_in_the_catalog_conninfo_is_masked_wherever_a_lake_is_printed(
    tmp_path, conninfo
):
    """str() of a lake (messages, logs, `wirehouse config`) masks the password; its spec,
    what ATTACH and the flows receive, keeps it."""
    text = f"ducklake:postgres:{conninfo}"
    resolved = resolve_settings({"db": text, "data_path": str(tmp_path)}, None, environ={})
    lake = resolved.settings.db
    assert "s3" not in str(lake) and "cret" not in str(lake) and "***" in str(lake)
    assert "cret" not in to_toml(resolved)
    assert lake.spec == text and conninfo.replace("'", "''") in lake.attach_sql(False)
    assert load_settings(db=lake.spec, data_path=str(tmp_path)).db == lake


PASSWORDS = {  # conninfo -> (what a flow run is handed, the password libpq gets)
    "dbname=news host=db.example password=s3cret user=analyst": (
        "dbname=news host=db.example user=analyst", "s3cret"),
    "dbname=news password='s3 c\\'ret' user=analyst": ("dbname=news user=analyst", "s3 c'ret"),
    "postgresql://analyst:s3%40cret@db.example:5432/news?sslmode=require": (
        "postgresql://analyst@db.example:5432/news?sslmode=require", "s3@cret"),
    "postgresql://analyst@db.example/news?sslmode=require&password=s3cret": (
        "postgresql://analyst@db.example/news?sslmode=require", "s3cret"),
    "dbname=news password=s3&c=ret": ("dbname=news", "s3&c=ret"),
    "dbname=news host=db.example": ("dbname=news host=db.example", None),
}  # fmt: skip


@pytest.mark.fast
@pytest.mark.parametrize("conninfo", PASSWORDS)
def test_a_flow_run_is_handed_the_lake_without_its_password_which_moves_to_pgpassword(
    tmp_path, monkeypatch, conninfo
):
    """Prefect stores a flow run's parameters in its database: the lake a command hands a
    flow has no password; libpq reads it from PGPASSWORD, in this process and its children.
    Both the lake's local folder and its printed name stay those of the whole spec."""
    monkeypatch.setenv("PGPASSWORD", "")  # recorded, so that what handoff sets is undone
    monkeypatch.delenv("PGPASSWORD")
    lake = Lake(f"postgres:{conninfo}")
    expected, password = PASSWORDS[conninfo]
    handed = handoff(lake)
    assert handed == f"ducklake:postgres:{expected}" and "cret" not in handed
    assert os.environ.get("PGPASSWORD") == password
    assert local_path(Lake.parse(handed)) == local_path(lake)
    assert handoff(lake) == handed  # the same password again is no conflict
    assert handoff(tmp_path / "w.duckdb") == str(tmp_path / "w.duckdb")


@pytest.mark.fast
def test_a_conninfo_password_that_disagrees_with_pgpassword_is_refused(monkeypatch):
    monkeypatch.setenv("PGPASSWORD", "another")
    with pytest.raises(LakeSpecError, match="PGPASSWORD another; give one") as caught:
        handoff(Lake("postgres:dbname=news password=s3cret"))
    assert "s3cret" not in str(caught.value) and os.environ["PGPASSWORD"] == "another"


def test_the_writer_memory_limit_is_a_warehouse_setting_that_reaches_the_writer(tmp_path):
    """Unset, a file's writer holds 512MB and a lake's 2GB (what a run of 10^5 documents
    needs on each); `[warehouse] writer_memory_limit` sets both; a bad size is refused."""
    from flows.tasks import retry_policy

    file, lake = tmp_path / "w.duckdb", Lake(f"sqlite:{tmp_path / 'c.sqlite'}", str(tmp_path / "d"))

    def writer_limit(db, policy) -> str:
        con = loader.connect(db, retry=policy)
        try:
            return con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
        finally:
            con.close()

    unset = retry_policy(resolve_settings({"db": str(file)}, None, environ={}).settings)
    assert writer_limit(file, unset) == "488.2 MiB"  # 512 MB as DuckDB prints it
    assert writer_limit(lake, unset) == "1.8 GiB"  # 2 GB
    path = tmp_path / "wirehouse.toml"
    path.write_text('[warehouse]\nwriter_memory_limit = "300MB"\n')
    policy = retry_policy(resolve_settings({"db": str(file)}, path, environ={}).settings)
    assert writer_limit(file, policy) == writer_limit(lake, policy) == "286.1 MiB"
    path.write_text('[warehouse]\nwriter_memory_limit = "lots"\n')
    with pytest.raises(SettingsError, match="writer_memory_limit must be a size such as"):
        resolve_settings({}, path, environ={})


def test_a_statement_failing_without_scan_order_raises_its_own_error():
    """`unordered` sets scan order back after its statements; when one fails, the aborted
    transaction's refusal of RESET must not replace the statement's own error."""
    con = duckdb.connect()
    con.execute("CREATE TABLE t (a INTEGER PRIMARY KEY)")
    con.execute("BEGIN TRANSACTION")
    with pytest.raises(duckdb.ConstraintException), loader.unordered(con):
        con.execute("INSERT INTO t VALUES (1), (1)")
    con.execute("ROLLBACK")
    with loader.unordered(con):
        assert not con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    assert con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
