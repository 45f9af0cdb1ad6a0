"""Holdout split and final evaluation of the refit model against a naive baseline."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn import metrics as skm
from sklearn.model_selection import train_test_split

from csv_analyzer.training.automl.contracts import JSONValue, TaskName
from csv_analyzer.training.automl.metrics import METRICS

MAX_CURVE_POINTS = 200
MAX_SCATTER_POINTS = 1000


def holdout_split(
    y: np.ndarray, task: TaskName, share: float, seed: int
) -> tuple[np.ndarray, np.ndarray]:
    """Split row positions into training and holdout, stratified for classification.

    Falls back to an unstratified split when a class is too small to appear on both sides.

    Returns:
        ``(train_positions, holdout_positions)``.
    """
    idx = np.arange(len(y))
    stratify = y if task == "classification" else None
    try:
        tr, ho = train_test_split(idx, test_size=share, random_state=seed, stratify=stratify)
    except ValueError:
        tr, ho = train_test_split(idx, test_size=share, random_state=seed)
    return np.sort(tr), np.sort(ho)


def _downsample(*arrays: np.ndarray, limit: int) -> list[list[float]]:
    n = len(arrays[0])
    keep = np.unique(np.linspace(0, n - 1, min(n, limit)).round().astype(int))
    return [[round(float(v), 6) for v in a[keep]] for a in arrays]


def _sample(n: int, limit: int, seed: int) -> np.ndarray:
    if n <= limit:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=limit, replace=False))


def classification_report(
    y: np.ndarray, proba: np.ndarray, labels: list[Any]
) -> dict[str, JSONValue]:
    """Holdout metrics of a probabilistic classifier.

    Args:
        y: Encoded true classes (0..k-1).
        proba: Probabilities (n, k) in the order of ``labels``.
        labels: Original class labels.

    Returns:
        accuracy, balanced_accuracy, precision/recall/f1 (macro), roc_auc (binary or OvR macro,
        None when the holdout has one class), log_loss, per_class, confusion_matrix.
    """
    k = len(labels)
    pred = proba.argmax(axis=1)
    out: dict[str, JSONValue] = {
        "accuracy": float(skm.accuracy_score(y, pred)),
        "balanced_accuracy": float(skm.balanced_accuracy_score(y, pred)),
        "log_loss": METRICS["log_loss"].value(y, proba),
    }
    for avg in ("macro",):
        p, r, f, _ = skm.precision_recall_fscore_support(
            y, pred, labels=np.arange(k), average=avg, zero_division=0
        )
        out |= {f"precision_{avg}": float(p), f"recall_{avg}": float(r), f"f1_{avg}": float(f)}
    p, r, f, s = skm.precision_recall_fscore_support(
        y, pred, labels=np.arange(k), average=None, zero_division=0
    )
    out["per_class"] = [
        {
            "label": str(lbl),
            "precision": float(p[i]),
            "recall": float(r[i]),
            "f1": float(f[i]),
            "support": int(s[i]),
        }
        for i, lbl in enumerate(labels)
    ]
    out["roc_auc"] = METRICS["roc_auc"].value(y, proba) if len(np.unique(y)) > 1 else None
    out["confusion_matrix"] = skm.confusion_matrix(y, pred, labels=np.arange(k)).tolist()
    return out


def regression_report(y: np.ndarray, pred: np.ndarray) -> dict[str, JSONValue]:
    """Holdout metrics of a regressor: mae, mse, rmse, r2 and mape.

    MAPE skips rows whose true value is 0 (a percentage of zero is undefined); it is None when
    every true value is 0.
    """
    mse = float(skm.mean_squared_error(y, pred))
    nonzero = np.abs(y) > 1e-12
    mape = float(np.mean(np.abs((y - pred)[nonzero] / y[nonzero]))) if nonzero.any() else None
    return {
        "mae": float(skm.mean_absolute_error(y, pred)),
        "mse": mse,
        "rmse": float(np.sqrt(mse)),
        "r2": float(skm.r2_score(y, pred)),
        "mape": mape,
    }


def classification_plots(
    y: np.ndarray, proba: np.ndarray, labels: list[Any]
) -> dict[str, JSONValue]:
    """ROC and precision-recall curve points (<= 200 each), one-vs-rest per class if multiclass."""
    curves: dict[str, JSONValue] = {"roc_curve": [], "pr_curve": []}
    positives = [1] if len(labels) == 2 else list(range(min(len(labels), 10)))
    for c in positives:
        truth = (y == c).astype(int)
        if truth.min() == truth.max():
            continue
        fpr, tpr, _ = skm.roc_curve(truth, proba[:, c])
        prec, rec, _ = skm.precision_recall_curve(truth, proba[:, c])
        fpr_s, tpr_s = _downsample(fpr, tpr, limit=MAX_CURVE_POINTS)
        rec_s, prec_s = _downsample(rec[::-1], prec[::-1], limit=MAX_CURVE_POINTS)
        curves["roc_curve"].append({"label": str(labels[c]), "fpr": fpr_s, "tpr": tpr_s})
        curves["pr_curve"].append({"label": str(labels[c]), "recall": rec_s, "precision": prec_s})
    curves["confusion_matrix"] = {
        "labels": [str(lbl) for lbl in labels],
        "matrix": skm.confusion_matrix(
            y, proba.argmax(axis=1), labels=np.arange(len(labels))
        ).tolist(),
    }
    return curves


def regression_plots(y: np.ndarray, pred: np.ndarray, seed: int) -> dict[str, JSONValue]:
    """Predicted-vs-actual and residual samples (<= 1000 points)."""
    keep = _sample(len(y), MAX_SCATTER_POINTS, seed)
    actual = [round(float(v), 6) for v in y[keep]]
    predicted = [round(float(v), 6) for v in pred[keep]]
    residuals = [round(a - p, 6) for a, p in zip(actual, predicted, strict=True)]
    return {
        "predicted_vs_actual": {"actual": actual, "predicted": predicted},
        "residuals": {"predicted": predicted, "residual": residuals},
    }
