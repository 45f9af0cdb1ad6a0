"""Task detection and target validation.

``prepare_target`` turns a raw target column into a clean label/value array, decides between
classification and regression (with a sentence a user can read) and refuses targets that cannot be
learned with a ``TargetError`` saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from csv_analyzer.training.automl.contracts import TaskName
from csv_analyzer.training.automl.errors import TargetError

__all__ = ["PreparedTarget", "TargetError", "prepare_target"]

# An integer target with at most this many distinct values is read as classes (star ratings,
# 0/1 flags, wine cultivars); up to the second limit when values repeat a lot (< 5% unique).
_MAX_INT_CLASSES = 10
_MAX_INT_CLASSES_REPEATED = 30
_REPEATED_SHARE = 0.05
# A classifier needs examples of every class in every fold, and its cost grows with the classes
# (a boosted model fits one tree per class per round): a 10 s job on 426 classes ran for minutes
# without finishing one model. Beyond these limits the target is refused, with the reason.
# (A few classes on few rows stay allowed: every class already needs 2 rows.)
MAX_CLASSES = 200
MIN_ROWS_PER_CLASS = 5
FEW_CLASSES = 10
_ID_NAME = re.compile(r"(^|[_\s-])(id|uuid|guid|key|rownames?|index)$", re.IGNORECASE)


@dataclass(frozen=True)
class PreparedTarget:
    """A validated target.

    Attributes:
        task: The resolved task.
        explanation: Why this task was chosen, in plain words.
        y: Target values for the kept rows (labels for classification, floats for regression).
        keep: Boolean mask over the input rows; False where the target was missing.
        n_missing: Rows dropped because the target was missing.
        classes: Sorted original class labels (classification) or None.
    """

    task: TaskName
    explanation: str
    y: np.ndarray
    keep: np.ndarray
    n_missing: int
    classes: list[object] | None


def _is_int_like(values: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        return False
    arr = values.to_numpy(dtype=float)
    return bool(np.all(np.isfinite(arr)) and np.all(arr == np.round(arr)))


def _looks_like_sequence(values: pd.Series) -> bool:
    """True for unique integers numbered densely (row numbers, auto-increment keys)."""
    arr = values.to_numpy(dtype=float)
    return len(arr) > 2 and float(arr.max() - arr.min() + 1) <= 1.5 * len(arr)


def _detect(values: pd.Series, name: str) -> tuple[TaskName, str]:
    n = len(values)
    n_unique = int(values.nunique())
    share = n_unique / n
    stats = f"{n_unique} distinct values in {n} rows ({share:.1%} unique)"
    if pd.api.types.is_bool_dtype(values):
        return "classification", f"'{name}' is boolean ({stats}): classification."
    if not pd.api.types.is_numeric_dtype(values):
        return "classification", f"'{name}' holds text labels ({stats}): classification."
    if not _is_int_like(values):
        return "regression", f"'{name}' is numeric with fractional values ({stats}): regression."
    if n_unique <= _MAX_INT_CLASSES or (
        n_unique <= _MAX_INT_CLASSES_REPEATED and share <= _REPEATED_SHARE
    ):
        return (
            "classification",
            f"'{name}' is an integer with few repeated values ({stats}): classification.",
        )
    return "regression", f"'{name}' is an integer with many distinct values ({stats}): regression."


def _normalise_labels(values: pd.Series) -> np.ndarray:
    """Labels as an array that sorts: ints stay ints, mixed types become strings."""
    if pd.api.types.is_bool_dtype(values):
        return values.to_numpy(dtype=bool)
    if pd.api.types.is_numeric_dtype(values):
        arr = values.to_numpy(dtype=float)
        return arr.astype(np.int64) if _is_int_like(values) else arr
    kinds = {type(v) for v in values}
    if len(kinds) > 1 or not kinds <= {str}:
        return values.astype(str).to_numpy(dtype=object)
    return values.to_numpy(dtype=object)


def prepare_target(series: pd.Series, task: str = "auto") -> PreparedTarget:
    """Validate a target column and resolve the task.

    Args:
        series: The raw target column (any dtype).
        task: ``"auto"``, ``"classification"`` or ``"regression"``.

    Returns:
        The prepared target; rows with a missing target are excluded (see ``keep``/``n_missing``).

    Raises:
        TargetError: The target is all missing, constant, identifier-like, has a class with fewer
            than 2 rows or too many classes for its rows, or is not numeric for a regression.
    """
    name = str(series.name)
    keep = series.notna().to_numpy()
    values = series[keep]
    n_missing = int((~keep).sum())
    if values.empty:
        raise TargetError(f"Target '{name}' has no values: every row is missing.")
    n_unique = int(values.nunique())
    if n_unique < 2:
        raise TargetError(
            f"Target '{name}' is constant (always {values.iloc[0]!r}): there is nothing to predict."
        )
    unique_per_row = n_unique == len(values) and len(values) > 2
    numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
    if unique_per_row and not numeric:
        raise TargetError(
            f"Target '{name}' looks like an identifier: every row has a different text value."
        )
    if (
        unique_per_row
        and _is_int_like(values)
        and (_looks_like_sequence(values) or _ID_NAME.search(name))
    ):
        raise TargetError(
            f"Target '{name}' looks like an identifier: unique, densely numbered integers (row numbers)."
        )

    if task == "auto":
        resolved, explanation = _detect(values, name)
    elif task in ("classification", "regression"):
        resolved = "classification" if task == "classification" else "regression"
        explanation = (
            f"Task '{resolved}' chosen by the user for '{name}' ({n_unique} distinct values)."
        )
    else:
        raise TargetError(f"Unknown task {task!r}: use auto, classification or regression.")

    if resolved == "regression":
        if not numeric:
            raise TargetError(
                f"Target '{name}' is not numeric ({values.dtype}): regression needs numbers; "
                "choose classification or convert the column."
            )
        y = values.to_numpy(dtype=float)
        if not np.all(np.isfinite(y)):
            raise TargetError(f"Target '{name}' contains infinite values.")
        return PreparedTarget(resolved, explanation, y, keep, n_missing, None)

    y = _normalise_labels(values)
    labels, counts = np.unique(y, return_counts=True)
    rare = [str(lbl) for lbl, c in zip(labels, counts, strict=True) if c < 2]
    if rare:
        shown = ", ".join(rare[:5]) + (" ..." if len(rare) > 5 else "")
        raise TargetError(
            f"Target '{name}' has {len(rare)} class(es) with fewer than 2 rows ({shown}); "
            "merge or remove them, or choose regression."
        )
    n_classes, n_rows = len(labels), len(y)
    sparse = n_classes > FEW_CLASSES and n_classes * MIN_ROWS_PER_CLASS > n_rows
    if n_classes > MAX_CLASSES or sparse:
        raise TargetError(
            f"Target '{name}' has {n_classes} classes for {n_rows} rows: too many to learn "
            f"(at most {MAX_CLASSES} classes, and above {FEW_CLASSES} classes on average at least "
            f"{MIN_ROWS_PER_CLASS} rows per class). Group rare classes, or choose regression "
            "for a numeric target."
        )
    return PreparedTarget(resolved, explanation, y, keep, n_missing, labels.tolist())


LOG_TARGET_SKEW = 0.75
"""Sample skewness above which a non-negative regression target also tries a log1p transform."""


def log_target_may_help(y: np.ndarray) -> bool:
    """Whether a regression target is non-negative and right-skewed enough to search log1p.

    Heavy right tails (prices, counts, durations) make squared-error fits chase a few large
    values; a model fitted on ``log1p(y)`` often predicts the bulk better. The transform is
    only a candidate: trials with and without it are scored on the original scale.

    Args:
        y: Float regression targets.

    Returns:
        True when ``min(y) >= 0`` and the sample skewness exceeds ``LOG_TARGET_SKEW``.
    """
    values = np.asarray(y, dtype=float)
    if len(values) < 3 or not np.all(np.isfinite(values)) or values.min() < 0:
        return False
    centred = values - values.mean()
    spread = float(np.sqrt(np.mean(centred**2)))
    if spread == 0.0:
        return False
    return float(np.mean(centred**3)) / spread**3 > LOG_TARGET_SKEW
