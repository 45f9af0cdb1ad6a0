"""The Operation union: JSON in, typed models out, discriminated by "op"."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from csv_analyzer.datasets.cleaning import operations as ops


def test_operations_parse_from_json_by_op() -> None:
    parsed = ops.OPERATIONS_ADAPTER.validate_python(
        [
            {"op": "drop_rows", "row_ids": [1, 2]},
            {
                "op": "filter_rows",
                "filters": [{"column": "a", "op": "gt", "value": 3}],
                "keep": False,
            },
            {"op": "impute", "column": "a", "strategy": "median"},
            {"op": "clip_outliers", "column": "a"},
        ]
    )
    assert [type(p) for p in parsed] == [ops.DropRows, ops.FilterRows, ops.Impute, ops.ClipOutliers]
    assert parsed[3].k == 1.5


def test_operations_round_trip_through_json() -> None:
    op = ops.CastColumn(column="price", to="numeric")
    data = ops.OPERATIONS_ADAPTER.dump_python([op], mode="json")
    assert data == [{"op": "cast_column", "column": "price", "to": "numeric"}]
    assert ops.OPERATIONS_ADAPTER.validate_python(data) == [op]


@pytest.mark.parametrize(
    "data",
    [
        {"op": "impute", "column": "a", "strategy": "constant"},
        {
            "op": "clip_outliers",
            "column": "a",
            "method": "quantile",
            "lower_q": 0.9,
            "upper_q": 0.1,
        },
        {"op": "drop_rows", "row_ids": []},
        {"op": "rename_column", "column": "a", "new_name": "b", "extra": 1},
        {"op": "unknown"},
    ],
)
def test_malformed_operations_are_rejected(data: dict[str, object]) -> None:
    with pytest.raises(ValidationError):
        ops.OPERATIONS_ADAPTER.validate_python([data])
