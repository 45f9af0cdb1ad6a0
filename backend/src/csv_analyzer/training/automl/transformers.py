"""Small picklable transformers used inside the shipped pipeline.

``ColumnCaster`` runs first so predictions accept raw rows (strings from a form, ints where floats
were seen, missing optional columns); ``DatetimeParts`` expands dates into numeric parts.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, TransformerMixin

_TRUE = {"true", "yes", "y", "t", "1", "1.0"}
_FALSE = {"false", "no", "n", "f", "0", "0.0"}


def _as_frame(X: Any) -> pd.DataFrame:
    if isinstance(X, pd.DataFrame):
        return X
    if isinstance(X, dict):
        return pd.DataFrame([X])
    return pd.DataFrame(X)


def _label_text(value: object) -> object:
    """Category label as text; 3.0 and 3 must map to the same category."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def cast_column(col: pd.Series, role: str) -> pd.Series:
    """Cast one raw column to the dtype its role expects (unparsable values become missing).

    Args:
        col: Raw values.
        role: numeric, boolean, categorical, datetime or text.

    Returns:
        float64 for numeric/boolean, object (str or NaN) for categorical, "" filled str for text,
        naive datetime64 for datetime.
    """
    if role == "numeric":
        if pd.api.types.is_bool_dtype(col):
            return col.astype(float)
        return pd.to_numeric(col, errors="coerce").astype(float)
    if role == "boolean":
        if pd.api.types.is_bool_dtype(col) or pd.api.types.is_numeric_dtype(col):
            return col.astype(float)
        low = col.astype(str).str.strip().str.lower()
        out = pd.Series(np.nan, index=col.index, dtype=float)
        out[low.isin(_TRUE).to_numpy()] = 1.0
        out[low.isin(_FALSE).to_numpy()] = 0.0
        return out
    if role == "datetime":
        if pd.api.types.is_datetime64_any_dtype(col):
            dt = col
        else:
            dt = pd.to_datetime(col.astype(object), errors="coerce", format="mixed", utc=True)
        if getattr(dt.dt, "tz", None) is not None:
            dt = dt.dt.tz_convert("UTC").dt.tz_localize(None)
        return dt
    if role == "text":
        return col.astype(object).where(col.notna(), "").astype(str)
    # categorical
    missing = col.isna().to_numpy()
    values = np.array([_label_text(v) for v in col.to_numpy(dtype=object)], dtype=object)
    values[missing] = np.nan
    return pd.Series(values, index=col.index, dtype=object)


class ColumnCaster(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Select the model's columns from raw input and cast each to its role's dtype.

    Args:
        roles: Column name -> role for every column the model uses, in order.
    """

    def __init__(self, roles: dict[str, str]) -> None:
        self.roles = roles

    def fit(self, X: Any, y: Any = None) -> ColumnCaster:  # noqa: ARG002 - sklearn API
        """Nothing to learn; kept for the sklearn API."""
        return self

    def transform(self, X: Any) -> pd.DataFrame:
        """Return a frame with exactly the model's columns; absent ones are all-missing."""
        frame = _as_frame(X)
        out = {}
        for name, role in self.roles.items():
            raw = frame[name] if name in frame.columns else pd.Series(np.nan, index=frame.index)
            out[name] = cast_column(raw, role)
        return pd.DataFrame(out, index=frame.index)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:  # noqa: ARG002
        """Names of the output columns."""
        return np.asarray(list(self.roles), dtype=object)


class DatetimeParts(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Expand datetime columns into year, month, day, day of week (and hour when times vary)."""

    def fit(self, X: pd.DataFrame, y: Any = None) -> DatetimeParts:  # noqa: ARG002 - sklearn API
        """Remember the columns and which of them carry a time of day."""
        frame = _as_frame(X)
        self.columns_ = [str(c) for c in frame.columns]
        self.with_hour_ = [
            bool((pd.to_datetime(frame[c]).dt.hour.fillna(0) != 0).any()) for c in frame.columns
        ]
        return self

    def transform(self, X: pd.DataFrame) -> np.ndarray:
        """Return a float matrix of the parts (NaN where the date is missing)."""
        frame = _as_frame(X)
        parts = []
        for col, hour in zip(self.columns_, self.with_hour_, strict=True):
            dt = pd.to_datetime(frame[col]).dt
            parts += [dt.year, dt.month, dt.day, dt.day_of_week] + ([dt.hour] if hour else [])
        if not parts:
            return np.empty((len(frame), 0))
        return np.column_stack([p.to_numpy(dtype=float, na_value=np.nan) for p in parts])

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:  # noqa: ARG002
        """Names like ``signup__month``."""
        names = []
        for col, hour in zip(self.columns_, self.with_hour_, strict=True):
            suffixes = ["year", "month", "day", "dayofweek"] + (["hour"] if hour else [])
            names += [f"{col}__{s}" for s in suffixes]
        return np.asarray(names, dtype=object)
