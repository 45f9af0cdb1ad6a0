"""Row validation against the feature schema, before any model runs."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from csv_analyzer.predictions.inference import MAX_ROWS, SchemaError, parse_schema, prepare_rows

SCHEMA: list[dict[str, Any]] = [
    {"name": "age", "type": "integer", "required": True, "median": 40},
    {"name": "income", "type": "numeric", "required": False, "median": 1.5},
    {"name": "colour", "type": "categorical", "required": True, "categories": ["red", "blue"]},
    {"name": "member", "type": "boolean", "required": False, "categories": [1.0, 0.0]},
    {"name": "joined", "type": "datetime", "required": False, "example": "2020-01-01"},
    {"name": "note", "type": "text", "required": False, "example": "hello"},
]
FEATURES = parse_schema(SCHEMA)


def good_row(**overrides: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "age": 31,
        "income": 2.5,
        "colour": "red",
        "member": True,
        "joined": "2021-03-04T05:06:07Z",
        "note": "fine",
    }
    row.update(overrides)
    return row


class TestPrepareRows:
    def test_valid_rows_get_training_dtypes(self) -> None:
        prepared = prepare_rows([good_row(), good_row(age="42", member="no")], FEATURES)
        assert prepared.columns["age"].tolist() == [31.0, 42.0]
        assert prepared.columns["member"].tolist() == [1.0, 0.0]
        assert prepared.columns["colour"].dtype == object
        assert prepared.columns["joined"].dtype == np.dtype("datetime64[ns]")
        assert str(prepared.columns["joined"][0]) == "2021-03-04T05:06:07.000000000"
        assert prepared.warnings == []
        frame = prepared.frame()
        assert list(frame.columns) == [f.name for f in FEATURES]

    def test_missing_required_features_are_listed(self) -> None:
        rows = [good_row(), {"income": 1.0}]
        with pytest.raises(SchemaError, match="Missing required features: age, colour") as info:
            prepare_rows(rows, FEATURES)
        assert {e["column"] for e in info.value.errors} == {"age", "colour"}
        assert info.value.errors[0]["rows"] == [1]

    def test_wrong_type_names_row_column_and_value(self) -> None:
        rows = [good_row(), good_row(), good_row(age="forty")]
        with pytest.raises(SchemaError, match="row 2, column 'age': 'forty'") as info:
            prepare_rows(rows, FEATURES)
        assert info.value.errors == [
            {"row": 2, "column": "age", "value": "forty", "problem": "expected a number"}
        ]

    @pytest.mark.parametrize(
        ("column", "value"),
        [("member", "maybe"), ("joined", "not a date"), ("income", [1, 2]), ("age", True)],
    )
    def test_each_type_rejects_wrong_values(self, column: str, value: Any) -> None:
        with pytest.raises(SchemaError) as info:
            prepare_rows([good_row(**{column: value})], FEATURES)
        assert info.value.errors[0]["column"] == column

    def test_nulls_and_unseen_categories_are_warnings(self) -> None:
        rows = [good_row(income=None, colour="purple"), good_row(colour="purple", note=None)]
        prepared = prepare_rows(rows, FEATURES)
        by_code = {(w["code"], w["column"]): w for w in prepared.warnings}
        assert by_code[("unseen_category", "colour")]["count"] == 2
        assert by_code[("unseen_category", "colour")]["values"] == ["purple"]
        assert by_code[("missing_value", "income")]["rows"] == [0]
        assert np.isnan(prepared.columns["income"][0])
        assert prepared.columns["note"][1] == ""  # text is "" when missing, as in training

    def test_missing_optional_feature_is_a_warning(self) -> None:
        row = good_row()
        del row["income"]
        prepared = prepare_rows([row], FEATURES)
        assert prepared.warnings[0]["code"] == "missing_feature"

    def test_extra_columns_are_ignored_and_reported(self) -> None:
        prepared = prepare_rows([good_row(zeta=1, alpha="x")], FEATURES)
        assert prepared.extra_columns == ["alpha", "zeta"]
        assert "zeta" not in prepared.columns

    def test_numeric_labels_match_the_training_caster(self) -> None:
        prepared = prepare_rows([good_row(colour=3.0), good_row(colour=3)], FEATURES)
        assert prepared.columns["colour"].tolist() == ["3", "3"]

    @pytest.mark.parametrize("n", [0, MAX_ROWS + 1])
    def test_row_count_is_bounded(self, n: int) -> None:
        with pytest.raises(SchemaError, match="between 1 and 10,000"):
            prepare_rows([good_row()] * n, FEATURES)

    def test_a_row_that_is_not_an_object_is_rejected(self) -> None:
        with pytest.raises(SchemaError, match="JSON object"):
            prepare_rows([good_row(), [1, 2]], FEATURES)

    def test_error_list_is_bounded(self) -> None:
        with pytest.raises(SchemaError) as info:
            prepare_rows([good_row(age="x")] * 500, FEATURES)
        assert info.value.total == 500
        assert len(info.value.errors) == 50
