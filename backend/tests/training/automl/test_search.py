"""The search's trial order: the reference HGB first, then each algorithm's defaults."""

from __future__ import annotations

import time
from collections.abc import Sequence

import numpy as np
import pandas as pd

from csv_analyzer.training.automl.columns import plan_columns
from csv_analyzer.training.automl.cv import CVData, make_folds
from csv_analyzer.training.automl.metrics import METRICS
from csv_analyzer.training.automl.portfolio import (
    ALGORITHMS,
    CODES_AS_NUMBERS,
    LOG_TARGET,
    REFERENCE,
    TARGET_TRANSFORM,
)
from csv_analyzer.training.automl.preprocessing import build_caster
from csv_analyzer.training.automl.search import Search
from tests.training.automl.conftest import make_messy_frame


def make_search(
    frame: pd.DataFrame, algorithms: Sequence[str] = tuple(ALGORITHMS), budget_s: float = 30.0
) -> Search:
    """A search over ``frame`` (target ``label``) with three folds and a budget of seconds."""
    X = frame.drop(columns="label")
    y = (frame["label"] == "yes").to_numpy(dtype=int)
    plan = plan_columns(X)
    data = CVData(
        X=build_caster(plan).transform(X),
        y=y,
        task="classification",
        n_classes=2,
        metric=METRICS["roc_auc"],
        plan=plan,
        folds=make_folds(y, "classification", 3, 0),
        seed=0,
    )
    start = time.monotonic()
    return Search(
        data=data,
        algorithms=list(algorithms),
        fixed={},
        start=start,
        budget_s=budget_s,
        deadline=start + 0.8 * budget_s,
        on_progress=lambda _update: None,
        should_cancel=lambda: False,
    )


class TestDefaultPlan:
    def test_reference_hgb_defaults_come_first(self) -> None:
        plan = make_search(make_messy_frame(n=120)).default_plan()
        assert plan[0] == (REFERENCE, [{}])
        assert [a for a, _ in plan[1:3]] == ["linear", "decision_tree"]

    def test_reference_runs_once(self) -> None:
        plan = make_search(make_messy_frame(n=120)).default_plan()
        configs = [
            params for algorithm, group in plan if algorithm == REFERENCE for params in group
        ]
        assert configs.count({}) == 1
        assert len(configs) == len(ALGORITHMS[REFERENCE].default_configs("classification", 1))

    def test_codes_as_numbers_variant_when_high_cardinality_categories(self) -> None:
        plan = dict(make_search(make_messy_frame(n=120)).default_plan()[1:])
        assert plan[REFERENCE][0] == CODES_AS_NUMBERS  # "city" has 40 levels

    def test_no_codes_as_numbers_variant_without_category_codes(self) -> None:
        frame = make_messy_frame(n=120).drop(columns="city")
        plan = make_search(frame).default_plan()
        assert all(CODES_AS_NUMBERS not in group for _, group in plan)

    def test_unselected_reference_is_not_added(self) -> None:
        plan = make_search(make_messy_frame(n=120), ["linear", "decision_tree"]).default_plan()
        assert [a for a, _ in plan] == ["linear", "decision_tree"]


def test_first_trial_is_the_reference_and_best_is_at_least_as_good() -> None:
    search = make_search(make_messy_frame(n=150), budget_s=3.0)
    trials = search.run()
    first = trials[0]
    assert (first.row.algorithm, first.row.params, first.row.source) == (REFERENCE, {}, "default")
    assert first.row.status == "ok"
    best = search.best()
    assert best is not None
    assert first.score is not None
    assert best.score is not None
    assert best.score >= first.score
    assert first.row.cv_mean == first.score  # ROC AUC: the row shows the score itself


def _regression_search(y: np.ndarray, repeats: int = 1) -> Search:
    rng = np.random.default_rng(0)
    X = pd.DataFrame({"a": rng.normal(size=len(y)), "b": rng.normal(size=len(y))})
    plan = plan_columns(X)
    data = CVData(
        X=build_caster(plan).transform(X),
        y=y,
        task="regression",
        n_classes=0,
        metric=METRICS["rmse"],
        plan=plan,
        folds=make_folds(y, "regression", 3, 0, repeats),
        seed=0,
        repeats=repeats,
    )
    start = time.monotonic()
    return Search(
        data=data,
        algorithms=list(ALGORITHMS),
        fixed={},
        start=start,
        budget_s=10.0,
        deadline=start + 8.0,
        on_progress=lambda _update: None,
        should_cancel=lambda: False,
    )


class TestLogTargetDefaults:
    def test_skewed_target_tries_each_first_default_on_log_scale(self) -> None:
        y = np.random.default_rng(1).lognormal(mean=8, sigma=1.2, size=200)
        plan = _regression_search(y).default_plan()
        for algorithm, configs in plan:
            if algorithm == REFERENCE and configs == [{}]:
                continue  # the reference itself stays the library's defaults
            first = ALGORITHMS[algorithm].default_configs("regression")[0]
            assert {**first, **LOG_TARGET} in configs, algorithm
        assert sum(TARGET_TRANSFORM in c for _, group in plan for c in group) == len(ALGORITHMS)

    def test_symmetric_target_gets_no_log_variant(self) -> None:
        y = np.random.default_rng(1).normal(size=200)
        plan = _regression_search(y).default_plan()
        assert all(TARGET_TRANSFORM not in c for _, group in plan for c in group)


def test_small_data_runs_averaged_trees_right_after_the_reference() -> None:
    y = np.random.default_rng(1).normal(size=200)
    order = [a for a, _ in _regression_search(y, repeats=3).default_plan()]
    assert order[:3] == [REFERENCE, "extra_trees", "random_forest"]
    assert [a for a, _ in _regression_search(y).default_plan()][1] == "linear"
