"""Browse latency and profile time on a 1,000,000 x 20 dataset Parquet file.

Generates the Parquet file once (cached under /tmp), then times 100-row pages that are sorted
and filtered (varying columns, filters and offsets) and one full profile.

    cd backend && uv run python benchmarks/browse_benchmark.py [--rows 1000000] [--pages 40]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from csv_analyzer.datasets.profiling import profile_parquet
from csv_analyzer.datasets.query import Filter, FilterOp, SortKey, query_rows
from csv_analyzer.datasets.types import SemanticType

CACHE = Path(tempfile.gettempdir()) / "csv_analyzer_bench"


COLUMN_TYPES: dict[str, SemanticType] = {
    **{f"f{i}": SemanticType.NUMERIC for i in range(8)},
    **{f"i{i}": SemanticType.INTEGER for i in range(5)},
    **{f"c{i}": SemanticType.CATEGORICAL for i in range(4)},
    "text": SemanticType.TEXT,
    "day": SemanticType.DATETIME,
    "flag": SemanticType.BOOLEAN,
}


def generate(path: Path, rows: int) -> None:
    """A 20-column mixed table: 8 floats, 5 ints, 4 categories, 1 text, 1 date, 1 boolean."""
    rng = np.random.default_rng(7)
    cols: dict[str, pa.Array] = {"__row_id": pa.array(np.arange(rows))}
    for i in range(8):
        values = rng.normal(loc=i, scale=1 + i, size=rows)
        cols[f"f{i}"] = pa.array(values, mask=rng.random(rows) < 0.02)
    for i in range(5):
        cols[f"i{i}"] = pa.array(rng.integers(0, 10 ** (i + 1), rows))
    for i in range(4):
        labels = np.array([f"cat{i}_{k}" for k in range(5 * (i + 1))])
        cols[f"c{i}"] = pa.array(labels[rng.integers(0, len(labels), rows)])
    cols["text"] = pa.array(np.char.add("free text ", rng.integers(0, 10**7, rows).astype(str)))
    cols["day"] = pa.array(
        np.datetime64("2020-01-01") + rng.integers(0, 1500, rows).astype("timedelta64[D]")
    )
    cols["flag"] = pa.array(rng.random(rows) < 0.3)
    # Same writer settings as ingest: zstd, 256k-row groups, dictionary pages for strings only.
    strings = [f"c{i}" for i in range(4)] + ["text"]
    pq.write_table(
        pa.table(cols), path, compression="zstd", row_group_size=256_000, use_dictionary=strings
    )


def _pages(path: Path, n: int) -> list[float]:
    rng = np.random.default_rng(1)
    sorts = ["f0", "f3", "i2", "c1", "text", "day"]
    timings = []
    for k in range(n):
        filters = [
            Filter(column="c0", op=FilterOp.EQ, value=f"cat0_{k % 5}"),
            Filter(column="f1", op=FilterOp.GT, value=str(rng.normal())),
        ]
        if k % 3 == 0:
            filters.append(Filter(column="text", op=FilterOp.CONTAINS, value="12"))
        sort = [SortKey(column=sorts[k % len(sorts)], direction="desc" if k % 2 else "asc")]
        start = time.perf_counter()
        page = query_rows(
            path, offset=int(rng.integers(0, 5000)), limit=100, sort=sort, filters=filters
        )
        timings.append((time.perf_counter() - start) * 1000)
        assert len(page.rows) <= 100
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pages", type=int, default=40)
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"browse_{args.rows}.parquet"
    if not path.exists():
        generate(path, args.rows)
    print(f"file: {path} ({path.stat().st_size / 2**20:.0f} MB, {args.rows} rows x 20 columns)")
    _pages(path, 3)  # warm the OS cache and DuckDB's first-use costs
    timings = _pages(path, args.pages)
    q = statistics.quantiles(timings, n=20)
    print(
        f"page (100 rows, sorted + filtered): p50 {statistics.median(timings):.0f} ms  p95 {q[18]:.0f} ms  max {max(timings):.0f} ms  (n={len(timings)})"
    )
    unfiltered = []
    for k in range(10):
        start = time.perf_counter()
        query_rows(path, offset=k * 1000, limit=100)
        unfiltered.append((time.perf_counter() - start) * 1000)
    print(f"page (100 rows, file order): p50 {statistics.median(unfiltered):.0f} ms")
    start = time.perf_counter()
    profile = profile_parquet(path, COLUMN_TYPES)
    print(
        f"profile: {time.perf_counter() - start:.2f} s  ({profile['rows']} rows, {profile['columns']} columns)"
    )


if __name__ == "__main__":
    main()
