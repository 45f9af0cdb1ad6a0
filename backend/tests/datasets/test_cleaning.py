"""Cleaning: operations write a new Parquet file, validate first, and keep row ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from csv_analyzer.datasets.cleaning import operations as ops
from csv_analyzer.datasets.cleaning.apply import apply_operations
from csv_analyzer.datasets.errors import OperationError
from csv_analyzer.datasets.ingest.reader import ingest_csv
from csv_analyzer.datasets.types import SemanticType

CSV = (
    "id,age,name,price,joined,flag\n"
    '1,30, Ann ,"$1,200",2020-01-01,yes\n'
    "2,,bob,2.5,,no\n"
    "3,40,ann,x,2020-03-01,\n"
    "3,40,ann,x,2020-03-01,\n"
    "4,1000,Cy,3,2020-04-01,yes\n"
)


@pytest.fixture
def dataset(tmp_path: Path) -> tuple[Path, dict[str, SemanticType]]:
    src = tmp_path / "raw.csv"
    src.write_text(CSV)
    report = ingest_csv(src, tmp_path / "v1.parquet")
    return tmp_path / "v1.parquet", report.column_types


Apply = Callable[..., tuple[dict[str, SemanticType], Any, list[dict[str, Any]]]]


@pytest.fixture
def apply(dataset: tuple[Path, dict[str, SemanticType]], tmp_path: Path) -> Apply:
    src, types = dataset

    def run(*operations: Any) -> tuple[dict[str, SemanticType], Any, list[dict[str, Any]]]:
        dst = tmp_path / "v2.parquet"
        new_types, report = apply_operations(src, dst, list(operations), types)
        return new_types, report, pq.read_table(dst).to_pylist()

    return run


def test_impute_median_creates_new_file_and_keeps_source(dataset, tmp_path: Path) -> None:
    src, types = dataset
    before = src.read_bytes()
    dst = tmp_path / "v2.parquet"
    new_types, report = apply_operations(
        src, dst, [{"op": "impute", "column": "age", "strategy": "median"}], types
    )
    assert src.read_bytes() == before
    assert [r["age"] for r in pq.read_table(dst).to_pylist()] == [30, 40, 40, 40, 1000]
    assert new_types == types
    assert "filled 1 missing values" in report.steps[0].message


def test_row_ids_survive_row_removal_so_later_operations_name_rows_exactly(apply: Apply) -> None:
    _, report, rows = apply(ops.DropDuplicates(), ops.DropRows(row_ids=[0]))
    assert [r["__row_id"] for r in rows] == [1, 2, 4]
    assert report.rows_before == 5
    assert report.rows_after == 3


def test_filter_rows_keep_false_removes_matches_but_keeps_missing(apply: Apply) -> None:
    _, _, rows = apply(
        ops.FilterRows(filters=[{"column": "flag", "op": "eq", "value": "yes"}], keep=False)
    )
    assert [r["__row_id"] for r in rows] == [1, 2, 3]


def test_cast_text_to_numeric_fails_with_sample_values(apply: Apply) -> None:
    with pytest.raises(OperationError, match="'x'") as err:
        apply(ops.CastColumn(column="price", to=SemanticType.NUMERIC))
    assert err.value.code == "cast_failed"
    assert err.value.details["failing_count"] == 2
    assert err.value.details["index"] == 0


def test_cast_after_filter_parses_currency_like_ingest(apply: Apply) -> None:
    new_types, _, rows = apply(
        ops.FilterRows(filters=[{"column": "price", "op": "ne", "value": "x"}]),
        ops.CastColumn(column="price", to=SemanticType.NUMERIC),
    )
    assert [r["price"] for r in rows] == [1200.0, 2.5, 3.0]
    assert new_types["price"] == SemanticType.NUMERIC


def test_cast_integer_to_text_and_back(apply: Apply) -> None:
    types, _, rows = apply(
        ops.CastColumn(column="id", to="text"), ops.CastColumn(column="id", to="integer")
    )
    assert [r["id"] for r in rows] == [1, 2, 3, 3, 4]
    assert types["id"] == SemanticType.INTEGER


def test_rename_drop_normalize_and_clip(apply: Apply) -> None:
    types, _, rows = apply(
        ops.RenameColumn(column="joined", new_name="since"),
        ops.DropColumns(columns=["flag"]),
        ops.NormalizeText(column="name", trim=True, case="title"),
        ops.ClipOutliers(column="age", method="quantile", lower_q=0.0, upper_q=0.5),
    )
    assert list(types) == ["id", "age", "name", "price", "since"]
    assert [r["name"] for r in rows] == ["Ann", "Bob", "Ann", "Ann", "Cy"]
    assert [r["age"] for r in rows] == [30, None, 40, 40, 40]


def test_drop_missing_any_and_all(apply: Apply) -> None:
    assert len(apply(ops.DropMissing(columns=["age", "flag"], how="any"))[2]) == 2
    assert len(apply(ops.DropMissing(columns=["age", "flag"], how="all"))[2]) == 5


def test_impute_constant_and_most_frequent(apply: Apply) -> None:
    _, _, rows = apply(
        ops.Impute(column="flag", strategy="constant", value="no"),
        ops.Impute(column="joined", strategy="most_frequent"),
    )
    assert [r["flag"] for r in rows] == [True, False, False, False, True]
    assert str(rows[1]["joined"]) == "2020-03-01"


@pytest.mark.parametrize(
    ("operation", "code", "match"),
    [
        (
            {"op": "impute", "column": "name", "strategy": "mean"},
            "invalid_type",
            "mean needs a numeric column",
        ),
        ({"op": "drop_columns", "columns": ["__row_id"]}, "reserved_column", "__row_id"),
        (
            {"op": "rename_column", "column": "age", "new_name": "NAME"},
            "column_exists",
            "already exists",
        ),
        ({"op": "drop_columns", "columns": ["nope"]}, "unknown_column", "unknown column 'nope'"),
        (
            {"op": "impute", "column": "age", "strategy": "constant"},
            "invalid_operation",
            "needs a value",
        ),
        (
            {"op": "impute", "column": "age", "strategy": "constant", "value": "old"},
            "invalid_value",
            "'old'",
        ),
        ({"op": "clip_outliers", "column": "name"}, "invalid_type", "numeric"),
        (
            {"op": "cast_column", "column": "joined", "to": "numeric"},
            "cast_unsupported",
            "cannot be cast",
        ),
        ({"op": "explode"}, "invalid_operation", "Operation 1"),
    ],
)
def test_invalid_operations_fail_before_writing(
    apply: Apply, tmp_path: Path, operation, code: str, match: str
) -> None:
    with pytest.raises(OperationError, match=match) as err:
        apply({"op": "drop_duplicates"}, operation) if operation["op"] != "explode" else apply(
            operation
        )
    assert err.value.code == code
    assert not (tmp_path / "v2.parquet").exists()


def test_error_names_the_operation_index(apply: Apply) -> None:
    with pytest.raises(OperationError, match=r"^Operation 2 \(drop_columns\)") as err:
        apply(ops.DropDuplicates(), ops.DropColumns(columns=["ghost"]))
    assert err.value.details["index"] == 1


def test_writing_over_the_source_is_refused(dataset) -> None:
    src, types = dataset
    with pytest.raises(OperationError) as err:
        apply_operations(src, src, [], types)
    assert err.value.code == "same_file"


@pytest.mark.parametrize(
    ("trim", "case", "message"),
    [
        (True, "none", "normalized 'name': trimmed leading/trailing spaces"),
        (True, "lower", "normalized 'name': trimmed leading/trailing spaces and lowercased"),
        (False, "title", "normalized 'name': title-cased"),
    ],
)
def test_normalize_step_reads_as_plain_words(
    apply: Apply, trim: bool, case: str, message: str
) -> None:
    _, report, _ = apply(ops.NormalizeText(column="name", trim=trim, case=case))
    assert report.steps[0].message == message
    assert "trim=" not in report.steps[0].message
