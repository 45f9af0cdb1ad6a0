"""Row filters: the model, the query-string grammar, and their compilation to DuckDB SQL.

Shared by browsing (:mod:`query`) and the ``filter_rows`` cleaning operation. User values are
always bound as parameters and column names are quoted only after checking they exist, so no
user text ever becomes SQL.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from enum import StrEnum

import pyarrow as pa
from pydantic import BaseModel, ConfigDict, field_validator

from csv_analyzer.datasets.errors import QueryError
from csv_analyzer.datasets.ingest.parsing import parse_number_text
from csv_analyzer.datasets.sql import quote_ident

FilterValue = str | int | float | bool | None
SqlParams = dict[str, object]


class FilterOp(StrEnum):
    """Comparison operators; ``contains`` is a case-insensitive substring test."""

    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    CONTAINS = "contains"
    IS_NULL = "is_null"
    IS_NOT_NULL = "is_not_null"


_NO_VALUE = frozenset({FilterOp.IS_NULL, FilterOp.IS_NOT_NULL})
_SQL_OP = {
    FilterOp.EQ: "=",
    FilterOp.LT: "<",
    FilterOp.LE: "<=",
    FilterOp.GT: ">",
    FilterOp.GE: ">=",
}
_TRUE = {"true", "1", "yes", "y", "t"}
_FALSE = {"false", "0", "no", "n", "f"}


class Filter(BaseModel):
    """One condition on one column; a list of filters is combined with AND.

    ``ne`` keeps missing values (``IS DISTINCT FROM``): "not equal to X" should not silently
    drop rows whose value is unknown. Other comparisons never match a missing value.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str
    op: FilterOp
    value: FilterValue = None

    @field_validator("value")
    @classmethod
    def _finite(cls, value: FilterValue) -> FilterValue:
        # NaN compares false with everything and JSON cannot store it (PostgreSQL refuses it,
        # the response encoder too): refuse it here rather than keep a silently null filter.
        if isinstance(value, float) and not math.isfinite(value):
            raise ValueError("a filter value must be a finite number, text, a boolean or null")
        return value


def parse_filter(text: str, columns: Sequence[str] | None = None) -> Filter:
    """Parse one ``column:op[:value]`` filter from a query string.

    The value is everything after the second colon, so it may contain colons. When ``columns``
    is given, a column name that itself contains colons is matched against the known names.

    Args:
        text: The raw ``filter=`` parameter value.
        columns: Known column names, to resolve names containing ``:``.

    Returns:
        The parsed filter (values stay strings; they are typed against the column later).

    Raises:
        QueryError: ``invalid_filter`` naming the bad part.
    """
    column, rest = None, text
    for name in sorted(columns or (), key=len, reverse=True):
        if ":" in name and text.startswith(name + ":"):
            column, rest = name, text[len(name) + 1 :]
            break
    if column is None:
        column, sep, rest = text.partition(":")
        if not sep or not column:
            raise QueryError(
                "invalid_filter",
                f"Filter {text!r} must look like column:op:value.",
                {"filter": text},
            )
    op_text, sep, value = rest.partition(":")
    try:
        op = FilterOp(op_text)
    except ValueError:
        raise QueryError(
            "invalid_filter",
            f"Filter {text!r}: unknown operator {op_text!r} (use one of {', '.join(FilterOp)}).",
            {"filter": text, "operator": op_text},
        ) from None
    if op not in _NO_VALUE and not sep:
        raise QueryError(
            "invalid_filter", f"Filter {text!r}: operator {op} needs a value.", {"filter": text}
        )
    return Filter(column=column, op=op, value=None if op in _NO_VALUE else value)


def parse_filters(texts: Sequence[str], columns: Sequence[str] | None = None) -> list[Filter]:
    """Parse every repeated ``filter=`` parameter (see :func:`parse_filter`)."""
    return [parse_filter(t, columns) for t in texts if t]


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        parsed = parse_number_text(text)  # "$300,000", "1.234,5", "12%": as upload reads them
        if parsed is None:
            raise
        return parsed


def coerce_value(column: str, value: FilterValue, arrow_type: pa.DataType) -> object:
    """Type a user value like its column so DuckDB compares numbers as numbers.

    Raises:
        QueryError: ``invalid_filter_value`` when the value does not fit the column type.
    """
    bad = QueryError(
        "invalid_filter_value",
        f"Value {value!r} for column {column!r} is not a valid {arrow_type} value.",
        {"column": column, "value": value},
    )
    try:
        if pa.types.is_boolean(arrow_type):
            if isinstance(value, bool):
                return value
            text = str(value).strip().lower()
            if text in _TRUE | _FALSE:
                return text in _TRUE
            raise bad
        if pa.types.is_integer(arrow_type) or pa.types.is_floating(arrow_type):
            if isinstance(value, bool):
                raise bad
            number = _number(value) if isinstance(value, str) else value
            if not isinstance(number, int | float) or not math.isfinite(number):
                raise bad
            return (
                int(number)
                if pa.types.is_integer(arrow_type) and float(number).is_integer()
                else float(number)
            )
        if pa.types.is_date(arrow_type):
            return dt.date.fromisoformat(str(value).strip()[:10])
        if pa.types.is_timestamp(arrow_type):
            moment = dt.datetime.fromisoformat(str(value).strip())
            if arrow_type.tz and moment.tzinfo is None:
                moment = moment.replace(tzinfo=dt.UTC)
            return moment
    except (TypeError, ValueError):
        raise bad from None
    return "" if value is None else str(value)


def compile_filters(
    filters: Sequence[Filter], schema: pa.Schema, prefix: str = "f"
) -> tuple[str, SqlParams]:
    """Turn filters into a SQL boolean expression with named parameters.

    Args:
        filters: Conditions combined with AND (an empty list matches every row).
        schema: The dataset's Arrow schema, to check names and type the values.
        prefix: Parameter name prefix, so several compiled parts can share one query.

    Returns:
        ``(sql_expression, params)``; bind ``params`` when executing.

    Raises:
        QueryError: ``unknown_column`` or ``invalid_filter_value``.
    """
    parts: list[str] = []
    params: SqlParams = {}
    for i, f in enumerate(filters):
        if f.column not in schema.names:
            raise QueryError(
                "unknown_column", f"Filter on unknown column {f.column!r}.", {"column": f.column}
            )
        col, name = quote_ident(f.column), f"{prefix}{i}"
        if f.op == FilterOp.IS_NULL:
            parts.append(f"{col} IS NULL")
            continue
        if f.op == FilterOp.IS_NOT_NULL:
            parts.append(f"{col} IS NOT NULL")
            continue
        if f.op == FilterOp.CONTAINS:
            parts.append(f"contains(lower(CAST({col} AS VARCHAR)), lower(${name}))")
            params[name] = "" if f.value is None else str(f.value)
            continue
        params[name] = coerce_value(f.column, f.value, schema.field(f.column).type)
        if f.op == FilterOp.NE:
            parts.append(f"{col} IS DISTINCT FROM ${name}")
        else:
            parts.append(f"{col} {_SQL_OP[f.op]} ${name}")
    return (" AND ".join(parts) or "TRUE"), params
