"""Apply cleaning operations to a dataset version, producing a new Parquet file.

The source file is only read. Every operation is validated (columns, types, data-dependent
checks such as cast failures) while the DuckDB query chain is built; the new file is written
only after all of them passed, to a temporary sibling renamed into place at the end.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ValidationError

from csv_analyzer.datasets.cleaning import operations as ops
from csv_analyzer.datasets.cleaning import ops as cleaning_ops
from csv_analyzer.datasets.cleaning.plan import Plan
from csv_analyzer.datasets.errors import OperationError
from csv_analyzer.datasets.parquet_io import ParquetBatchWriter
from csv_analyzer.datasets.sql import column_list, connect, parquet_source, quote_ident, used_params
from csv_analyzer.datasets.types import ROW_ID, SemanticType, default_semantic_type

__all__ = ["CleaningReport", "CleaningStep", "apply_operations"]

_HANDLERS: dict[str, Callable[[Plan, Any], None]] = {
    "drop_rows": cleaning_ops.drop_rows,
    "filter_rows": cleaning_ops.filter_rows,
    "drop_columns": cleaning_ops.drop_columns,
    "rename_column": cleaning_ops.rename_column,
    "cast_column": cleaning_ops.cast_column,
    "impute": cleaning_ops.impute,
    "drop_missing": cleaning_ops.drop_missing,
    "drop_duplicates": cleaning_ops.drop_duplicates,
    "clip_outliers": cleaning_ops.clip_outliers,
    "normalize_text": cleaning_ops.normalize_text,
}


class CleaningStep(BaseModel):
    """What one operation did; ``rows_after`` is set for operations that remove rows."""

    index: int
    op: str
    message: str
    rows_after: int | None = None


class CleaningReport(BaseModel):
    """Summary of :func:`apply_operations`."""

    rows_before: int
    rows_after: int
    columns_before: int
    columns_after: int
    steps: list[CleaningStep]


def _parse(operations: Sequence[ops.Operation | Mapping[str, Any]]) -> list[ops.Operation]:
    try:
        return ops.OPERATIONS_ADAPTER.validate_python(
            [o if isinstance(o, BaseModel) else dict(o) for o in operations]
        )
    except ValidationError as exc:
        errors = [{"loc": [str(p) for p in e["loc"]], "message": e["msg"]} for e in exc.errors()]
        first = exc.errors()[0]
        where = (
            f"Operation {int(first['loc'][0]) + 1}"
            if first["loc"] and isinstance(first["loc"][0], int)
            else "Operations"
        )
        index = first["loc"][0] if first["loc"] else None
        raise OperationError(
            "invalid_operation", f"{where}: {first['msg']}.", {"index": index, "errors": errors}
        ) from None


def apply_operations(
    src_parquet: str | Path,
    dst_parquet: str | Path,
    operations: Sequence[ops.Operation | Mapping[str, Any]],
    column_types: Mapping[str, SemanticType | str],
) -> tuple[dict[str, SemanticType], CleaningReport]:
    """Apply operations in order and write the result as a new Parquet file.

    ``__row_id`` is carried through unchanged for surviving rows (so later operations, and
    users, name rows exactly) and rows keep their original order.

    Args:
        src_parquet: The base version's Parquet file (never modified).
        dst_parquet: Where to write the new version (must differ from the source).
        operations: Operation models or their JSON dicts.
        column_types: Semantic types of the base version.

    Returns:
        The new version's semantic types (in column order) and a report.

    Raises:
        OperationError: naming the operation index, column and problem; nothing is written.
    """
    src, dst = Path(src_parquet), Path(dst_parquet)
    if src.resolve() == dst.resolve():
        raise OperationError("same_file", "The cleaned dataset must be written to a new file.", {})
    parsed = _parse(operations)
    schema = pq.read_schema(src)
    rows_before = pq.ParquetFile(src).metadata.num_rows
    tmp = dst.with_name(dst.name + ".partial")
    with connect() as con:
        con.execute("SET TimeZone = 'UTC'")  # timestamptz columns come back as UTC
        plan = Plan(
            con=con,
            sql=f"SELECT * FROM {parquet_source(src)}",  # noqa: S608 (identifiers quoted, values bound)
            columns=list(schema.names),
            arrow_types={f.name: f.type for f in schema},
            semantic={
                f.name: SemanticType(column_types[f.name])
                if f.name in column_types
                else default_semantic_type(f.type)
                for f in schema
                if f.name != ROW_ID
            },
        )
        for index, op in enumerate(parsed):
            plan.index, plan.op = index, op.op
            _HANDLERS[op.op](plan, op)
        final = f"SELECT {column_list(plan.columns)} FROM ({plan.sql}) AS t ORDER BY {quote_ident(ROW_ID)}"  # noqa: S608 (identifiers quoted, values bound)
        try:
            reader = con.sql(final, params=used_params(final, plan.params)).to_arrow_reader(64_000)
            writer = ParquetBatchWriter(tmp, _target_schema(reader.schema, plan))
            try:
                for batch in reader:
                    writer.write(
                        batch.cast(writer.schema) if batch.schema != writer.schema else batch
                    )
            finally:
                writer.close()
            os.replace(tmp, dst)
        finally:
            tmp.unlink(missing_ok=True)
    rows_after = pq.ParquetFile(dst).metadata.num_rows
    types = {c: plan.semantic[c] for c in plan.columns if c != ROW_ID}
    report = CleaningReport(
        rows_before=rows_before,
        rows_after=rows_after,
        columns_before=len(schema.names) - 1,
        columns_after=len(types),
        steps=[
            CleaningStep(index=s.index, op=s.op, message=s.message, rows_after=s.rows_after)
            for s in plan.steps
        ],
    )
    return types, report


def _target_schema(produced: pa.Schema, plan: Plan) -> pa.Schema:
    """The planned Arrow types (DuckDB may hand back e.g. large strings or other time zones)."""
    return pa.schema([pa.field(f.name, plan.arrow_types.get(f.name, f.type)) for f in produced])
