"""Task detection, target validation and metric choice."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from csv_analyzer.training.automl.errors import ConfigError, TargetError
from csv_analyzer.training.automl.metrics import resolve_metric
from csv_analyzer.training.automl.task import log_target_may_help, prepare_target


class TestTaskDetection:
    def test_string_target_is_classification(self) -> None:
        t = prepare_target(pd.Series(["yes", "no", "yes", "no"], name="churn"))
        assert t.task == "classification"
        assert t.classes == ["no", "yes"]
        assert "text labels" in t.explanation

    def test_integer_target_with_few_values_is_classification(self) -> None:
        t = prepare_target(pd.Series([0, 1, 2] * 60, name="cultivar"))
        assert t.task == "classification"
        assert "3 distinct values" in t.explanation
        assert t.y.dtype == np.int64

    def test_float_target_is_regression(self) -> None:
        t = prepare_target(pd.Series(np.linspace(0, 1, 50), name="price"))
        assert t.task == "regression"
        assert "fractional" in t.explanation

    def test_integer_target_with_many_values_is_regression(self) -> None:
        values = np.random.default_rng(0).integers(0, 10_000, size=300)
        t = prepare_target(pd.Series(values, name="salary"))
        assert t.task == "regression"

    def test_boolean_target_is_classification(self) -> None:
        t = prepare_target(pd.Series([True, False] * 10, name="flag"))
        assert t.task == "classification"

    def test_float_integer_labels_become_ints(self) -> None:
        t = prepare_target(pd.Series([0.0, 1.0, None, 1.0, 0.0], name="y"))
        assert t.classes == [0, 1]

    def test_missing_target_rows_are_dropped_and_counted(self) -> None:
        t = prepare_target(pd.Series([1.5, None, 2.5, np.nan, 3.5], name="y"))
        assert t.n_missing == 2
        assert t.keep.tolist() == [True, False, True, False, True]
        assert len(t.y) == 3

    def test_user_can_force_regression_on_integers(self) -> None:
        t = prepare_target(pd.Series([1, 2, 3] * 10, name="stars"), task="regression")
        assert t.task == "regression"
        assert "chosen by the user" in t.explanation


class TestTargetErrors:
    def test_all_missing(self) -> None:
        with pytest.raises(TargetError, match="every row is missing"):
            prepare_target(pd.Series([None, None], name="y", dtype=float))

    def test_constant(self) -> None:
        with pytest.raises(TargetError, match="constant"):
            prepare_target(pd.Series(["a"] * 10, name="y"))

    def test_text_identifier(self) -> None:
        with pytest.raises(TargetError, match="identifier"):
            prepare_target(pd.Series([f"user{i}" for i in range(50)], name="user"))

    def test_integer_row_numbers(self) -> None:
        with pytest.raises(TargetError, match="identifier"):
            prepare_target(pd.Series(np.arange(100), name="rownames"))

    def test_class_with_a_single_row(self) -> None:
        with pytest.raises(TargetError, match="fewer than 2 rows"):
            prepare_target(pd.Series(["a", "a", "b", "b", "c"], name="y"))

    def test_regression_on_text(self) -> None:
        with pytest.raises(TargetError, match="not numeric"):
            prepare_target(pd.Series(["a", "b", "a", "b"], name="y"), task="regression")


class TestMetricChoice:
    def test_defaults_per_task(self) -> None:
        assert resolve_metric(None, "classification", 2).name == "roc_auc"
        assert resolve_metric(None, "classification", 3).name == "log_loss"
        assert resolve_metric(None, "regression", 0).name == "rmse"

    def test_user_metric_and_direction(self) -> None:
        metric = resolve_metric("f1_macro", "classification", 3)
        assert metric.greater_is_better

    def test_metric_of_other_task_rejected(self) -> None:
        with pytest.raises(ConfigError, match="not available for regression"):
            resolve_metric("roc_auc", "regression", 0)


class TestLogTargetCandidate:
    def test_positive_right_skewed_target_tries_log(self) -> None:
        y = np.random.default_rng(0).lognormal(mean=10, sigma=1, size=500)
        assert log_target_may_help(y)

    def test_symmetric_target_does_not(self) -> None:
        y = np.random.default_rng(0).normal(loc=100, scale=10, size=500)
        assert not log_target_may_help(y)

    def test_negative_values_rule_it_out(self) -> None:
        y = np.random.default_rng(0).lognormal(size=500)
        y[0] = -1.5  # log1p is undefined below -1
        assert not log_target_may_help(y)

    def test_constant_target_does_not(self) -> None:
        assert not log_target_may_help(np.full(50, 3.0))
