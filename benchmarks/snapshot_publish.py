"""What publishing the analysts' snapshot costs: copy + fsync + rename of the warehouse file.

Builds warehouses of several sizes (random text rows) in a temp dir and prints the median of
3 publishes per size, with MB/s. Usage: .venv/bin/python benchmarks/snapshot_publish.py [MB ...]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from warehouse.loader import publish_snapshot

REPEATS = 3


def build(db: Path, megabytes: int) -> int:
    with duckdb.connect(str(db)) as con:
        con.execute(
            "CREATE TABLE documents AS SELECT i AS doc_id, "
            "repeat(md5(i::VARCHAR), 64) || md5((i * 7)::VARCHAR) AS body "
            "FROM range(?) AS t(i)",
            [megabytes * 1024 * 1024 // 2100],
        )
        con.execute("CHECKPOINT")
    return db.stat().st_size


def main(sizes: list[int]) -> None:
    print(f"{'warehouse MB':>12} {'publish s (median of 3)':>24} {'MB/s':>8}")
    for megabytes in sizes:
        with tempfile.TemporaryDirectory(dir=Path.cwd() / "warehouse") as folder:
            db = Path(folder) / "bench.duckdb"
            size = build(db, megabytes)
            timings = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                publish_snapshot(db)
                timings.append(time.perf_counter() - started)
            median = statistics.median(timings)
            print(f"{size / 2**20:12.0f} {median:24.2f} {size / 2**20 / median:8.0f}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [50, 200, 1000])
