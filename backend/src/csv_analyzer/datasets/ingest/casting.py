"""The cast operation: change a column's semantic type, converting values when needed.

Text is parsed with the same Arrow rules as ingest (registered in DuckDB as a vectorised UDF), so
"1.234,5", "$12" or "31/12/2020" convert exactly as they would have at upload. Values that do not
fit make the operation fail with a count and sample values; nothing is silently nulled.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa
from duckdb.func import FunctionNullHandling, PythonUDFType

from csv_analyzer.datasets.cleaning.plan import Plan, sql_type
from csv_analyzer.datasets.ingest import parsing
from csv_analyzer.datasets.ingest.parsing import Kind, NumberFormat
from csv_analyzer.datasets.sql import used_params
from csv_analyzer.datasets.types import STRING_TYPES, SemanticType

_FORMATS = (NumberFormat(".", ","), NumberFormat(",", "."))
_SAMPLE = 10_000


def _is_string(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _candidates(to: SemanticType) -> list[tuple[Kind, NumberFormat]]:
    if to == SemanticType.NUMERIC:
        return [(parsing.FLOAT, f) for f in _FORMATS]
    if to == SemanticType.INTEGER:
        return [(parsing.INT, f) for f in _FORMATS]
    if to == SemanticType.BOOLEAN:
        return [(parsing.BOOL_STRICT, _FORMATS[0])]
    return [(k, _FORMATS[0]) for k in parsing.TEMPORAL_KINDS]


def _fail(plan: Plan, column: str, to: SemanticType, where: str) -> None:
    """Raise ``cast_failed`` with a count and samples if any row matches ``where``."""
    failing = int(plan.value(f"count(*) FILTER (WHERE {where})") or 0)
    if failing:
        samples = plan.samples(where, column)
        shown = ", ".join(repr(s) for s in samples)
        raise plan.error(
            "cast_failed",
            f"{failing} values of {column!r} cannot become {to}, e.g. {shown}.",
            column=column,
            to=str(to),
            failing_count=failing,
            sample_values=samples,
        )


def _cast_text(plan: Plan, column: str, to: SemanticType) -> tuple[str, pa.DataType]:
    q = plan.require(column)
    sample_sql = f"SELECT {q} FROM ({plan.sql}) AS t WHERE {q} IS NOT NULL LIMIT {_SAMPLE}"  # noqa: S608 (identifiers quoted, values bound)
    sample = (
        plan.con.sql(sample_sql, params=used_params(sample_sql, plan.params))
        .to_arrow_table()
        .column(0)
    )
    kind, fmt = min(_candidates(to), key=lambda kf: parsing.convert(sample, kf[0], kf[1])[1])
    target = parsing.arrow_type(kind)
    name = f"__cast_{plan.index}"

    def convert(arr: pa.Array) -> pa.Array:
        return parsing.convert(arr, kind, fmt)[0]

    plan.con.create_function(
        name,
        convert,
        [duckdb.sqltype("VARCHAR")],
        duckdb.sqltype(sql_type(target)),
        type=PythonUDFType.ARROW,
        null_handling=FunctionNullHandling.SPECIAL,
    )
    _fail(plan, column, to, f"{q} IS NOT NULL AND trim({q}) <> '' AND {name}({q}) IS NULL")
    return f"{name}({q})", target


def add_cast(plan: Plan, column: str, to: SemanticType) -> None:
    """Extend the plan with a cast of ``column`` to semantic type ``to``.

    Raises:
        OperationError: ``cast_failed`` (with sample values) or ``cast_unsupported``.
    """
    q = plan.require(column)
    t = plan.arrow_types[column]
    number = pa.types.is_integer(t) or pa.types.is_floating(t)
    expr: str | None = None
    target = t
    if to in STRING_TYPES:
        if not (_is_string(t) or (to == SemanticType.IDENTIFIER and pa.types.is_integer(t))):
            expr, target = f"CAST({q} AS VARCHAR)", pa.string()
    elif _is_string(t):
        expr, target = _cast_text(plan, column, to)
    elif to == SemanticType.NUMERIC and (number or pa.types.is_boolean(t)):
        if not pa.types.is_floating(t):
            expr, target = f"CAST({q} AS DOUBLE)", pa.float64()
    elif to == SemanticType.INTEGER and (number or pa.types.is_boolean(t)):
        if pa.types.is_floating(t):
            _fail(plan, column, to, f"{q} IS NOT NULL AND ({q} <> round({q}) OR NOT isfinite({q}))")
        if not pa.types.is_integer(t):
            expr, target = f"CAST({q} AS BIGINT)", pa.int64()
    elif to == SemanticType.BOOLEAN and number:
        _fail(plan, column, to, f"{q} IS NOT NULL AND {q} NOT IN (0, 1)")
        expr, target = f"CAST({q} AS BOOLEAN)", pa.bool_()
    elif (to == SemanticType.BOOLEAN and pa.types.is_boolean(t)) or (
        to == SemanticType.DATETIME and pa.types.is_temporal(t)
    ):
        pass
    else:
        raise plan.error(
            "cast_unsupported",
            f"{column!r} ({plan.semantic[column]}) cannot be cast to {to}.",
            column=column,
            to=str(to),
        )
    if expr is not None:
        exprs = plan.identity()
        exprs[column] = expr
        plan.select(exprs)
    plan.arrow_types[column] = target
    plan.semantic[column] = to
