"""Browse latency and profile time on a 1,000,000 x 20 dataset Parquet file.

Generates the Parquet file once (cached under /tmp), then replays browsing sessions through the
same code the rows route runs (``parse_sort``/``parse_filters`` on query-string text, then
``query_rows`` on the version's file). A session opens a view (new filter values every time,
so nothing is cached from an earlier session; one or two sort keys; sometimes no filter or no
sort), reads its first page, the next two pages, and jumps deep (a random page in the last
half of the matches, and the last page). It reports the sorted + filtered pages (the target),
the first page of a new view separately (the uncached worst case), deep pages, the first
request on a version (decoding it), and one full profile.

    cd backend && uv run python benchmarks/browse_benchmark.py [--rows 1000000] [--sessions 30]
        [--busy]   # one extra process spinning on a core while measuring
        [--think-ms 300]   # a person's pause between two pages in the second series

Two series run in one process, each on fresh views: back to back (the session jumps deep a few
milliseconds after its first page, before the background sort of the new view can finish: the
worst case), then with ``--think-ms`` between pages (a person reading a page gives that sort its
time). Each is reported on its own, with the load average beside it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from csv_analyzer.datasets.browse.profiling import profile_parquet
from csv_analyzer.datasets.browse.query import (
    TABLE_CACHE,
    parse_filters,
    parse_sort,
    query_rows,
    wait_for_prefetches,
)
from csv_analyzer.datasets.types import SemanticType

CACHE = Path(tempfile.gettempdir()) / "csv_analyzer_bench"
PAGE = 100
COLUMNS = ["f0", "f1", "f3", "i2", "c0", "c1", "text", "day", "flag"]

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


def _filters(rng: np.random.Generator) -> list[str]:
    """Query-string filters as the grid sends them; fresh values, so no view repeats."""
    pool = [
        f"c0:eq:cat0_{rng.integers(5)}",
        f"f1:gt:{rng.normal(1, 2):.3f}",
        f"i2:lt:{rng.integers(50, 100)}",
        f"day:ge:2020-{rng.integers(1, 13):02d}-01",
        f"c2:ne:cat2_{rng.integers(15)}",
        f"text:contains:{rng.integers(10, 100)}",
        "f4:is_not_null",
        "flag:eq:true",
    ]
    count = int(rng.choice([1, 2, 3], p=[0.3, 0.5, 0.2]))
    return [pool[int(i)] for i in rng.choice(len(pool), count, replace=False)]


def _sort(rng: np.random.Generator) -> str:
    keys = rng.choice(COLUMNS, int(rng.choice([1, 2], p=[0.8, 0.2])), replace=False)
    return ",".join(f"{k}:{rng.choice(['asc', 'desc'])}" for k in keys)


@dataclass
class Timings:
    sorted_filtered: list[float] = field(default_factory=list)
    first_page: list[float] = field(default_factory=list)
    deep: list[float] = field(default_factory=list)
    other: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    every: list[float] = field(default_factory=list)


def _session(path: Path, rng: np.random.Generator, timings: Timings, think_s: float = 0.0) -> None:
    kind = rng.random()
    filters = _filters(rng) if kind < 0.85 else []  # mostly sorted + filtered views
    sort = _sort(rng) if kind < 0.7 or kind >= 0.85 else None
    total: int | None = None
    for step in range(5):
        if step < 3:
            offset = step * PAGE
        elif total is None or total <= PAGE:
            break
        elif step == 3:
            offset = int(rng.integers(total // 2, total)) // PAGE * PAGE
        else:
            offset = (total - 1) // PAGE * PAGE  # the last page
        if step and think_s:
            time.sleep(think_s)
        start, cpu = time.perf_counter(), time.process_time()
        page = query_rows(
            path,
            offset=offset,
            limit=PAGE,
            sort=parse_sort(sort),
            filters=parse_filters(filters, COLUMNS),
        )
        elapsed = (time.perf_counter() - start) * 1000
        timings.cpu.append((time.process_time() - cpu) * 1000)
        timings.every.append(elapsed)
        total = page.total
        assert len(page.rows) == min(PAGE, max(0, total - offset))
        if sort and filters:
            timings.sorted_filtered.append(elapsed)
        else:
            timings.other.append(elapsed)
        if step == 0:
            timings.first_page.append(elapsed)
        elif step >= 3:
            timings.deep.append(elapsed)


def _summary(name: str, values: list[float]) -> str:
    if len(values) < 2:
        return f"{name}: n={len(values)}"
    p95 = statistics.quantiles(values, n=20)[18]
    return (
        f"{name}: p50 {statistics.median(values):.0f} ms  p95 {p95:.0f} ms  "
        f"max {max(values):.0f} ms  (n={len(values)})"
    )


def _spin() -> None:
    while True:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--busy", action="store_true", help="keep one core busy meanwhile")
    parser.add_argument(
        "--think-ms", type=float, default=300.0, help="pause between pages (second series)"
    )
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"browse_{args.rows}.parquet"
    if not path.exists():
        generate(path, args.rows)
    print(f"file: {path} ({path.stat().st_size / 2**20:.0f} MB, {args.rows} rows x 20 columns)")
    busy = multiprocessing.Process(target=_spin, daemon=True) if args.busy else None
    if busy is not None:
        busy.start()
    try:
        TABLE_CACHE.clear()
        start = time.perf_counter()
        query_rows(path, limit=PAGE, sort=parse_sort("f0"), filters=parse_filters(["i0:gt:5"]))
        print(f"first request on the version: {(time.perf_counter() - start) * 1000:.0f} ms")
        _session(path, np.random.default_rng(99), Timings())  # DuckDB's first-use costs
        results = []
        for think_ms, seed in ((0.0, 1), (args.think_ms, 2)):
            rng, timings = np.random.default_rng(seed), Timings()
            for _ in range(args.sessions):
                _session(path, rng, timings, think_ms / 1000)
                wait_for_prefetches()  # a new session never queues behind the last one's sort
            results.append((think_ms, timings, os.getloadavg()[0]))
    finally:
        if busy is not None:
            busy.terminate()
    for think_ms, timings, load in results:
        label = "back to back" if think_ms == 0 else f"think time {think_ms:.0f} ms"
        print(f"--- {label} (load {load:.2f})")
        print(_summary("page (100 rows, sorted + filtered)", timings.sorted_filtered))
        print(_summary("  first page of a new view (any kind)", timings.first_page))
        print(_summary("  deep pages (second half, last page)", timings.deep))
        print(_summary("  other pages (unsorted or unfiltered)", timings.other))
        print(_summary("  every page", timings.every))
        print(_summary("  CPU time per page (all threads)", timings.cpu))
    start = time.perf_counter()
    profile = profile_parquet(path, COLUMN_TYPES)
    print(
        f"profile: {time.perf_counter() - start:.2f} s  ({profile['rows']} rows, {profile['columns']} columns)"
    )


if __name__ == "__main__":
    main()
