"""Permutation importance covers every feature, whatever the column order and the budget."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
import pytest

from csv_analyzer.training.automl import AutoMLConfig, importance, run_automl


def wide_frame(rows: int = 1500, noise: int = 80, seed: int = 0) -> pd.DataFrame:
    """Noise columns first; the one feature that drives the target is the LAST column."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame({f"noise_{i:02d}": rng.normal(size=rows) for i in range(noise)})
    frame["colour"] = rng.choice(["red", "green", "blue"], size=rows)
    driver = rng.normal(size=rows)
    frame["target"] = np.where(driver + rng.normal(scale=0.3, size=rows) > 0, "yes", "no")
    frame["driver_last"] = driver
    return frame


def test_the_strongest_feature_in_the_last_column_ranks_first_on_a_small_budget() -> None:
    frame = wide_frame()
    result = run_automl(frame, AutoMLConfig(target="target", time_budget_s=3, seed=0))
    importances = result.feature_importances
    features = set(frame.columns) - {"target"}
    assert {f["feature"] for f in importances} == features
    assert all(f["importance"] is not None for f in importances)
    assert importances[0]["feature"] == "driver_last"
    coverage = result.plots["feature_importance_coverage"]
    assert isinstance(coverage, dict)
    assert (coverage["computed"], coverage["total"], coverage["complete"]) == (82, 82, True)
    assert coverage["summary"] == "all 82 features measured"


def test_an_unfinished_run_lists_every_feature_and_says_how_many_were_computed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = np.random.default_rng(1)
    X = pd.DataFrame({f"c{i}": rng.normal(size=300) for i in range(30)})
    y = X["c29"].to_numpy()
    monkeypatch.setattr(importance, "CHUNK_CELLS", 1)  # one predict call per column

    def slow_predict(frame: pd.DataFrame) -> np.ndarray:
        time.sleep(0.05)
        return frame["c29"].to_numpy()

    def neg_mse(y_true: np.ndarray, pred: np.ndarray) -> float:
        return -float(np.mean((y_true - pred) ** 2))

    result = importance.permutation_importance(
        slow_predict, neg_mse, X, y, list(X.columns), 0.3, seed=0
    )
    rows, coverage = result.rows, result.coverage
    computed = coverage["computed"]
    assert isinstance(computed, int)
    assert 0 < computed < 30
    assert coverage["complete"] is False
    assert coverage["summary"] == f"{computed} of 30 features measured (the time share ran out)"
    assert {r["feature"] for r in rows} == set(X.columns)  # never dropped
    # ...and the unmeasured ones sort last
    assert [r["importance"] is None for r in rows] == [False] * computed + [True] * (30 - computed)
