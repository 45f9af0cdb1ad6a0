"""Permutation importance over the ORIGINAL input columns, within a time allowance."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from csv_analyzer.training.automl.contracts import JSONValue

MAX_ROWS = 1000
MAX_REPEATS = 3


def permutation_importance(
    pipeline: Any,
    X: pd.DataFrame,
    y: np.ndarray,
    score: Callable[[Any, pd.DataFrame, np.ndarray], float],
    columns: list[str],
    time_limit_s: float,
    seed: int,
) -> list[dict[str, JSONValue]]:
    """Drop in score when one raw column is shuffled, most important first.

    Rows are subsampled to ``MAX_ROWS`` and repeats cut to what the time allows (at least one
    pass when possible); columns not reached in time get ``importance`` None.

    Args:
        pipeline: Fitted pipeline taking raw rows.
        X: Holdout rows (raw).
        y: Their targets, in whatever form ``score`` expects.
        score: ``score(pipeline, X, y) -> float``, higher is better.
        columns: Columns to permute (the model's inputs).
        time_limit_s: Time allowance.
        seed: Shuffle seed.

    Returns:
        ``{"feature", "importance", "std"}`` per column, sorted by importance.
    """
    rng = np.random.default_rng(seed)
    if len(X) > MAX_ROWS:
        keep = np.sort(rng.choice(len(X), size=MAX_ROWS, replace=False))
        X, y = X.iloc[keep], y[keep]
    X = X.reset_index(drop=True)
    started = time.monotonic()
    base = score(pipeline, X, y)
    one_pass = max(time.monotonic() - started, 1e-3)
    affordable = int(time_limit_s / (one_pass * max(len(columns), 1)))
    repeats = max(1, min(MAX_REPEATS, affordable))
    deadline = started + time_limit_s
    rows: list[dict[str, JSONValue]] = []
    for col in columns:
        if time.monotonic() > deadline:
            rows.append({"feature": col, "importance": None, "std": None})
            continue
        drops = []
        for _ in range(repeats):
            shuffled = X.copy()
            shuffled[col] = X[col].to_numpy()[rng.permutation(len(X))]
            drops.append(base - score(pipeline, shuffled, y))
        rows.append(
            {"feature": col, "importance": float(np.mean(drops)), "std": float(np.std(drops))}
        )
    return sorted(
        rows, key=lambda r: -(r["importance"] if r["importance"] is not None else -np.inf)
    )
