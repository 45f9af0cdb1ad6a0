"""Semantic type inference over a written Parquet file."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from csv_analyzer.datasets.ingest.evidence import EXACT_ROWS, EvidenceTally, needs_evidence
from csv_analyzer.datasets.sql import connect, fetch_row, parquet_source, quote_ident
from csv_analyzer.datasets.types import (
    ColumnEvidence,
    SemanticType,
    default_semantic_type,
    infer_semantic_type,
)

_CHUNK = 200
_STREAMING_ROWS = EXACT_ROWS
"""Above this many rows evidence comes from streaming DuckDB aggregates instead of whole columns."""


def _evidence(name: str, arr: pa.ChunkedArray, rows: int) -> ColumnEvidence:
    t = arr.type
    non_null = len(arr) - arr.null_count
    distinct = pc.count_distinct(arr).as_py() if non_null else 0
    low = high = avg_length = whitespace = None
    if non_null and pa.types.is_integer(t):
        bounds = pc.min_max(arr).as_py()
        low, high = float(bounds["min"]), float(bounds["max"])
    elif non_null:
        avg_length = pc.mean(pc.utf8_length(arr)).as_py()
        whitespace = pc.mean(pc.cast(pc.match_substring(arr, " "), pa.int8())).as_py()
    return ColumnEvidence(
        name=name,
        arrow_type=t,
        rows=rows,
        non_null=non_null,
        distinct=int(distinct or 0),
        min_value=low,
        max_value=high,
        avg_length=avg_length,
        whitespace_share=whitespace,
    )


def column_evidence(path: str | Path, names: Sequence[str]) -> dict[str, ColumnEvidence]:
    """Compute the statistics :func:`infer_semantic_type` needs for each named column.

    Short files: columns are read one at a time and counted exactly with Arrow compute (DuckDB
    plans a 10,000-column scan far too slowly). Long files: see :func:`duckdb_evidence`.

    Args:
        path: A dataset Parquet file.
        names: Columns to analyse (integer or string columns).

    Returns:
        Evidence per column name.
    """
    pf = pq.ParquetFile(path)
    rows = pf.metadata.num_rows
    if rows > _STREAMING_ROWS:
        return duckdb_evidence(path, names, rows)
    return {n: _evidence(n, pf.read(columns=[n])[n], rows) for n in names}


def duckdb_evidence(path: str | Path, names: Sequence[str], rows: int) -> dict[str, ColumnEvidence]:
    """Long files: streaming DuckDB aggregates (HyperLogLog distinct counts, exact only for
    columns that may be unique), so memory does not grow with a column's size."""
    schema = pq.read_schema(path)
    src = parquet_source(path)
    out: dict[str, ColumnEvidence] = {}
    with connect() as con:
        for start in range(0, len(names), _CHUNK):
            chunk = names[start : start + _CHUNK]
            exprs = []
            for n in chunk:
                q = quote_ident(n)
                if pa.types.is_integer(schema.field(n).type):
                    extra = [f"min({q})::DOUBLE", f"max({q})::DOUBLE"]
                else:
                    extra = [f"avg(length({q}))", f"avg(contains({q}, ' ')::INT)"]
                exprs += [f"count({q})", f"approx_count_distinct({q})", *extra]
            values = fetch_row(con, f"SELECT {', '.join(exprs)} FROM {src}")  # noqa: S608 (identifiers quoted)
            for i, n in enumerate(chunk):
                non_null, distinct, a, b = values[4 * i : 4 * i + 4]
                if non_null == rows and distinct >= 0.95 * rows:
                    exact = f"SELECT count(DISTINCT {quote_ident(n)}) FROM {src}"  # noqa: S608 (quoted)
                    distinct = fetch_row(con, exact)[0]
                is_int = pa.types.is_integer(schema.field(n).type)
                out[n] = ColumnEvidence(
                    name=n,
                    arrow_type=schema.field(n).type,
                    rows=rows,
                    non_null=int(non_null),
                    distinct=int(distinct),
                    min_value=a if is_int else None,
                    max_value=b if is_int else None,
                    avg_length=None if is_int else a,
                    whitespace_share=None if is_int else b,
                )
    return out


def semantic_types(
    path: str | Path, names: Sequence[str], overrides: Mapping[str, SemanticType] | None = None
) -> dict[str, SemanticType]:
    """Infer the semantic type of every column; user overrides win.

    Args:
        path: A dataset Parquet file.
        names: Columns to type (``__row_id`` excluded by the caller).
        overrides: Semantic types fixed by the user.

    Returns:
        Semantic type per column name, in ``names`` order.
    """
    overrides = overrides or {}
    # Only integer and string columns have a choice to make (see infer_semantic_type).
    schema = pq.read_schema(path)
    todo = [n for n in names if n not in overrides and needs_evidence(schema.field(n).type)]
    evidence = column_evidence(path, todo) if todo else {}
    return {
        n: overrides[n]
        if n in overrides
        else infer_semantic_type(evidence[n])
        if n in evidence
        else default_semantic_type(schema.field(n).type)
        for n in names
    }


def semantic_types_from(
    path: str | Path,
    tallies: Mapping[str, EvidenceTally],
    rows: int,
    overrides: Mapping[str, SemanticType] | None = None,
) -> dict[str, SemanticType]:
    """Infer the semantic type of every column from statistics gathered during the read.

    Args:
        path: The written Parquet file, read only for the tallies' deferred columns.
        tallies: Running statistics per column name, in column order.
        rows: Rows in the file.
        overrides: Semantic types fixed by the user.

    Returns:
        Semantic type per column name, in ``tallies`` order.
    """
    overrides = overrides or {}
    gathered = {n: t.evidence(n, rows) for n, t in tallies.items() if n not in overrides}
    evidence = {n: ev for n, ev in gathered.items() if ev is not None}
    deferred = [n for n, ev in gathered.items() if ev is None]
    if deferred:
        evidence |= duckdb_evidence(path, deferred, rows)
    return {
        n: overrides[n]
        if n in overrides
        else infer_semantic_type(evidence[n])
        if needs_evidence(evidence[n].arrow_type)
        else default_semantic_type(evidence[n].arrow_type)
        for n in tallies
    }
