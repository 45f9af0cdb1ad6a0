"""Cross-validation of one candidate: folds, cached preprocessed folds, out-of-fold predictions.

Preprocessing has no searched hyperparameters, so each family's column transformer is fitted once
per fold and reused by every trial: trials then only pay for the model fit.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.model_selection import KFold, StratifiedKFold

from csv_analyzer.training.automl.columns import ColumnPlan
from csv_analyzer.training.automl.contracts import TaskName
from csv_analyzer.training.automl.metrics import Metric
from csv_analyzer.training.automl.portfolio import AlgorithmSpec, Params
from csv_analyzer.training.automl.preprocessing import (
    Family,
    build_preprocessor,
    leading_categoricals,
)

Fold = tuple[np.ndarray, np.ndarray]


class TrialStopped(Exception):
    """Raised by a fold callback to stop a trial early (pruned or out of time)."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


@dataclass
class CVResult:
    """Outcome of cross-validating one configuration."""

    fold_scores: list[float]
    oof: np.ndarray
    fit_time_s: float
    predict_time_s: float


def make_folds(
    y: np.ndarray, task: TaskName, n_folds: int, seed: int, repeats: int = 1
) -> list[Fold]:
    """Shuffled k-fold splits, stratified for classification, optionally repeated.

    Args:
        y: Encoded targets.
        task: The task.
        n_folds: Requested folds; lowered to the smallest class size (at least 2).
        seed: Shuffle seed (repeat ``r`` shuffles with ``seed + r``).
        repeats: How many independent k-fold partitions to chain: every row is then validated
            ``repeats`` times, once per partition.

    Returns:
        ``(train_index, validation_index)`` pairs, partition after partition.
    """
    folds: list[Fold] = []
    for r in range(max(1, repeats)):
        if task == "classification":
            smallest = int(np.bincount(y).min())
            splitter: Any = StratifiedKFold(
                max(2, min(n_folds, smallest)), shuffle=True, random_state=seed + r
            )
        else:
            splitter = KFold(max(2, n_folds), shuffle=True, random_state=seed + r)
        folds.extend((tr, va) for tr, va in splitter.split(np.zeros(len(y)), y))
    return folds


def subsample_rows(y: np.ndarray, task: TaskName, max_rows: int, seed: int) -> np.ndarray:
    """Row indices for the search: all rows, or a (stratified) sample of ``max_rows``."""
    n = len(y)
    if n <= max_rows:
        return np.arange(n)
    rng = np.random.default_rng(seed)
    if task == "regression":
        return np.sort(rng.choice(n, size=max_rows, replace=False))
    picked = []
    for cls in np.unique(y):
        idx = np.flatnonzero(y == cls)
        take = max(2, round(len(idx) * max_rows / n))
        picked.append(rng.choice(idx, size=min(take, len(idx)), replace=False))
    return np.sort(np.concatenate(picked))


def predict_aligned(estimator: Any, X: Any, task: TaskName, n_classes: int) -> np.ndarray:
    """Predictions in a fixed layout: (n, n_classes) probabilities or (n,) values.

    A fold may miss a rare class, so probability columns are placed by ``estimator.classes_``.
    """
    if task == "regression":
        return np.asarray(estimator.predict(X), dtype=float)
    proba = np.asarray(estimator.predict_proba(X), dtype=float)
    full = np.zeros((proba.shape[0], n_classes))
    full[:, np.asarray(estimator.classes_, dtype=int)] = proba
    return full


@dataclass
class CVData:
    """The rows the search cross-validates on, with per-family preprocessed fold caches.

    With ``repeats`` > 1, ``folds`` chains that many k-fold partitions and out-of-fold
    predictions are stacked partition after partition: OOF row ``r * n + i`` is row ``i``
    predicted by partition ``r``. ``oof_y`` and ``oof_folds`` index that stacked layout, so the
    ensemble is selected on the same repeated predictions the trials were ranked by.
    """

    X: pd.DataFrame
    y: np.ndarray
    task: TaskName
    n_classes: int
    metric: Metric
    plan: ColumnPlan
    folds: list[Fold]
    seed: int
    repeats: int = 1
    _cache: dict[Family, list[tuple[Any, Any]]] = field(default_factory=dict)

    @property
    def folds_per_repeat(self) -> int:
        """k of the k-fold partitions."""
        return len(self.folds) // self.repeats

    @property
    def oof_y(self) -> np.ndarray:
        """Targets aligned with the stacked OOF rows."""
        return np.tile(self.y, self.repeats)

    @property
    def oof_folds(self) -> list[np.ndarray]:
        """Validation indices of every fold in the stacked OOF layout."""
        k, n = self.folds_per_repeat, len(self.y)
        return [va + (i // k) * n for i, (_, va) in enumerate(self.folds)]

    def fold_matrices(self, family: Family) -> list[tuple[Any, Any]]:
        """Preprocessed (train, validation) matrices per fold, fitted once per family."""
        if family not in self._cache:
            mats = []
            template = build_preprocessor(self.plan, family, self.seed, task=self.task)
            for tr, va in self.folds:
                prep = clone(template)
                Xtr = prep.fit_transform(self.X.iloc[tr], self.y[tr])
                mats.append((Xtr, prep.transform(self.X.iloc[va])))
            self._cache[family] = mats
        return self._cache[family]

    def cross_validate(
        self,
        spec: AlgorithmSpec,
        params: Params,
        after_fold: Callable[[int, float, float], None] | None = None,
    ) -> CVResult:
        """Fit ``spec`` with ``params`` on every fold and collect out-of-fold predictions.

        Args:
            spec: Algorithm.
            params: Its hyperparameters.
            after_fold: Called with (fold index, running mean score, seconds used so far); may raise
                ``TrialStopped``.

        Returns:
            Fold scores (higher is better), OOF predictions and summed fit/predict times.
        """
        mats = self.fold_matrices(spec.family)
        n, k_per = len(self.y), self.folds_per_repeat
        rows = n * self.repeats
        shape = (rows, self.n_classes) if self.task == "classification" else (rows,)
        oof = np.zeros(shape)
        scores: list[float] = []
        fit_s = pred_s = 0.0
        for k, ((tr, va), (Xtr, Xva)) in enumerate(zip(self.folds, mats, strict=True)):
            est = spec.build(
                self.task, params, self.seed, leading_categoricals(self.plan, spec.family)
            )
            t0 = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # convergence chatter; the score tells the story
                est.fit(Xtr, self.y[tr])
                t1 = time.perf_counter()
                pred = predict_aligned(est, Xva, self.task, self.n_classes)
            t2 = time.perf_counter()
            fit_s += t1 - t0
            pred_s += t2 - t1
            oof[va + (k // k_per) * n] = pred
            scores.append(self.metric.score(self.y[va], pred))
            if after_fold is not None:
                after_fold(k, float(np.mean(scores)), fit_s + pred_s)
        return CVResult(scores, oof, fit_s, pred_s)
