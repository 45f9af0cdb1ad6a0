"""Caruana ensemble selection on synthetic out-of-fold predictions."""

from __future__ import annotations

import numpy as np
import pytest

from csv_analyzer.training.automl.ensemble import blend, oof_score, select_ensemble
from csv_analyzer.training.automl.metrics import METRICS


def _noisy_models(seed: int) -> tuple[list[np.ndarray], np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.normal(size=400)
    return [y + rng.normal(scale=s, size=400) for s in (0.5, 0.6, 0.7, 3.0)], y


def test_blend_of_independent_errors_beats_best_single() -> None:
    oofs, y = _noisy_models(0)
    choice = select_ensemble(oofs, y, METRICS["rmse"])
    assert choice.improves
    assert METRICS["rmse"].score(y, blend(oofs, choice.weights)) == choice.score
    assert 3 not in choice.weights  # the very noisy model adds nothing


def test_selection_never_worse_than_best_single() -> None:
    for seed in range(5):
        oofs, y = _noisy_models(seed)
        oofs = [oofs[0], oofs[0] + 5.0]  # a biased copy can only hurt
        choice = select_ensemble(oofs, y, METRICS["rmse"])
        assert choice.score >= choice.best_single_score
        assert not choice.improves


def test_probability_blend_for_classification() -> None:
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, size=300)
    p1 = np.clip(y + rng.normal(scale=0.6, size=300), 0.01, 0.99)
    p2 = np.clip(y + rng.normal(scale=0.6, size=300), 0.01, 0.99)
    oofs = [np.column_stack([1 - p, p]) for p in (p1, p2)]
    choice = select_ensemble(oofs, y, METRICS["roc_auc"])
    assert choice.score >= choice.best_single_score


def test_fold_score_is_the_mean_of_fold_scores() -> None:
    oofs, y = _noisy_models(2)
    folds = [np.arange(0, 200), np.arange(200, 400)]
    rmse = METRICS["rmse"]
    expected = np.mean([rmse.score(y[va], oofs[0][va]) for va in folds])
    assert oof_score(y, oofs[0], rmse, folds) == pytest.approx(expected)
    assert oof_score(y, oofs[0], rmse) == rmse.score(y, oofs[0])


def test_with_folds_the_blend_is_compared_per_fold() -> None:
    oofs, y = _noisy_models(3)
    folds = [np.arange(0, 100), np.arange(100, 400)]
    rmse = METRICS["rmse"]
    choice = select_ensemble(oofs, y, rmse, folds=folds)
    assert choice.best_single_score == max(oof_score(y, p, rmse, folds) for p in oofs)
    assert choice.score == pytest.approx(oof_score(y, blend(oofs, choice.weights), rmse, folds))
    assert choice.improves
