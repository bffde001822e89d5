"""Throughput of the real ingest flow against a bare trafilatura loop, at several corpus sizes.

For each size it builds a corpus once (benchmarks/corpus.py, under --workdir), then runs
`wirehouse ingest` in a fresh process on a fresh warehouse (Prefect's temporary server
included, as a user runs it) and prints: wall time, CPU seconds of the whole process tree
(load-independent), peak RSS of the tree, docs/s per stage, Prefect task runs per stage per
1,000 files, and for HTML the ratio against `trafilatura.extract` with the pipeline's options
in a plain single-process loop over the same files, run in the same invocation. Timings are
medians over --repeats. A last run over the loaded warehouse measures a no-op scheduled run.

    .venv/bin/python benchmarks/throughput.py --sizes 1000,10000 --kinds html,dumps --repeats 3
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import psutil

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data"
FORMATS = {"html": "html", "dumps": "txt,md", "mixed": "html,txt,md"}
BASELINE = """
import sys, time
from pathlib import Path
import trafilatura
from transforms.extract import ExtractConfig, _trafilatura_settings
c = ExtractConfig()
paths = sorted(p for p in Path(sys.argv[1]).rglob("*.html"))
kept = 0
for path in paths:
    text = path.read_bytes().decode("utf-8", errors="replace")
    result = trafilatura.extract(
        text, with_metadata=True, include_comments=c.include_comments,
        include_tables=c.include_tables, favor_precision=c.favor_precision,
        favor_recall=c.favor_recall, config=_trafilatura_settings(c.max_tree_size))
    kept += bool(result)
print(len(paths), kept)
"""


@dataclass
class Measure:
    """One measured process: wall and CPU seconds, peak RSS of its tree."""

    wall: float
    cpu: float
    peak_mb: float
    output: str = ""
    extra: dict = field(default_factory=dict)


def measured(command: list[str], env: dict[str, str]) -> Measure:
    """Run `command`, sampling the memory and CPU of its process tree every 500 ms.

    Memory is PSS (proportional set size): pages the forked workers share with their
    forkserver count once, not once per process as summed RSS would. CPU is the last
    sampled user+system time of every process seen in the tree: pool workers are children of
    the forkserver, which never waits for them, so RUSAGE_CHILDREN would miss their time.
    """
    started = time.perf_counter()
    process = psutil.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    output: list[str] = []
    reader = threading.Thread(target=lambda: output.extend(process.stdout or []), daemon=True)
    reader.start()
    peak = 0
    cpu_by_pid: dict[int, tuple[str, float]] = {}
    peak_by_role: dict[str, int] = {}
    while process.poll() is None:
        peak = max(peak, _sample_tree(process, cpu_by_pid, peak_by_role))
        time.sleep(0.5)  # reading PSS of a 3 GB process costs; 0.1 s took 20% of a core
    wall = time.perf_counter() - started
    reader.join()
    text = "".join(output)
    if process.returncode != 0:
        raise RuntimeError(f"{command} failed ({process.returncode}):\n{text[-3000:]}")
    peaks = {role: pss / 1e6 for role, pss in peak_by_role.items()}
    cpu_by_role: dict[str, float] = {}
    for role, seconds in cpu_by_pid.values():
        cpu_by_role[role] = cpu_by_role.get(role, 0.0) + seconds
    facts = {"peak_mb_by_role": peaks, "cpu_seconds_by_role": cpu_by_role}
    return Measure(wall, sum(cpu_by_role.values()), peak / 1e6, text, facts)


def _sample_tree(
    process: psutil.Process,
    cpu_by_pid: dict[int, tuple[str, float]],
    peak_by_role: dict[str, int],
) -> int:
    """PSS of the tree now. Records each member's CPU seconds so far in `cpu_by_pid` and the
    largest PSS seen per role (flow, Prefect server, forkserver, pool worker)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            with member.oneshot():
                pss = member.memory_full_info().pss
                times = member.cpu_times()
                # a role once seen sticks: an exiting process's command line reads empty
                role = cpu_by_pid.get(member.pid, (None,))[0] or _role(member, process.pid)
        except psutil.Error:
            continue
        total += pss
        cpu_by_pid[member.pid] = (role, times.user + times.system)
        peak_by_role[role] = max(peak_by_role.get(role, 0), pss)
    return total


def _role(member: psutil.Process, flow_pid: int) -> str:
    command = " ".join(member.cmdline())
    if "forkserver" in command:  # the workers are forked from it and share its command line
        return "forkserver" if member.ppid() == flow_pid else "worker"
    if "uvicorn" in command or "prefect.server" in command or "server start" in command:
        return "prefect server"
    if "flows.cli" in command:
        return "flow"
    return member.name()


def ensure_corpus(workdir: Path, kind: str, size: int) -> Path:
    target = workdir / f"corpus-{kind}-{size}"
    stamp = target / ".complete"
    if not stamp.exists():
        shutil.rmtree(target, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                "benchmarks/corpus.py",
                str(target),
                "--files",
                str(size),
                "--formats",
                FORMATS[kind],
            ],
            cwd=REPO,
            check=True,
        )
        stamp.touch()
    return target


def run_flow(source: Path, db: Path, env: dict[str, str], extra: list[str]) -> Measure:
    command = [
        sys.executable,
        "-m",
        "flows.cli",
        "ingest",
        "--source",
        str(source),
        "--db",
        str(db),
        "--quiet",
        *extra,
    ]
    measure = measured(command, env)
    measure.extra |= run_facts(db, Path(env["PREFECT_HOME"]) / "prefect.db")
    return measure


def run_facts(db: Path, prefect_db: Path) -> dict:
    """Counts and stage seconds of the last run, and its Prefect task runs and flow duration."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "SELECT flow_run_id, files_new, documents_loaded, map_keys(stage_seconds),"
            " map_values(stage_seconds) FROM runs ORDER BY started_at DESC LIMIT 1"
        ).fetchone()
        documents = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    finally:
        con.close()
    flow_run_id, files_new, loaded, names, seconds = row
    prefect = sqlite3.connect(prefect_db)
    try:
        tasks = dict(
            prefect.execute(
                "SELECT task_key, count(*) FROM task_run WHERE flow_run_id = ? GROUP BY task_key",
                (flow_run_id,),
            ).fetchall()
        )
        start, end = prefect.execute(
            "SELECT julianday(start_time), julianday(end_time) FROM flow_run WHERE id = ?",
            (flow_run_id,),
        ).fetchone()
    finally:
        prefect.close()
    return {
        "files_new": files_new,
        "documents_loaded": loaded,
        "documents_total": documents,
        "stage_seconds": dict(zip(names, seconds, strict=True)),
        "task_runs": {key.rsplit("-", 1)[0]: n for key, n in tasks.items()},
        "flow_seconds": (end - start) * 86400 if start and end else float("nan"),
    }


def median_of(measures: list[Measure]) -> Measure:
    """The run with the median wall time (its own CPU, RSS and facts)."""
    ordered = sorted(measures, key=lambda m: m.wall)
    return ordered[len(ordered) // 2]


def report_size(
    kind: str,
    size: int,
    runs: list[Measure],
    baseline: list[Measure] | None,
    noop: Measure | None,
    n_files: int,
) -> dict:
    run = median_of(runs)
    facts = run.extra
    docs = facts["documents_loaded"] or 1
    walls = [m.wall for m in runs]
    print(f"\n== {kind}, {n_files:,} files ({len(runs)} run(s); walls {_list(walls)} s)")
    print(f"documents loaded {facts['documents_loaded']:,} of {facts['files_new']:,} new contents")
    print(
        f"pipeline wall {run.wall:.1f} s (flow {facts['flow_seconds']:.1f} s, Prefect start-up"
        f" and shutdown {run.wall - facts['flow_seconds']:.1f} s); CPU {run.cpu:.1f} s ="
        f" {run.cpu / docs * 1000:.2f} ms/doc; peak memory (PSS of the process tree)"
        f" {run.peak_mb:,.0f} MB"
    )
    roles = sorted(facts["peak_mb_by_role"].items(), key=lambda item: -item[1])
    print("peak PSS per process: " + ", ".join(f"{role} {mb:,.0f} MB" for role, mb in roles))
    cpu = sorted(facts["cpu_seconds_by_role"].items(), key=lambda item: -item[1])
    print(
        "CPU per process role: "
        + ", ".join(f"{role} {s / docs * 1000:.2f} ms/doc" for role, s in cpu)
    )
    print(
        f"end-to-end {docs / run.wall:.0f} docs/s; inside the flow"
        f" {docs / facts['flow_seconds']:.0f} docs/s"
    )
    print("stage              seconds   docs/s")
    for stage, seconds in facts["stage_seconds"].items():
        rate = docs / seconds if seconds else float("inf")
        print(f"{stage:<18} {seconds:8.2f} {rate:8.0f}")
    per_1000 = {k: v * 1000 / n_files for k, v in facts["task_runs"].items()}
    print(
        "Prefect task runs: "
        + ", ".join(f"{k} {v}" for k, v in sorted(facts["task_runs"].items()))
        + f"; most per stage per 1,000 files: {max(per_1000.values()):.2f}"
    )
    result = {
        "kind": kind,
        "files": n_files,
        "wall": run.wall,
        "walls": walls,
        "cpu": run.cpu,
        "cpu_ms_per_doc": run.cpu / docs * 1000,
        "wall_ms_per_doc": run.wall / docs * 1000,
        "peak_mb": run.peak_mb,
        **facts,
    }
    if baseline:
        base = median_of(baseline)
        print(
            f"baseline trafilatura.extract loop: wall {base.wall:.1f} s, CPU {base.cpu:.1f} s"
            f" ({base.output.strip()} pages/kept); pipeline/baseline wall"
            f" {run.wall / base.wall:.2f}x (target <= 0.70), CPU {run.cpu / base.cpu:.2f}x"
        )
        result |= {
            "baseline_wall": base.wall,
            "baseline_cpu": base.cpu,
            "ratio_wall": run.wall / base.wall,
        }
    if noop:
        print(
            f"no-op run over {noop.extra['documents_total']:,} documents: wall {noop.wall:.1f} s,"
            f" inside the flow {noop.extra['flow_seconds']:.2f} s (target < 3 s beyond start-up),"
            f" CPU {noop.cpu:.1f} s, task runs {sum(noop.extra['task_runs'].values())}"
        )
        result |= {"noop_wall": noop.wall, "noop_flow_seconds": noop.extra["flow_seconds"]}
    return result


def _list(values: list[float]) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000")
    parser.add_argument("--kinds", default="html,dumps", help="html, dumps, mixed")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/wirehouse-bench"))
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--no-noop", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("ingest_args", nargs="*", help="extra `wirehouse ingest` flags, after --")
    args = parser.parse_args(argv)
    if not (DATA / "reuters-21578").is_dir():
        print(f"skipped: {DATA} not found (shared data sets exist in CI, not in a clone)")
        return 0
    args.workdir.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "PREFECT_HOME": str(args.workdir / "prefect"), "PYTHONPATH": str(REPO)}
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    results = []
    for kind in args.kinds.split(","):
        for size in (int(s) for s in args.sizes.split(",")):
            source = ensure_corpus(args.workdir, kind, size)
            n_files = sum(1 for p in source.rglob("*") if p.is_file() and p.name[0] != ".")
            baseline, runs, noop = [], [], None
            for repeat in range(args.repeats):
                if kind == "html" and not args.no_baseline:
                    baseline.append(measured([sys.executable, "-c", BASELINE, str(source)], env))
                db = args.workdir / f"db-{kind}-{size}" / "wirehouse.duckdb"
                shutil.rmtree(db.parent, ignore_errors=True)
                runs.append(run_flow(source, db, env, args.ingest_args))
                if repeat == args.repeats - 1 and not args.no_noop:
                    noop = run_flow(source, db, env, args.ingest_args)
            results.append(report_size(kind, size, runs, baseline, noop, n_files))
    print(f"\nload average {os.getloadavg()[0]:.2f} at end")
    if len({r["kind"] for r in results}) < len(results):
        for kind in {r["kind"] for r in results}:
            rows = sorted((r for r in results if r["kind"] == kind), key=lambda r: r["files"])
            for small, large in itertools.pairwise(rows):
                print(
                    f"{kind}: per-document cost {large['files']:,} vs {small['files']:,} files:"
                    f" CPU {large['cpu_ms_per_doc'] / small['cpu_ms_per_doc']:.2f}x,"
                    f" wall {large['wall_ms_per_doc'] / small['wall_ms_per_doc']:.2f}x"
                )
    if args.json:
        args.json.write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
