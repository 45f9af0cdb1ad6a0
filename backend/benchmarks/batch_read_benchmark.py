"""How fast batch scoring reads and types a messy CSV (the half before the model runs).

Writes a Latin-1, `;`, decimal-comma file of N rows, then times the shared upload reader
(`datasets.csv_source`) + the model-type caster (`predictions.batch_input`) + row validation
(`prepare_rows`), chunk by chunk as the batch job does, and prints MB/s, rows/s and peak RSS.

    uv run python benchmarks/batch_read_benchmark.py --rows 500000
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from csv_analyzer.datasets.ingest import csv_source
from csv_analyzer.predictions.batch_input import FeatureCaster
from csv_analyzer.predictions.inference import parse_schema, prepare_rows

SCHEMA = [
    {"name": "amount", "type": "numeric", "required": True, "median": 1.0},
    {"name": "count", "type": "integer", "required": True, "median": 1},
    {"name": "city", "type": "categorical", "required": False, "categories": ["Zürich"]},
    {"name": "active", "type": "boolean", "required": False},
    {"name": "signup", "type": "datetime", "required": False},
    {"name": "note", "type": "text", "required": False},
]


def write_file(path: Path, rows: int) -> None:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "amount": rng.normal(1000, 300, rows).round(2),
            "count": rng.integers(0, 5000, rows),
            "city": rng.choice(["Zürich", "Genève", "Köln", "Málaga"], rows),
            "active": rng.choice(["true", "false", "yes", "no"], rows),
            "signup": pd.Timestamp("2020-01-01")
            + pd.to_timedelta(rng.integers(0, 1500, rows), "D"),
            "note": rng.choice(["très bien", "N/A", "à rappeler"], rows),
        }
    )
    frame["signup"] = frame["signup"].dt.strftime("%d/%m/%Y")
    frame.to_csv(path, sep=";", decimal=",", index=False, encoding="latin-1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=500_000)
    args = parser.parse_args()
    features = parse_schema(SCHEMA)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "messy.csv"
        write_file(path, args.rows)
        size_mb = path.stat().st_size / 1e6
        started = time.perf_counter()
        layout = csv_source.detect_layout(path, max_columns=100)
        caster = FeatureCaster(features, layout.number_format)
        rows = errors = 0
        with path.open("rb") as f:
            reader = csv_source.open_reader(
                f, layout.dialect, layout.names, csv_source.DEFAULT_BLOCK_SIZE, lambda _: "skip"
            )
            for block in csv_source.string_batches(reader, layout.dialect.has_header):
                for start in range(0, block.num_rows, 5000):
                    chunk = block.slice(start, 5000)
                    prepared = prepare_rows(caster.records(chunk), features, lenient=True)
                    rows += prepared.n_rows
                    errors += len(prepared.row_errors)
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{rows:,} rows ({size_mb:.1f} MB, {layout.dialect.encoding}, {layout.dialect.delimiter!r}, "
        f"decimal {layout.dialect.decimal!r}) read, typed and validated in {seconds:.2f} s: "
        f"{size_mb / seconds:.1f} MB/s, {rows / seconds:,.0f} rows/s, {errors} row errors, "
        f"peak RSS {peak_mb:.0f} MB"
    )


if __name__ == "__main__":
    main()
