"""Ingest throughput: our ``ingest_csv`` vs bare pyarrow (``read_csv`` + ``write_table``).

Generates a ~500 MB mixed-type CSV once (cached under /tmp), then runs each side in a fresh
subprocess (alternating, ``--repeat`` times) so peak RSS is measured per side, and prints both
phases of each: pyarrow's read and Parquet write, our read pass (parse, type, write Parquet) and
the analysis after it (semantic types). Imports happen before the clock starts on both sides (the
API process has them loaded). The ratio compares the best run of each side; the load average of
each run is printed beside it.

    cd backend && uv run python benchmarks/ingest_benchmark.py [--mb 500] [--repeat 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

CACHE = Path(tempfile.gettempdir()) / "csv_analyzer_bench"


def generate(path: Path, target_mb: int) -> None:
    """Write a mixed CSV: ints, floats, currency, percent, dates, booleans, categories, text, gaps."""
    rng = np.random.default_rng(42)
    cities = np.array(["Paris", "Lyon", "Nice", "Lille", "Nantes", "Brest", "Metz"])
    rows_per_chunk = 200_000
    tmp = path.with_suffix(".partial")
    with tmp.open("wb") as out:
        chunk = 0
        while out.tell() < target_mb << 20:
            n = rows_per_chunk
            start = chunk * n
            amount = np.round(rng.gamma(2.0, 150.0, n), 2).astype(str).astype(object)
            amount[rng.random(n) < 0.03] = ""
            table = pa.table(
                {
                    "order_id": np.arange(start, start + n),
                    "customer": np.char.add("C", rng.integers(0, 50_000, n).astype(str)),
                    "city": cities[rng.integers(0, len(cities), n)],
                    "quantity": rng.integers(1, 20, n),
                    "amount": pa.array(amount, pa.string()),
                    "price": np.char.add("$", np.round(rng.random(n) * 1000, 2).astype(str)),
                    "discount": np.char.add(rng.integers(0, 30, n).astype(str), "%"),
                    "score": rng.normal(size=n),
                    "ordered_at": (
                        np.datetime64("2021-01-01T00:00:00")
                        + rng.integers(0, 86400 * 900, n).astype("timedelta64[s]")
                    ).astype(str),
                    "shipped": np.where(rng.random(n) < 0.8, "yes", "no"),
                    "returned": rng.integers(0, 2, n),
                    "comment": np.char.add(
                        "note about order ", rng.integers(0, 10**6, n).astype(str)
                    ),
                }
            )
            options = pcsv.WriteOptions(include_header=chunk == 0)
            pcsv.write_csv(table, out, write_options=options)
            chunk += 1
    tmp.rename(path)


def _child(which: str, path: Path) -> None:
    from csv_analyzer.datasets.ingest.reader import ingest_csv

    out = CACHE / f"bench_out_{which}.parquet"
    phases: dict[str, float] = {}
    start = time.perf_counter()
    if which == "pyarrow":
        table = pcsv.read_csv(path)
        phases["read"] = time.perf_counter() - start
        pq.write_table(table, out)
        rows, passes = table.num_rows, 1
    else:

        def progress(phase: str, _fraction: float) -> None:
            if phase == "analyze" and "read" not in phases:
                phases["read"] = time.perf_counter() - start

        report = ingest_csv(path, out, progress=progress)
        rows, passes = report.rows, report.passes
    seconds = time.perf_counter() - start
    phases["second"] = seconds - phases["read"]
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    out.unlink(missing_ok=True)
    print(
        json.dumps(
            {
                "seconds": seconds,
                **phases,
                "peak_mb": peak_kb / 1024,
                "rows": rows,
                "passes": passes,
                "load": os.getloadavg()[0],
            }
        )
    )


def _measure(which: str, path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", which, "--path", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child")
    parser.add_argument("--path")
    args = parser.parse_args()
    if args.child:
        _child(args.child, Path(args.path))
        return
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"mixed_{args.mb}mb.csv"
    if not path.exists():
        print(f"generating {path} ...", flush=True)
        generate(path, args.mb)
    size_mb = path.stat().st_size / 2**20
    print(f"file: {path} ({size_mb:.0f} MB)")
    best: dict[str, dict[str, float]] = {}
    for _ in range(args.repeat):
        for which in ("pyarrow", "ingest_csv"):
            result = _measure(which, path)
            if which not in best or result["seconds"] < best[which]["seconds"]:
                best[which] = result
    labels = {"pyarrow": ("read_csv", "write"), "ingest_csv": ("read+write", "analyze")}
    for which, r in best.items():
        first, second = labels[which]
        print(
            f"{which:>11}: {r['seconds']:6.2f} s  {size_mb / r['seconds']:6.1f} MB/s  "
            f"({first} {r['read']:.2f} s + {second} {r['second']:.2f} s)  "
            f"peak RSS {r['peak_mb']:6.0f} MB ({r['peak_mb'] / size_mb:.2f}x file)  "
            f"rows {int(r['rows'])}  passes {int(r['passes'])}  load {r['load']:.2f}"
        )
    ratio = best["ingest_csv"]["seconds"] / best["pyarrow"]["seconds"]
    print(
        f"ratio ingest_csv / (pyarrow read_csv + write_table): {ratio:.2f}x  "
        f"(best of {args.repeat}; load now {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
