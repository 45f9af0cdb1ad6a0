"""Repeated k-fold CV: partitions, the stacked out-of-fold layout and its fold scores."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_wine

from csv_analyzer.training.automl.columns import plan_columns
from csv_analyzer.training.automl.cv import CVData, make_folds
from csv_analyzer.training.automl.metrics import METRICS
from csv_analyzer.training.automl.portfolio import ALGORITHMS
from csv_analyzer.training.automl.preprocessing import build_caster
from csv_analyzer.training.automl.settings import (
    SMALL_DATA_MIN_BUDGET_S,
    SMALL_DATA_ROWS,
    search_plan,
)


def _wine_data(repeats: int) -> CVData:
    X, y = load_wine(return_X_y=True, as_frame=True)
    X = pd.DataFrame(X)
    plan = plan_columns(X)
    labels = np.asarray(y, dtype=int)
    return CVData(
        X=build_caster(plan).transform(X),
        y=labels,
        task="classification",
        n_classes=3,
        metric=METRICS["log_loss"],
        plan=plan,
        folds=make_folds(labels, "classification", 5, 0, repeats),
        seed=0,
        repeats=repeats,
    )


class TestMakeFolds:
    def test_every_row_is_validated_once_per_repeat(self) -> None:
        y = np.repeat([0, 1, 2], 40)
        folds = make_folds(y, "classification", 5, 7, repeats=3)
        assert len(folds) == 15
        for r in range(3):
            seen = np.concatenate([va for _, va in folds[5 * r : 5 * r + 5]])
            assert np.array_equal(np.sort(seen), np.arange(len(y)))

    def test_repeats_are_different_partitions(self) -> None:
        y = np.arange(100, dtype=float)
        folds = make_folds(y, "regression", 5, 0, repeats=2)
        assert not np.array_equal(np.sort(folds[0][1]), np.sort(folds[5][1]))

    def test_one_repeat_is_plain_k_fold(self) -> None:
        y = np.arange(50, dtype=float)
        assert len(make_folds(y, "regression", 5, 0)) == 5


class TestRepeatedOOF:
    def test_stacked_oof_rows_score_like_the_fold_scores(self) -> None:
        data = _wine_data(repeats=3)
        cv = data.cross_validate(ALGORITHMS["linear"], {"C": 1.0})
        assert cv.oof.shape == (3 * len(data.y), 3)
        assert len(cv.fold_scores) == 15
        # Each row holds a probability vector in every repeat: no slot left unfilled.
        assert np.allclose(cv.oof.sum(axis=1), 1.0)
        y = data.oof_y
        rescored = [data.metric.score(y[va], cv.oof[va]) for va in data.oof_folds]
        assert rescored == pytest.approx(cv.fold_scores)

    def test_oof_folds_partition_the_stacked_rows(self) -> None:
        data = _wine_data(repeats=3)
        stacked = np.sort(np.concatenate(data.oof_folds))
        assert np.array_equal(stacked, np.arange(3 * len(data.y)))
        assert data.folds_per_repeat == 5


class TestSearchPlan:
    def test_small_data_repeats_its_folds(self) -> None:
        assert search_plan(SMALL_DATA_ROWS - 1, 60, 5) == (20_000, 5, 3)

    def test_short_budget_uses_one_partition(self) -> None:
        assert search_plan(300, SMALL_DATA_MIN_BUDGET_S - 1, 5)[2] == 1

    def test_larger_data_uses_one_partition(self) -> None:
        assert search_plan(SMALL_DATA_ROWS, 60, 5)[2] == 1
        assert search_plan(40_000, 60, 5) == (20_000, 5, 1)
