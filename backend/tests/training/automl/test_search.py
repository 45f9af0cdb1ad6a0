"""The search's trial order: the reference HGB first, then each algorithm's defaults."""

from __future__ import annotations

import time
from collections.abc import Sequence

import pandas as pd

from csv_analyzer.training.automl.columns import plan_columns
from csv_analyzer.training.automl.cv import CVData, make_folds
from csv_analyzer.training.automl.metrics import METRICS
from csv_analyzer.training.automl.portfolio import ALGORITHMS, CODES_AS_NUMBERS, REFERENCE
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
