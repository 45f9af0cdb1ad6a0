"""Greedy ensemble selection (Caruana et al., 2004) over out-of-fold predictions.

Members are picked with replacement, so the counts become blend weights. The blend is only used
when it beats the best single model on the same OOF predictions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.ensemble import VotingClassifier, VotingRegressor

from csv_analyzer.training.automl.contracts import TaskName
from csv_analyzer.training.automl.metrics import Metric

MAX_CANDIDATES = 10
N_ROUNDS = 25
_MIN_GAIN = 1e-6  # ignore gains that are float noise


@dataclass(frozen=True)
class EnsembleChoice:
    """Selected members (indices into the candidate list) with integer weights."""

    weights: dict[int, int]
    score: float  # higher is better
    best_single_score: float

    @property
    def improves(self) -> bool:
        """True when the blend has several members and beats the best single model."""
        return len(self.weights) > 1 and self.score > self.best_single_score + _MIN_GAIN


def oof_score(
    y: np.ndarray, pred: np.ndarray, metric: Metric, folds: Sequence[np.ndarray] | None = None
) -> float:
    """Score OOF predictions (higher is better) the way trials are ranked.

    Args:
        y: Encoded targets.
        pred: OOF predictions for every row.
        metric: The metric.
        folds: Validation row indices per fold. Given, the score is the mean of the per-fold
            scores, exactly a trial's CV score; without them, one score over all rows.
    """
    if folds is None:
        return metric.score(y, pred)
    return float(np.mean([metric.score(y[va], pred[va]) for va in folds]))


def select_ensemble(
    oofs: Sequence[np.ndarray],
    y: np.ndarray,
    metric: Metric,
    rounds: int = N_ROUNDS,
    folds: Sequence[np.ndarray] | None = None,
) -> EnsembleChoice:
    """Caruana selection with replacement, starting from the best single model.

    The greedy rounds score the pooled OOF rows (one metric call per candidate and round);
    with ``folds``, the selected blend and every single model are then scored per fold as
    trials are (see ``oof_score``), so ``improves`` means the blend beats the leaderboard's
    best CV mean, not just a differently computed number.

    Args:
        oofs: OOF predictions of the candidates (same rows, same layout), best first.
        y: Encoded targets of those rows.
        metric: Metric to optimise (``score`` is higher-is-better).
        rounds: Greedy additions after the initial member.
        folds: Validation row indices per fold, for the final comparison.

    Returns:
        The choice; ``improves`` tells whether to use it.
    """
    singles = [metric.score(y, p) for p in oofs]
    first = int(np.argmax(singles))
    counts: Counter[int] = Counter({first: 1})
    total = np.array(oofs[first], dtype=float)
    best_score = singles[first]
    best_counts = Counter(counts)
    for _ in range(rounds):
        n = sum(counts.values())
        trial_scores = [metric.score(y, (total + p) / (n + 1)) for p in oofs]
        pick = int(np.argmax(trial_scores))
        counts[pick] += 1
        total += oofs[pick]
        if trial_scores[pick] > best_score + _MIN_GAIN:
            best_score, best_counts = trial_scores[pick], Counter(counts)
    best_single = singles[first]
    if folds is not None:
        best_score = oof_score(y, blend(oofs, dict(best_counts)), metric, folds)
        best_single = max(oof_score(y, p, metric, folds) for p in oofs)
    return EnsembleChoice(dict(best_counts), float(best_score), float(best_single))


def blend(oofs: Sequence[np.ndarray], weights: dict[int, int]) -> np.ndarray:
    """Weighted average of predictions, as the fitted voting estimator computes it."""
    total = sum(weights.values())
    return sum((oofs[i] * w for i, w in weights.items()), np.zeros_like(oofs[0])) / total


def build_voting(task: TaskName, members: Sequence[tuple[str, Any]], weights: Sequence[int]) -> Any:
    """An unfitted soft-voting estimator over member pipelines (fit refits every member).

    Args:
        task: Classification averages probabilities; regression averages predictions.
        members: ``(name, pipeline)`` pairs.
        weights: Integer weight per member.

    Returns:
        ``VotingClassifier(voting="soft")`` or ``VotingRegressor``.
    """
    if task == "classification":
        return VotingClassifier(list(members), voting="soft", weights=list(weights))
    return VotingRegressor(list(members), weights=list(weights))
