"""Column roles, the preprocessing transformer and the feature schema on messy frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.tree import DecisionTreeClassifier

from csv_analyzer.training.automl.columns import feature_schema, plan_columns
from csv_analyzer.training.automl.errors import ConfigError
from csv_analyzer.training.automl.preprocessing import build_caster, build_preprocessor


def _fit(frame: pd.DataFrame, family: str = "linear") -> Pipeline:
    X, y = frame.drop(columns="label"), frame["label"]
    plan = plan_columns(X)
    pipe = Pipeline(
        [
            ("prepare", build_caster(plan)),
            ("preprocess", build_preprocessor(plan, family, task="classification")),  # type: ignore[arg-type]
            (
                "model",
                LogisticRegression(max_iter=500)
                if family == "linear"
                else DecisionTreeClassifier(),
            ),
        ]
    )
    return pipe.fit(X, y)


class TestColumnRoles:
    def test_roles_inferred_from_messy_frame(self, messy: pd.DataFrame) -> None:
        plan = plan_columns(messy.drop(columns="label"))
        assert plan.roles == {
            "x": "numeric",
            "amount": "numeric",
            "colour": "categorical",
            "city": "categorical",
            "active": "boolean",
            "signup": "datetime",
            "comment": "text",
        }
        assert plan.high_cardinality == {"city"}
        dropped = {d["name"]: d["reason"] for d in plan.dropped}
        assert set(dropped) == {"customer_id", "row_number", "constant"}
        assert "identifier" in dropped["customer_id"]
        assert "constant" in dropped["constant"]

    def test_hints_override_inference(self, messy: pd.DataFrame) -> None:
        plan = plan_columns(
            messy[["amount", "comment"]], {"amount": "categorical", "comment": "identifier"}
        )
        assert plan.roles == {"amount": "categorical"}
        assert plan.dropped == [{"name": "comment", "reason": "marked as an identifier"}]

    def test_unknown_hint_rejected(self, messy: pd.DataFrame) -> None:
        with pytest.raises(ConfigError, match="Unknown type 'money'"):
            plan_columns(messy, {"amount": "money"})


class TestPipeline:
    @pytest.mark.parametrize("family", ["linear", "tree"])
    def test_messy_frame_fits_and_predicts_raw_rows(self, messy: pd.DataFrame, family: str) -> None:
        pipe = _fit(messy, family)
        assert set(pipe.predict(messy.head(20))) <= {"yes", "no"}

    def test_unseen_category_and_missing_column_at_predict_time(self, messy: pd.DataFrame) -> None:
        pipe = _fit(messy)
        row = messy.drop(columns=["label", "comment"]).head(1).copy()
        row["colour"] = "ultraviolet"
        row["city"] = "atlantis"
        row["signup"] = "not a date"
        assert pipe.predict_proba(row).shape == (1, 2)

    def test_json_like_row_with_strings_for_numbers(self, messy: pd.DataFrame) -> None:
        pipe = _fit(messy)
        row = pd.DataFrame([{"x": "0.3", "amount": "12", "colour": "red", "active": "yes"}])
        assert pipe.predict(row)[0] in {"yes", "no"}


class TestFeatureSchema:
    def test_schema_describes_each_used_column(self, messy: pd.DataFrame) -> None:
        X = messy.drop(columns="label")
        schema = {f["name"]: f for f in feature_schema(X, plan_columns(X))}
        assert set(schema) == {"x", "amount", "colour", "city", "active", "signup", "comment"}
        assert schema["x"]["required"] is False
        assert schema["amount"]["type"] == "integer"
        assert schema["amount"]["min"] >= 0
        assert set(schema["colour"]["categories"]) == {"red", "green", "blue"}
        assert schema["signup"]["type"] == "datetime"
        assert isinstance(schema["comment"]["example"], str)

    def test_datetime_parts_include_hour_only_when_present(self) -> None:
        frame = pd.DataFrame(
            {"when": pd.date_range("2024-01-01", periods=30, freq="5h"), "label": ["a", "b"] * 15}
        )
        pipe = _fit(frame)
        parts = pipe.named_steps["preprocess"].named_transformers_["datetime"]["parts"]
        assert list(parts.get_feature_names_out()) == [
            "when__year",
            "when__month",
            "when__day",
            "when__dayofweek",
            "when__hour",
        ]
        assert np.isfinite(pipe.predict_proba(frame.head(2))).all()
