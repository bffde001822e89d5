"""The DuckDB file against DuckLake (SQLite catalog, local data folder) at 10k and 100k documents.

For each size and backend, one run each (a 100k run takes most of an hour here): `wirehouse
ingest` of a fresh corpus into a fresh warehouse, in its own process with Prefect's temporary
server, measured as benchmarks/throughput.py does (wall, CPU seconds of the process tree,
peak PSS of the tree and of the flow process); then a small incremental run (50 new files)
on the loaded warehouse, which is what a scheduled run pays at that size. The file's
per-run publish cost is the copy of the warehouse for readers (`publish_snapshot`, median of
3, timed alone); a lake publishes by committing its catalog, so it has none: its readers
attach the committed snapshot.

    .venv/bin/python benchmarks/lake.py --sizes 10000,100000 --workdir /tmp/wirehouse-bench
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from throughput import ensure_corpus, measured  # noqa: E402

from warehouse import loader  # noqa: E402
from warehouse.backends import Lake  # noqa: E402

INCREMENT_FILES = 50


def folder_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def ingest(source: Path, db: Path | Lake, env: dict[str, str]):
    command = [sys.executable, "-m", "flows.cli", "ingest", "--source", str(source)]
    command += ["--db", db.spec if isinstance(db, Lake) else str(db), "--quiet"]
    if isinstance(db, Lake):
        command += ["--data-path", str(db.data_path)]
    return measured(command, env)


def last_run(db: Path | Lake) -> dict:
    columns, rows = loader.query(
        db,
        "SELECT documents_loaded, stage_seconds['load'] AS load_seconds, "
        "stage_seconds['load_search'] AS search_seconds FROM runs ORDER BY started_at DESC LIMIT 1",
    )
    return dict(zip(columns, rows[0], strict=True))


def publish_seconds(db: Path) -> float:
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        loader.publish_snapshot(db)
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000")
    parser.add_argument("--kind", default="dumps", choices=("dumps", "html", "mixed"))
    parser.add_argument("--backends", default="file,lake")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wirehouse-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    # a Prefect home per backend list: two invocations side by side share no SQLite database
    home = args.workdir / f"prefect-{args.backends.replace(',', '-')}"
    env = {**os.environ, "PREFECT_HOME": str(home), "PYTHONPATH": str(REPO)}
    for size in map(int, args.sizes.split(",")):
        corpus = ensure_corpus(args.workdir, args.kind, size)
        extra = args.workdir / f"increment-{size}"
        if not extra.exists():
            subprocess.run(
                [sys.executable, "benchmarks/corpus.py", str(extra), "--files",
                 str(INCREMENT_FILES), "--formats", "txt,md", "--seed", "2"],
                cwd=REPO, check=True,
            )  # fmt: skip
        for backend in args.backends.split(","):
            root = args.workdir / f"{backend}-{size}"
            shutil.rmtree(root, ignore_errors=True)
            root.mkdir()
            if backend == "file":
                db: Path | Lake = root / "wirehouse.duckdb"
            else:
                db = Lake(f"sqlite:{root / 'catalog.sqlite'}", str(root / "data"))
            # each backend reads its own tree of hard links, so runs may go side by side
            source = root / "source"
            shutil.copytree(corpus, source, copy_function=os.link)
            first = ingest(source, db, env)
            facts = {"size": size, "backend": backend, "ingest": _measure(first) | last_run(db)}
            print(json.dumps(facts, default=str), flush=True)  # a 100k increment takes long too
            shutil.copytree(extra, source / "zz-increment")
            second = ingest(source, db, env)
            facts["increment"] = _measure(second) | last_run(db)
            if isinstance(db, Lake):
                facts["publish_seconds"] = 0.0
                facts["warehouse_mb"] = round(
                    folder_mb(root / "data") + folder_mb(root / "catalog.sqlite"), 1
                )
            else:
                facts["publish_seconds"] = round(publish_seconds(db), 2)
                facts["warehouse_mb"] = round(folder_mb(db), 1)
            print(json.dumps(facts, default=str), flush=True)


def _measure(measure) -> dict:
    peaks = measure.extra.get("peak_mb_by_role", {})
    return {
        "wall_s": round(measure.wall, 1),
        "cpu_s": round(measure.cpu, 1),
        "peak_pss_mb": round(measure.peak_mb),
        "flow_peak_pss_mb": round(peaks.get("flow", 0)),
    }


if __name__ == "__main__":
    main()
