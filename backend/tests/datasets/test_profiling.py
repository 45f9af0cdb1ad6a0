"""Profiling: per-column statistics, chart data, missing map and correlations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from csv_analyzer.datasets.browse.profiling import (
    EXACT_DISTINCT_ROWS,
    HISTOGRAM_BINS,
    profile_parquet,
)
from csv_analyzer.datasets.ingest.reader import ingest_csv
from csv_analyzer.datasets.types import SemanticType


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    rng = np.random.default_rng(0)
    n = 1000
    x = rng.normal(size=n)
    x[:10] = 50.0  # outliers
    y = 2 * x + rng.normal(scale=0.01, size=n)
    city = np.array(["Paris", "Lyon", "Nice"])[rng.integers(0, 3, n)].astype(object)
    city[::10] = None
    table = pa.table(
        {
            "__row_id": np.arange(n),
            "x": x,
            "y": y,
            "city": pa.array(city, pa.string()),
            "const": ["same"] * n,
            "when": pa.array(
                np.datetime64("2020-01-01") + np.arange(n).astype("timedelta64[D]"), pa.date32()
            ),
        }
    )
    table = pa.concat_tables(
        [table, table.slice(0, 5).set_column(0, "__row_id", pa.array(range(n, n + 5)))]
    )
    path = tmp_path / "p.parquet"
    pq.write_table(table, path)
    return path


TYPES = {
    "x": "numeric",
    "y": "numeric",
    "city": "categorical",
    "const": "categorical",
    "when": "datetime",
}


def test_profile_is_json_ready_and_complete(synthetic: Path) -> None:
    profile = profile_parquet(synthetic, TYPES)
    json.dumps(profile, allow_nan=False)
    assert profile["rows"] == 1005
    assert profile["columns"] == 5
    assert profile["duplicate_rows"] == 5
    assert profile["memory_bytes"] > 0


def test_numeric_column_statistics(synthetic: Path) -> None:
    x = profile_parquet(synthetic, TYPES)["column_profiles"][0]
    assert x["semantic_type"] == "numeric"
    assert set(x["quantiles"]) == {"p05", "p25", "p50", "p75", "p95"}
    assert x["max"] == 50.0
    assert len(x["histogram"]["counts"]) == HISTOGRAM_BINS
    assert len(x["histogram"]["edges"]) == HISTOGRAM_BINS + 1
    assert sum(x["histogram"]["counts"]) == 1005
    assert x["outliers_iqr"] >= 15


def test_categorical_bars_and_missing(synthetic: Path) -> None:
    city = profile_parquet(synthetic, TYPES)["column_profiles"][2]
    assert city["missing"] == 101
    assert city["missing_share"] == pytest.approx(101 / 1005)
    assert city["distinct"] == 3
    assert sum(city["bars"]["counts"]) + city["bars"]["other"] == 1005 - 101
    assert city["top_values"][0]["count"] >= city["top_values"][-1]["count"]
    assert city["numeric_like_share"] == 0.0


def test_datetime_histogram_edges_are_iso(synthetic: Path) -> None:
    when = profile_parquet(synthetic, TYPES)["column_profiles"][4]
    assert when["min"] == "2020-01-01"
    assert when["histogram"]["edges"][0].startswith("2020-01-01")


def test_missing_map_samples_at_most_100_rows(synthetic: Path) -> None:
    missing = profile_parquet(synthetic, TYPES)["missing"]
    matrix = missing["matrix"]
    assert len(matrix["row_ids"]) == 100
    assert matrix["row_ids"] == sorted(matrix["row_ids"])
    assert all(len(r) == 5 for r in matrix["values"])
    assert {c["name"]: c["missing"] for c in missing["columns"]}["city"] == 101


def test_pearson_correlation_of_numeric_columns(synthetic: Path) -> None:
    corr = profile_parquet(synthetic, TYPES)["correlation"]
    assert corr["columns"] == ["x", "y"]
    assert corr["matrix"][0][1] == pytest.approx(1.0, abs=1e-3)


def test_text_numbers_evidence_on_bench_file(tmp_path: Path, bench: Path) -> None:
    report = ingest_csv(bench / "sacramento_housing.csv", tmp_path / "s.parquet")
    profile = profile_parquet(tmp_path / "s.parquet", report.column_types)
    by_name = {p["name"]: p for p in profile["column_profiles"]}
    assert by_name["city"]["bars"] is not None
    assert by_name["price"]["histogram"] is not None
    assert report.column_types["zip"] == SemanticType.CATEGORICAL


def test_numbers_stored_as_text_in_a_long_file_are_estimated_on_a_sample(tmp_path: Path) -> None:
    rows = EXACT_DISTINCT_ROWS + 50_000
    rng = np.random.default_rng(5)
    numeric = rng.random(rows) < 0.9
    values = np.where(numeric, np.char.add("$", rng.integers(1, 999, rows).astype(str)), "n/a yet")
    path = tmp_path / "long.parquet"
    pq.write_table(
        pa.table({"__row_id": pa.array(np.arange(rows)), "amount": pa.array(values)}), path
    )
    column = profile_parquet(path, {"amount": SemanticType.TEXT})["column_profiles"][0]
    assert column["numeric_like_share"] == pytest.approx(numeric.mean(), abs=0.01)
