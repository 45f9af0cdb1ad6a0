"""Permutation importance of EVERY input column on the holdout, within its own time share.

A column is shuffled in its raw form, before the pipeline encodes it, so all the encoded parts of
one source column (one-hot levels, text terms, date parts) move together: its importance is the
importance of the source column, summed back by construction.

The time share pays for one pass over every column first. When one pass would not fit, the
row sample shrinks (down to ``MIN_ROWS``) rather than columns being skipped; further repeats only
run while time is left. Shuffled copies of several columns are scored in one ``predict`` call,
which makes wide inputs cheap (the pipeline's per-call overhead is paid once per chunk). Should
even the smallest sample not finish, the columns not reached are listed with ``importance`` None
and the coverage says "N of M features measured"; they are visited in a seeded random order, so what is
missing never depends on the file's column order.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from csv_analyzer.training.automl.contracts import JSONValue

MAX_ROWS = 1000
MIN_ROWS = 200
MAX_REPEATS = 3
CHUNK_CELLS = 2_000_000
"""Most cells (rows x columns) of shuffled copies scored in one predict call."""

Predict = Callable[[pd.DataFrame], np.ndarray]
Score = Callable[[np.ndarray, np.ndarray], float]


@dataclass(frozen=True)
class Importances:
    """Permutation importances and how complete they are.

    Attributes:
        rows: ``{"feature", "importance", "std"}`` for every column, most important first;
            ``importance`` is None for a column the time share did not reach.
        coverage: ``{"computed", "total", "complete", "rows", "repeats", "seconds", "summary"}``
            where summary reads "all 12 features measured" or "9 of 12 features measured (...)".
    """

    rows: list[dict[str, JSONValue]]
    coverage: dict[str, JSONValue]


def _sample(X: pd.DataFrame, y: np.ndarray, n: int, seed: int) -> tuple[pd.DataFrame, np.ndarray]:
    if len(X) <= n:
        return X.reset_index(drop=True), y
    keep = np.sort(np.random.default_rng(seed).choice(len(X), size=n, replace=False))
    return X.iloc[keep].reset_index(drop=True), y[keep]


def _timed(predict: Predict, X: pd.DataFrame) -> tuple[np.ndarray, float]:
    started = time.monotonic()
    pred = predict(X)
    return pred, max(time.monotonic() - started, 1e-4)


def permutation_importance(
    predict: Predict,
    score: Score,
    X: pd.DataFrame,
    y: np.ndarray,
    columns: list[str],
    time_limit_s: float,
    seed: int,
) -> Importances:
    """Drop in score when one raw column is shuffled, for every column.

    Args:
        predict: ``predict(X) -> predictions`` of the fitted pipeline (row-wise: predictions for
            stacked frames are the stacked predictions).
        score: ``score(y, predictions) -> float``, higher is better.
        X: Holdout rows (raw).
        y: Their targets, in whatever form ``score`` expects.
        columns: Columns to permute (the model's inputs).
        time_limit_s: The importance's own time share.
        seed: Sampling and shuffle seed.

    Returns:
        Importances of every column plus their coverage.
    """
    started = time.monotonic()
    deadline = started + time_limit_s
    X, y = _sample(X, y, MAX_ROWS, seed)
    base_pred, one_call = _timed(predict, X)
    needed = one_call * max(len(columns), 1)
    if needed > time_limit_s and len(X) > MIN_ROWS:
        # Prediction time is about linear in rows: shrink the sample so one pass fits.
        n = max(MIN_ROWS, int(len(X) * time_limit_s / needed * 0.8))
        X, y = _sample(X, y, n, seed + 1)
        base_pred = predict(X)
    base = score(y, base_pred)
    rng = np.random.default_rng(seed)
    order = [columns[i] for i in rng.permutation(len(columns))]
    per_chunk = max(1, CHUNK_CELLS // max(len(X) * max(X.shape[1], 1), 1))
    drops: dict[str, list[float]] = {c: [] for c in columns}
    repeats = 0
    for repeat in range(MAX_REPEATS):
        pass_started = time.monotonic()
        for start in range(0, len(order), per_chunk):
            if time.monotonic() > deadline:
                break
            chunk = order[start : start + per_chunk]
            copies = []
            for col in chunk:
                shuffled = X.copy()
                shuffled[col] = X[col].to_numpy()[rng.permutation(len(X))]
                copies.append(shuffled)
            pred = predict(pd.concat(copies, ignore_index=True))
            for i, col in enumerate(chunk):
                drops[col].append(base - score(y, pred[i * len(X) : (i + 1) * len(X)]))
        repeats = repeat + 1
        pass_s = time.monotonic() - pass_started
        if time.monotonic() + pass_s > deadline:
            break
    rows: list[dict[str, JSONValue]] = [
        {"feature": c, "importance": float(np.mean(d)), "std": float(np.std(d))}
        if d
        else {"feature": c, "importance": None, "std": None}
        for c, d in drops.items()
    ]
    rows.sort(key=lambda r: -(r["importance"] if isinstance(r["importance"], float) else -np.inf))
    computed = sum(1 for d in drops.values() if d)
    total = len(columns)
    summary = (
        f"all {total} features measured"
        if computed == total
        else f"{computed} of {total} features measured (the time share ran out)"
    )
    coverage: dict[str, JSONValue] = {
        "computed": computed,
        "total": total,
        "complete": computed == total,
        "rows": len(X),
        "repeats": repeats,
        "seconds": round(time.monotonic() - started, 3),
        "summary": summary,
    }
    return Importances(rows=rows, coverage=coverage)
