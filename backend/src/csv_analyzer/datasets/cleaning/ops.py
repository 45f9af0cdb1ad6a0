"""One function per cleaning operation: validate against the plan, then extend it."""

from __future__ import annotations

import math

import pyarrow as pa
import pyarrow.compute as pc
from duckdb.func import FunctionNullHandling, PythonUDFType
from duckdb.sqltypes import VARCHAR

from csv_analyzer.datasets.browse.filters import coerce_value, compile_filters
from csv_analyzer.datasets.cleaning import operations as ops
from csv_analyzer.datasets.cleaning.plan import Plan, StepReport, sql_type
from csv_analyzer.datasets.errors import QueryError
from csv_analyzer.datasets.ingest.casting import add_cast
from csv_analyzer.datasets.sql import quote_ident
from csv_analyzer.datasets.types import NUMBER_TYPES, ROW_ID, STRING_TYPES


def _is_number(t: pa.DataType) -> bool:
    return bool(pa.types.is_integer(t) or pa.types.is_floating(t))


def drop_rows(plan: Plan, op: ops.DropRows) -> None:
    ids = plan.param(sorted(set(op.row_ids)))
    before = plan.rows()
    plan.select(plan.identity(), f"NOT list_contains({ids}, {quote_ident(ROW_ID)})")
    after = plan.rows()
    unknown = len(set(op.row_ids)) - (before - after)
    note = f"; {unknown} row ids were not present" if unknown else ""
    plan.steps.append(
        StepReport(plan.index, plan.op, f"dropped {before - after} rows{note}", after)
    )


def filter_rows(plan: Plan, op: ops.FilterRows) -> None:
    schema = pa.schema([(c, plan.arrow_types[c]) for c in plan.columns])
    try:
        expr, params = compile_filters(op.filters, schema, prefix=f"q{plan.index}_")
    except QueryError as exc:
        raise plan.error(exc.code, exc.message, **exc.details) from exc
    plan.params.update(params)
    # A filter on a missing value is "no match": such rows are dropped by keep and kept by remove.
    cond = f"coalesce({expr}, false)"
    plan.select(plan.identity(), cond if op.keep else f"NOT {cond}")
    plan.done("kept matching rows" if op.keep else "removed matching rows", count_rows=True)


def drop_columns(plan: Plan, op: ops.DropColumns) -> None:
    for c in op.columns:
        plan.require(c)
    remaining = {n: e for n, e in plan.identity().items() if n not in set(op.columns)}
    if len(remaining) <= 1:
        raise plan.error(
            "no_columns_left", "a dataset needs at least one column.", columns=op.columns
        )
    plan.select(remaining)
    for c in op.columns:
        plan.semantic.pop(c, None)
    plan.done(f"dropped {len(set(op.columns))} columns")


def rename_column(plan: Plan, op: ops.RenameColumn) -> None:
    plan.require(op.column)
    new = op.new_name.strip()
    taken = {c.lower() for c in plan.columns if c != op.column}
    if not new or new.lower() in taken or new.lower() == ROW_ID:
        raise plan.error(
            "column_exists",
            f"a column named {new!r} already exists.",
            column=op.column,
            new_name=new,
        )
    plan.select({(new if n == op.column else n): e for n, e in plan.identity().items()})
    plan.arrow_types[new] = plan.arrow_types.pop(op.column)
    plan.semantic[new] = plan.semantic.pop(op.column)
    plan.done(f"renamed {op.column!r} to {new!r}")


def cast_column(plan: Plan, op: ops.CastColumn) -> None:
    plan.require(op.column)
    add_cast(plan, op.column, op.to)
    plan.done(f"cast {op.column!r} to {op.to}")


def impute(plan: Plan, op: ops.Impute) -> None:
    q = plan.require(op.column)
    t, sem = plan.arrow_types[op.column], plan.semantic[op.column]
    strategy = op.strategy
    if strategy in (ops.ImputeStrategy.MEAN, ops.ImputeStrategy.MEDIAN) and not (
        sem in NUMBER_TYPES and _is_number(t)
    ):
        raise plan.error(
            "invalid_type",
            f"{strategy} needs a numeric column; {op.column!r} is {sem}.",
            column=op.column,
        )
    missing = int(plan.value(f"count(*) - count({q})") or 0)
    if strategy == ops.ImputeStrategy.CONSTANT:
        try:
            value: object = coerce_value(op.column, op.value, t)
        except QueryError as exc:
            raise plan.error(
                "invalid_value", exc.message, column=op.column, value=op.value
            ) from exc
    else:
        agg = {
            "mean": f"avg({q})",
            "median": f"median({q})",
            "most_frequent": f"mode({q} ORDER BY {q})",
        }[strategy.value]
        value = plan.value(agg)
        if value is None:
            raise plan.error(
                "no_values",
                f"{op.column!r} has no values to compute a {strategy}.",
                column=op.column,
            )
        if pa.types.is_integer(t) and isinstance(value, float):
            value = round(value)  # an integer column stays integer: the rounded mean/median
    p = plan.param(value)
    exprs = plan.identity()
    exprs[op.column] = f"coalesce({q}, CAST({p} AS {sql_type(t)}))"
    plan.select(exprs)
    plan.done(f"filled {missing} missing values of {op.column!r} with {value!r}")


def drop_missing(plan: Plan, op: ops.DropMissing) -> None:
    cols = op.columns or plan.data_columns
    quoted = [plan.require(c) for c in cols]
    if op.how == "any":
        where = " AND ".join(f"{q} IS NOT NULL" for q in quoted)
    else:
        where = "NOT (" + " AND ".join(f"{q} IS NULL" for q in quoted) + ")"
    plan.select(plan.identity(), where)
    plan.done(f"dropped rows missing {op.how} of {len(cols)} columns", count_rows=True)


def drop_duplicates(plan: Plan, op: ops.DropDuplicates) -> None:
    cols = op.columns or plan.data_columns
    keys = ", ".join(plan.require(c) for c in cols)
    plan.select(
        plan.identity(),
        suffix=f" QUALIFY row_number() OVER (PARTITION BY {keys} ORDER BY {quote_ident(ROW_ID)}) = 1",
    )
    plan.done("dropped duplicate rows (kept the first)", count_rows=True)


def clip_outliers(plan: Plan, op: ops.ClipOutliers) -> None:
    q = plan.require(op.column)
    t, sem = plan.arrow_types[op.column], plan.semantic[op.column]
    if not (sem in NUMBER_TYPES and _is_number(t)):
        raise plan.error(
            "invalid_type",
            f"clipping needs a numeric column; {op.column!r} is {sem}.",
            column=op.column,
        )
    probs = [0.25, 0.75] if op.method == "iqr" else [op.lower_q, op.upper_q]
    found = plan.value(f"quantile_cont({q}, {probs!r})")
    if not found:
        raise plan.error("no_values", f"{op.column!r} has no values to clip.", column=op.column)
    low, high = float(found[0]), float(found[1])
    if op.method == "iqr":
        low, high = low - op.k * (high - low), high + op.k * (high - low)
    if pa.types.is_integer(t):
        low, high = math.ceil(low), math.floor(high)  # keep an integer column integral
    lo, hi = plan.param(low), plan.param(high)
    clipped = int(plan.value(f"count(*) FILTER (WHERE {q} < {lo} OR {q} > {hi})") or 0)
    exprs = plan.identity()
    # DuckDB's least/greatest skip NULL arguments: guard so missing values stay missing.
    exprs[op.column] = (
        f"CASE WHEN {q} IS NULL THEN NULL ELSE CAST(greatest(least({q}, {hi}), {lo}) AS {sql_type(t)}) END"
    )
    plan.select(exprs)
    plan.done(f"clipped {clipped} values of {op.column!r} to [{low:g}, {high:g}]")


def normalize_text(plan: Plan, op: ops.NormalizeText) -> None:
    q = plan.require(op.column)
    if (
        plan.semantic[op.column] not in STRING_TYPES
        or sql_type(plan.arrow_types[op.column]) != "VARCHAR"
    ):
        raise plan.error("invalid_type", f"{op.column!r} is not a text column.", column=op.column)
    expr = f"trim({q})" if op.trim else q
    if op.case == "lower":
        expr = f"lower({expr})"
    elif op.case == "upper":
        expr = f"upper({expr})"
    elif op.case == "title":
        name = f"__title_{plan.index}"
        plan.con.create_function(
            name,
            _title,
            [VARCHAR],
            VARCHAR,
            type=PythonUDFType.ARROW,
            null_handling=FunctionNullHandling.SPECIAL,
        )
        expr = f"{name}({expr})"
    exprs = plan.identity()
    exprs[op.column] = expr
    plan.select(exprs)
    plan.done(f"normalized {op.column!r}: {_normalize_summary(op.trim, op.case)}")


_CASE_WORDS = {"lower": "lowercased", "upper": "uppercased", "title": "title-cased"}


def _normalize_summary(trim: bool, case: str) -> str:
    """Plain words for a normalization, as the version history shows it."""
    parts = ["trimmed leading/trailing spaces"] if trim else []
    if case in _CASE_WORDS:
        parts.append(_CASE_WORDS[case])
    return " and ".join(parts) or "left unchanged"


def _title(arr: pa.Array) -> pa.Array:
    return pc.utf8_title(arr)
