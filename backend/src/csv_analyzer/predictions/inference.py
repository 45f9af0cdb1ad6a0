"""Validate prediction rows against a model's feature schema, then predict (pure).

Rows arrive as JSON objects (API, form) or CSV records (batch). Every row is checked before the
model runs: a missing required feature or a value of the wrong type is an error naming the row,
the column and the value; nulls and categories never seen in training are allowed with a
warning (the pipeline imputes them); columns the model does not use are ignored and reported.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
from threadpoolctl import ThreadpoolController

from csv_analyzer.predictions.encodable import holds_unencodable_text, is_encodable
from csv_analyzer.training.automl.contracts import FeatureSpec

MAX_ROWS = 10_000
MAX_ERRORS = 50  # errors listed in one response; the count says how many there were
MAX_WARNING_ROWS = 20  # row indices kept per warning entry
SCHEMA_CATEGORY_LIMIT = 50  # the trainer lists at most this many categories (most frequent first)
_TRUE = frozenset({"true", "yes", "y", "t", "1", "1.0"})
_FALSE = frozenset({"false", "no", "n", "f", "0", "0.0"})
NUMERIC_TYPES = frozenset({"numeric", "integer"})


class SchemaError(ValueError):
    """Rows that do not fit the feature schema; `errors` lists row, column, value and problem."""

    def __init__(self, message: str, errors: list[dict[str, Any]], total: int) -> None:
        super().__init__(message)
        self.errors = errors
        self.total = total


@dataclass(frozen=True)
class Feature:
    """One model input as the trainer described it."""

    name: str
    type: str
    required: bool
    categories: frozenset[str] | None
    complete_categories: bool
    fill: Any  # the training median (numeric) or most frequent value, for contributions

    @property
    def role(self) -> str:
        """The pipeline's casting role (integer columns are cast as numeric)."""
        return "numeric" if self.type == "integer" else self.type


def parse_schema(schema: Sequence[Mapping[str, Any] | FeatureSpec]) -> list[Feature]:
    """Turn the stored feature schema (`FeatureSpec`s or their JSON) into `Feature` objects, in
    model order."""
    features = []
    for raw in schema:
        entry = raw if isinstance(raw, FeatureSpec) else FeatureSpec.model_validate(raw)
        cats = entry.categories
        categories = frozenset(_label_text(c) for c in cats) if cats is not None else None
        fill: Any
        if entry.type in NUMERIC_TYPES:
            fill = entry.median
        elif cats:
            fill = cats[0]
        else:
            fill = entry.example
        features.append(
            Feature(
                name=entry.name,
                type=entry.type,
                required=entry.required,
                categories=categories,
                complete_categories=categories is not None
                and len(categories) < SCHEMA_CATEGORY_LIMIT,
                fill=fill,
            )
        )
    return features


@dataclass
class Prepared:
    """Validated rows as typed columns (the training dtypes) plus what the caller should know."""

    columns: dict[str, np.ndarray]
    n_rows: int
    warnings: list[dict[str, Any]]
    extra_columns: list[str]
    row_errors: dict[int, str] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        """The rows as a DataFrame with the model's column names and dtypes."""
        return pd.DataFrame(self.columns, index=pd.RangeIndex(self.n_rows), copy=False)


@dataclass
class _Collector:
    errors: list[dict[str, Any]] = field(default_factory=list)
    n_errors: int = 0
    warnings: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    row_errors: dict[int, str] = field(default_factory=dict)

    def row_error(self, row: int, message: str) -> None:
        self.row_errors.setdefault(row, message)

    def error(self, row: int, column: str, value: Any, problem: str) -> None:
        self.row_error(row, f"{column!r}: {show_value(value)!r} ({problem})" if column else problem)
        self.n_errors += 1
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(
                {"row": row, "column": column, "value": show_value(value), "problem": problem}
            )

    def warn(self, code: str, column: str, row: int, value: Any = None) -> None:
        entry = self.warnings.get((code, column))
        if entry is None:
            entry = {"code": code, "column": column, "count": 0, "rows": [], "values": []}
            self.warnings[(code, column)] = entry
        entry["count"] += 1
        if len(entry["rows"]) < MAX_WARNING_ROWS:
            entry["rows"].append(row)
        shown = show_value(value)
        if value is not None and len(entry["values"]) < 5 and shown not in entry["values"]:
            entry["values"].append(shown)


def show_value(value: Any) -> Any:
    if isinstance(value, str):
        value = printable(value)
        return value if len(value) <= 100 else value[:100] + "…"
    if isinstance(value, bool | int | float) or value is None:
        return value
    return repr(value)[:100]


def _label_text(value: Any) -> str:
    """Category text exactly as the training caster writes it (3.0 and 3 are the same label)."""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _is_null(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float | np.floating):
        return math.isnan(value)
    return isinstance(value, str) and value.strip() == ""


def _to_number(value: Any) -> float | None:
    if isinstance(value, bool | np.bool_):
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        return number if math.isfinite(number) else None
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def _to_bool(value: Any) -> float | None:
    if isinstance(value, bool | np.bool_):
        return 1.0 if value else 0.0
    if isinstance(value, int | float) and value in (0, 1):
        return float(value)
    if isinstance(value, str):
        low = value.strip().lower()
        if low in _TRUE:
            return 1.0
        if low in _FALSE:
            return 0.0
    return None


def _to_datetime(value: Any) -> np.datetime64 | None:
    if isinstance(value, datetime | date):
        stamp = pd.Timestamp(value)
    elif isinstance(value, str):
        try:
            stamp = pd.Timestamp(value.strip())
        except (ValueError, OverflowError):
            return None
    else:
        return None
    if pd.isna(stamp):
        return None
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return stamp.as_unit("ns").to_datetime64()


_EXPECTED = {
    "numeric": "a number",
    "integer": "a number",
    "boolean": "true/false (or 1/0, yes/no)",
    "datetime": "a date or date-time (ISO 8601)",
    "categorical": "a text, number or boolean label",
    "text": "a text",
}


_PLAIN_NUMBERS = (int, float, type(None))


def _numbers(name: str, raw: list[Any], out: _Collector) -> np.ndarray | None:
    """Vectorised path for a numeric column of plain JSON numbers and nulls (None if not)."""
    if not all(type(v) in _PLAIN_NUMBERS for v in raw):  # bools, strings...: the slow path
        return None
    try:
        values = np.array(raw, dtype=np.float64)  # None -> NaN
    except (OverflowError, ValueError, TypeError):  # e.g. integers beyond float range
        return None
    missing = np.isnan(values)
    for i in np.flatnonzero(missing).tolist():
        out.warn("missing_value", name, i)
    for i in np.flatnonzero(~missing & ~np.isfinite(values)).tolist():
        out.error(i, name, raw[i], f"expected {_EXPECTED['numeric']}")
        values[i] = np.nan
    return values


def _column(feature: Feature, rows: Sequence[Mapping[str, Any]], out: _Collector) -> np.ndarray:
    """One feature's values from every row, typed like the training data."""
    name, kind = feature.name, feature.type
    n = len(rows)
    if kind in NUMERIC_TYPES:
        fast = _numbers(name, [row.get(name) for row in rows], out)
        if fast is not None:
            return fast
    if kind in NUMERIC_TYPES or kind == "boolean":
        values: np.ndarray = np.full(n, np.nan, dtype=np.float64)
    elif kind == "datetime":
        values = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    else:
        values = np.full(n, np.nan, dtype=object)
    convert: Callable[[Any], Any] = {"boolean": _to_bool, "datetime": _to_datetime}.get(
        kind, _to_number
    )
    for i, row in enumerate(rows):
        value = row.get(name)
        if _is_null(value):
            out.warn("missing_value", name, i)
            continue
        if isinstance(value, dict | list | tuple | set):
            out.error(i, name, value, f"expected {_EXPECTED.get(kind, 'a scalar')}")
            continue
        if kind == "text":
            values[i] = str(value)
        elif kind == "categorical":
            label = _label_text(value)
            values[i] = label
            if feature.complete_categories and label not in (feature.categories or ()):
                out.warn("unseen_category", name, i, value)
        else:
            typed = convert(value)
            if typed is None:
                out.error(i, name, value, f"expected {_EXPECTED.get(kind, 'a scalar')}")
            else:
                values[i] = typed
    if kind == "text":
        values[pd.isna(values)] = ""  # the training caster feeds the vectorizer "" for missing
    return values


REQUIRED_BLANK = "required: the model never saw this feature missing in training"
UNENCODABLE = "text that cannot be encoded as UTF-8 (a lone surrogate such as \\ud800)"


def printable(text: str) -> str:
    """`text` with any lone surrogate written as its escape, so an error can quote it."""
    return text if is_encodable(text) else text.encode("utf-8", "backslashreplace").decode()


def _refuse_unencodable_text(
    rows: Sequence[Mapping[str, Any]], out: _Collector, *, lenient: bool
) -> Sequence[Mapping[str, Any]]:
    """Rows with every unencodable key or value listed as an error (and dropped when lenient)."""
    bad = [i for i, row in enumerate(rows) if holds_unencodable_text(row)]
    if not bad:
        return rows
    for i in bad:
        for key, value in rows[i].items():
            if holds_unencodable_text(key) or holds_unencodable_text(value):
                out.error(i, printable(str(key)), value, UNENCODABLE)
    if not lenient:
        raise SchemaError(
            f"{out.n_errors} value(s) hold {UNENCODABLE}, first in row {bad[0]}.",
            out.errors,
            out.n_errors,
        )
    cleaned = list(rows)
    for i in bad:
        cleaned[i] = {
            k: v
            for k, v in rows[i].items()
            if not holds_unencodable_text(k) and not holds_unencodable_text(v)
        }
    return cleaned


def prepare_rows(
    rows: Sequence[Any], features: Sequence[Feature], *, lenient: bool = False
) -> Prepared:
    """Validate raw rows and type them for the model.

    Args:
        rows: 1..`MAX_ROWS` JSON objects (feature name -> value).
        features: The model's inputs, from `parse_schema`.
        lenient: Batch mode: a bad row does not fail the call; its problem goes to
            `Prepared.row_errors` (row index -> message) and its bad values become missing.

    Returns:
        Typed columns in model order, aggregated warnings (code, column, count, first rows,
        sample values) and the sorted names of ignored extra columns.

    Raises:
        SchemaError: Too few/many rows, a row that is not an object, missing required features,
            or values of the wrong type (each listed with row index, column and value).
    """
    if not 1 <= len(rows) <= MAX_ROWS:
        raise SchemaError(
            f"Send between 1 and {MAX_ROWS:,} rows (got {len(rows):,}).",
            [{"problem": "row_count", "count": len(rows), "max": MAX_ROWS}],
            1,
        )
    out = _Collector()
    bad_rows = [i for i, row in enumerate(rows) if not isinstance(row, Mapping)]
    if bad_rows:
        for i in bad_rows:
            out.error(i, "", rows[i], "each row must be an object of feature name -> value")
        if not lenient:
            raise SchemaError("Every row must be a JSON object.", out.errors, out.n_errors)
        rows = [row if isinstance(row, Mapping) else {} for row in rows]
    rows = _refuse_unencodable_text(rows, out, lenient=lenient)
    known = {f.name for f in features}
    missing: dict[str, list[int]] = {}
    extra: set[str] = set()
    for i, row in enumerate(rows):
        for f in features:
            if f.name not in row:
                if f.required:
                    missing.setdefault(f.name, []).append(i)
                    out.row_error(i, f"missing required feature {f.name!r}")
                else:
                    out.warn("missing_feature", f.name, i)
        extra.update(str(k) for k in row if k not in known)
    if missing and not lenient:
        listed = [
            {"column": name, "problem": "missing required feature", "rows": idx[:MAX_WARNING_ROWS]}
            for name, idx in missing.items()
        ]
        names = ", ".join(sorted(missing))
        raise SchemaError(f"Missing required features: {names}.", listed, len(listed))
    if not lenient:
        # "Required" means what the form says: the model never saw this feature missing in
        # training, so an API or form request must give it a value (batch files impute blanks
        # with a warning instead, so one gap does not cost a row of a large file).
        for f in features:
            if f.required:
                for i, row in enumerate(rows):
                    if f.name in row and _is_null(row[f.name]):
                        out.error(i, f.name, row[f.name], REQUIRED_BLANK)
    columns = {f.name: _column(f, rows, out) for f in features}
    if out.n_errors and not lenient:
        first = out.errors[0]
        raise SchemaError(
            f"{out.n_errors} value(s) have the wrong type, first in row {first['row']}, "
            f"column {first['column']!r}: {first['value']!r} ({first['problem']}).",
            out.errors,
            out.n_errors,
        )
    return Prepared(
        columns, len(rows), list(out.warnings.values()), sorted(extra), dict(out.row_errors)
    )


_controller: ThreadpoolController | None = None


def single_thread() -> Any:
    """A context limiting BLAS/OpenMP pools to one thread (cheap: the controller is cached).

    Call `refresh_thread_controller()` after loading a model that may bring new native libraries.
    """
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=1)


def refresh_thread_controller() -> None:
    """Forget the cached controller so the next prediction sees newly loaded libraries."""
    global _controller
    _controller = None
