"""Optimisation metrics: the fixed set users can pick from, with their direction.

Scores are computed from predictions, not estimators, so the search can score out-of-fold
predictions and the ensemble can score blends without refitting anything.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn import metrics as skm

from csv_analyzer.training.automl.contracts import TaskName
from csv_analyzer.training.automl.errors import ConfigError

_PROBA_EPS = 1e-15


@dataclass(frozen=True)
class Metric:
    """A metric over encoded targets.

    Attributes:
        name: Public name (``roc_auc``, ``rmse``, ...).
        task: Task it applies to.
        greater_is_better: Direction of optimisation.
        needs_proba: Whether it scores probabilities rather than hard labels.
    """

    name: str
    task: TaskName
    greater_is_better: bool
    needs_proba: bool

    def value(self, y: np.ndarray, pred: np.ndarray) -> float:
        """Metric value in its own units.

        Args:
            y: Encoded class indices (classification) or float targets (regression).
            pred: Probability matrix (n, k) for classification, predictions (n,) for regression.

        Returns:
            The metric value.
        """
        return float(_COMPUTE[self.name](y, pred))

    def score(self, y: np.ndarray, pred: np.ndarray) -> float:
        """Metric oriented so that higher is always better (losses negated)."""
        v = self.value(y, pred)
        return v if self.greater_is_better else -v


def _roc_auc(y: np.ndarray, proba: np.ndarray) -> float:
    if proba.shape[1] == 2:
        return float(skm.roc_auc_score(y, proba[:, 1]))
    present = np.unique(y)
    if len(present) < proba.shape[1]:
        # A fold or holdout may miss a rare class: score over the classes present.
        sub = proba[:, present]
        sub = sub / np.clip(sub.sum(axis=1, keepdims=True), _PROBA_EPS, None)
        return float(skm.roc_auc_score(np.searchsorted(present, y), sub, multi_class="ovr"))
    return float(skm.roc_auc_score(y, proba, multi_class="ovr", average="macro"))


def _log_loss(y: np.ndarray, proba: np.ndarray) -> float:
    p = np.clip(proba, _PROBA_EPS, 1.0)
    p = p / p.sum(axis=1, keepdims=True)
    return float(skm.log_loss(y, p, labels=np.arange(proba.shape[1])))


_COMPUTE = {
    "roc_auc": _roc_auc,
    "log_loss": _log_loss,
    "accuracy": lambda y, p: skm.accuracy_score(y, p.argmax(axis=1)),
    "balanced_accuracy": lambda y, p: skm.balanced_accuracy_score(y, p.argmax(axis=1)),
    "f1_macro": lambda y, p: skm.f1_score(y, p.argmax(axis=1), average="macro", zero_division=0),
    "rmse": lambda y, p: np.sqrt(skm.mean_squared_error(y, p)),
    "mae": skm.mean_absolute_error,
    "r2": skm.r2_score,
}

METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        Metric("roc_auc", "classification", True, True),
        Metric("log_loss", "classification", False, True),
        Metric("accuracy", "classification", True, False),
        Metric("balanced_accuracy", "classification", True, False),
        Metric("f1_macro", "classification", True, False),
        Metric("rmse", "regression", False, False),
        Metric("mae", "regression", False, False),
        Metric("r2", "regression", True, False),
    )
}


def resolve_metric(name: str | None, task: TaskName, n_classes: int) -> Metric:
    """Pick the user's metric or the task default.

    Defaults: ROC AUC for binary, log loss for multiclass, RMSE for regression.

    Args:
        name: Requested metric name, or None for the default.
        task: The resolved task.
        n_classes: Number of classes (ignored for regression).

    Returns:
        The metric.

    Raises:
        ConfigError: Unknown metric or a metric of the other task.
    """
    if name is None:
        if task == "regression":
            return METRICS["rmse"]
        return METRICS["roc_auc"] if n_classes == 2 else METRICS["log_loss"]
    metric = METRICS.get(name)
    if metric is None or metric.task != task:
        allowed = sorted(m.name for m in METRICS.values() if m.task == task)
        raise ConfigError(f"Metric {name!r} is not available for {task}; choose one of {allowed}.")
    return metric


@dataclass(frozen=True)
class MetricInfo:
    """How a metric reads for people: its label, its direction and one plain sentence.

    Covers the optimisation metrics above and the extra holdout-report metrics (precision,
    recall, MSE, MAPE); the SPA reads these from the training options endpoint.
    """

    name: str
    label: str
    greater_is_better: bool
    explanation: str


METRIC_INFO: dict[str, MetricInfo] = {
    m.name: m
    for m in (
        MetricInfo(
            "roc_auc",
            "ROC AUC",
            True,
            "How well the model ranks positives above negatives: 0.5 is a coin toss, 1 is perfect.",
        ),
        MetricInfo(
            "log_loss",
            "Log loss",
            False,
            "How confident and right the predicted probabilities are; lower is better, "
            "0 is perfect.",
        ),
        MetricInfo(
            "accuracy",
            "Accuracy",
            True,
            "Share of rows whose class is predicted correctly; higher is better.",
        ),
        MetricInfo(
            "balanced_accuracy",
            "Balanced accuracy",
            True,
            "Accuracy averaged over the classes, so a rare class counts as much as a common one.",
        ),
        MetricInfo(
            "f1_macro",
            "F1 (macro)",
            True,
            "Balance of precision and recall, averaged over the classes; 1 is perfect.",
        ),
        MetricInfo(
            "precision_macro",
            "Precision (macro)",
            True,
            "Of the rows predicted as a class, the share that really are; averaged over classes.",
        ),
        MetricInfo(
            "recall_macro",
            "Recall (macro)",
            True,
            "Of the rows of a class, the share the model finds; averaged over classes.",
        ),
        MetricInfo(
            "rmse",
            "RMSE",
            False,
            "Typical size of an error, in the target's units; large errors weigh more. "
            "Lower is better.",
        ),
        MetricInfo(
            "mae",
            "MAE",
            False,
            "Average size of an error, in the target's units. Lower is better.",
        ),
        MetricInfo(
            "mse",
            "MSE",
            False,
            "Average squared error (RMSE squared); large errors weigh much more. Lower is better.",
        ),
        MetricInfo(
            "r2",
            "R²",
            True,
            "Share of the target's variation the model explains: 1 is perfect, 0 is no better "
            "than the mean.",
        ),
        MetricInfo(
            "mape",
            "MAPE",
            False,
            "Average error as a percentage of the true value. Lower is better.",
        ),
    )
}
