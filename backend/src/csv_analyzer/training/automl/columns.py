"""Column roles: which columns feed the model, as what, and which are dropped and why.

Also builds the feature schema the registry and the prediction form show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from csv_analyzer.training.automl.contracts import JSONValue
from csv_analyzer.training.automl.errors import ConfigError
from csv_analyzer.training.automl.transformers import cast_column

SEMANTIC_TYPES = ("numeric", "integer", "boolean", "categorical", "datetime", "text", "identifier")
HIGH_CARDINALITY = 15  # above this many levels one-hot gets wide: encode ordinally / by target
_SCHEMA_CATEGORIES = 50
_ID_NAME = re.compile(r"(^|[_\s-])(id|uuid|guid|key|rownames?|index)$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}([ T]\d{1,2}:\d{2}(:\d{2})?.*)?\s*$")


@dataclass
class ColumnPlan:
    """The role of every input column.

    Attributes:
        roles: Kept column -> role (numeric, boolean, categorical, datetime, text), input order.
        high_cardinality: Categorical columns with more than ``HIGH_CARDINALITY`` levels.
        dropped: ``{"name", "reason"}`` for every column the model ignores.
    """

    roles: dict[str, str]
    high_cardinality: set[str] = field(default_factory=set)
    dropped: list[dict[str, str]] = field(default_factory=list)


def _infer_string_role(values: pd.Series, name: str) -> tuple[str, str | None]:
    """Role for a text-typed column, with a drop reason when it is an identifier."""
    sample = values.head(500).astype(str)
    if sample.str.match(_DATE_LIKE).mean() >= 0.9:
        parsed = pd.to_datetime(sample, errors="coerce", format="mixed")
        if parsed.notna().mean() >= 0.9:
            return "datetime", None
    if pd.to_numeric(sample, errors="coerce").notna().mean() >= 0.95:
        return "numeric", None
    share = values.nunique() / len(values)
    words = float(sample.map(lambda v: len(v.split())).mean())
    if words >= 3 and share > 0.3:
        return "text", None
    if share > 0.95 and len(values) > 20:
        return "identifier", f"identifier-like: {share:.0%} of the values are unique"
    if _ID_NAME.search(name) and share > 0.5:
        return "identifier", "identifier-like name with mostly unique values"
    return "categorical", None


def _infer_role(values: pd.Series, name: str) -> tuple[str, str | None]:
    if pd.api.types.is_bool_dtype(values):
        return "boolean", None
    if pd.api.types.is_datetime64_any_dtype(values):
        return "datetime", None
    if isinstance(values.dtype, pd.CategoricalDtype):
        return "categorical", None
    if pd.api.types.is_numeric_dtype(values):
        arr = values.to_numpy(dtype=float)
        int_like = bool(np.all(arr == np.round(arr)))
        unique = values.nunique() == len(values) and len(values) > 20
        if int_like and unique:
            # Row numbers stay dense even after rows are removed (missing target, a sample).
            dense = float(arr.max() - arr.min() + 1) <= 1.5 * len(arr)
            if dense or _ID_NAME.search(name):
                return (
                    "identifier",
                    "identifier-like: unique, densely numbered integers (row numbers)",
                )
        return "numeric", None
    return _infer_string_role(values.astype(object), name)


def plan_columns(X: pd.DataFrame, column_types: Mapping[str, str] | None = None) -> ColumnPlan:
    """Decide each column's role from the user's hints, else from its dtype and values.

    Args:
        X: Feature columns (raw, training rows only).
        column_types: Optional semantic type per column (see ``SEMANTIC_TYPES``).

    Returns:
        The plan; empty, constant and identifier columns are dropped with a reason.

    Raises:
        ConfigError: A hint names an unknown column or an unknown type.
    """
    hints = dict(column_types or {})
    for col, kind in hints.items():
        if kind not in SEMANTIC_TYPES:
            raise ConfigError(
                f"Unknown type {kind!r} for column {col!r}; use one of {SEMANTIC_TYPES}."
            )
    plan = ColumnPlan(roles={})
    for col in X.columns:
        name = str(col)
        values = X[col].dropna()
        hint = hints.get(name)
        role: str
        reason: str | None
        if values.empty:
            role, reason = "dropped", "empty: every value is missing"
        elif hint == "identifier":
            role, reason = "identifier", "marked as an identifier"
        elif values.astype(str).nunique() < 2:
            role, reason = "dropped", f"constant: always {values.iloc[0]!r}"
        elif hint is not None:
            role, reason = ("numeric" if hint == "integer" else hint), None
        else:
            role, reason = _infer_role(values, name)
        if reason is not None:
            plan.dropped.append({"name": name, "reason": reason})
            continue
        plan.roles[name] = role
        if role == "categorical" and values.astype(str).nunique() > HIGH_CARDINALITY:
            plan.high_cardinality.add(name)
    return plan


def _json_scalar(value: object) -> JSONValue:
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value if isinstance(value, str | int | float | bool) or value is None else str(value)


def feature_schema(X: pd.DataFrame, plan: ColumnPlan) -> list[dict[str, JSONValue]]:
    """Describe the inputs the model expects, for the registry and the prediction form.

    Args:
        X: Raw training feature rows.
        plan: The column plan.

    Returns:
        One dict per used column: name, type, required (no missing value seen in training, so
        the model never learned to do without it), missing_share, example, and categories (most
        frequent first) or min/max/median.
    """
    schema: list[dict[str, JSONValue]] = []
    for name, role in plan.roles.items():
        raw = X[name]
        cast = cast_column(raw, role)
        non_null = raw.dropna()
        entry: dict[str, JSONValue] = {
            "name": name,
            "type": role,
            "required": bool(raw.notna().all()),
            "missing_share": round(float(raw.isna().mean()), 4),
            "example": _json_scalar(non_null.iloc[0]) if not non_null.empty else None,
        }
        if role == "numeric":
            arr = cast.dropna().to_numpy()
            if arr.size and np.all(arr == np.round(arr)):
                entry["type"] = "integer"
            for stat, fn in (("min", np.min), ("max", np.max), ("median", np.median)):
                entry[stat] = _json_scalar(float(fn(arr))) if arr.size else None
        elif role in ("categorical", "boolean"):
            top = cast.dropna().value_counts().head(_SCHEMA_CATEGORIES)
            entry["categories"] = [_json_scalar(v) for v in top.index]
        elif role == "datetime":
            dt = cast.dropna()
            entry["min"] = _json_scalar(dt.min()) if not dt.empty else None
            entry["max"] = _json_scalar(dt.max()) if not dt.empty else None
        schema.append(entry)
    return schema
