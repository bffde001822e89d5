"""An analyst for the concurrency tests, run as its own process.

modes: `shell` keeps one read-only DuckDB connection open on what `wirehouse sql` reads and
queries it in a loop; `cli` runs `wirehouse sql` in a loop; `hold` keeps a read-only
connection on the warehouse file itself (an analyst who opened the live file) until some
seconds after a run took the writer lock; `probes` runs `wirehouse sql` once for each query
of a JSON file (name -> query) and prints name -> [exit code, output].
Prints one JSON line: queries run, failures, distinct document counts seen.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import time
from pathlib import Path

import duckdb

from flows.cli import main
from warehouse.loader import reader_path

COUNT = "SELECT count(*) FROM documents"


def shell(db: Path, stop: Path) -> dict:
    seen, queries, failures = set(), 0, []
    with duckdb.connect(str(reader_path(db)), read_only=True) as con:
        while not stop.exists():
            try:
                seen.add(con.execute(COUNT).fetchone()[0])
                queries += 1
            except duckdb.Error as error:
                failures.append(str(error))
            time.sleep(0.02)
    return {"queries": queries, "failures": failures, "seen": sorted(seen)}


def cli(db: Path, stop: Path) -> dict:
    seen, queries, failures = set(), 0, []
    while not stop.exists():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            code = main(["sql", "--db", str(db), COUNT])
        queries += 1
        if code != 0:
            failures.append(out.getvalue())
        numbers = [int(w) for w in out.getvalue().split() if w.isdigit()]
        seen.update(numbers[:1])
    return {"queries": queries, "failures": failures, "seen": sorted(seen)}


def hold(db: Path, seconds: float) -> dict:
    """Hold the live file from now until `seconds` after a run takes the writer lock."""
    lock = db.with_name(db.name + ".lock")
    first_holder = lock.read_text()
    with duckdb.connect(str(db), read_only=True) as con:
        count = con.execute(COUNT).fetchone()[0]
        print("holding", flush=True)
        while lock.read_text() in (first_holder, ""):
            time.sleep(0.02)
        time.sleep(seconds)
    return {"queries": 1, "failures": [], "seen": [count]}


def probes(db: Path, queries: Path) -> dict:
    said = {}
    for name, query in json.loads(queries.read_text()).items():
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
            code = main(["sql", "--db", str(db), query])
        said[name] = [code, out.getvalue()]
    return said


if __name__ == "__main__":
    mode, db, arg = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
    if mode == "probes":
        result = probes(db, Path(arg))
    elif mode == "hold":
        result = hold(db, float(arg))
    else:
        result = {"shell": shell, "cli": cli}[mode](db, Path(arg))
    print(json.dumps(result), flush=True)
