"""Dataset profile: per-column statistics, charts data, missing values map and correlations.

Everything is computed by DuckDB over the Parquet file with a handful of aggregate queries (one
row of aggregates for all columns, one UNION ALL for all top-value lists, one for all
histograms), so the cost grows with the data scanned, not with the number of Python round trips.
The result is a JSON-ready dict (NaN/inf become null, datetimes ISO strings).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from csv_analyzer.datasets.query import json_value
from csv_analyzer.datasets.sql import (
    column_list,
    fetch_row,
    parquet_source,
    quote_ident,
    shared_cursor,
)
from csv_analyzer.datasets.types import NUMBER_TYPES, ROW_ID, SemanticType, default_semantic_type

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
HISTOGRAM_BINS = 30
TOP_VALUES = 10
BARS = 20
MISSING_SAMPLE_ROWS = 100
MAX_CORRELATION_COLUMNS = 50
CORRELATION_SAMPLE_ROWS = 200_000
"""Pearson correlations use a fixed-seed uniform sample of this many rows on larger data."""
TOP_VALUES_MAX_DISTINCT = 10_000
EXACT_DISTINCT_ROWS = 200_000
"""Above this many rows distinct counts are HyperLogLog estimates (about 2 % error), except for
columns that look unique, which are counted exactly so "100 % unique" is never a guess."""
NUMERIC_LIKE_SAMPLE_ROWS = 100_000
"""Above EXACT_DISTINCT_ROWS, the share of text values that read as numbers comes from a fixed
sample of this many rows (about 0.3 % error at worst)."""

Profile = dict[str, Any]
_NUMBER_RE = r"^[-+]?[$€£]?[-+]?(\d[\d,]*)?(\.\d+)?([eE][-+]?\d+)?%?$"


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def _is_string(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _column_aggregates(name: str, t: pa.DataType, sem: SemanticType, exact: bool) -> dict[str, str]:
    q = quote_ident(name)
    aggs = {
        "non_null": f"count({q})",
        "distinct": f"count(DISTINCT {q})" if exact else f"approx_count_distinct({q})",
    }
    if (
        pa.types.is_integer(t)
        or pa.types.is_floating(t)
        or pa.types.is_temporal(t)
        or _is_string(t)
    ):
        aggs["min"], aggs["max"] = f"min({q})", f"max({q})"
    if sem in NUMBER_TYPES and (pa.types.is_integer(t) or pa.types.is_floating(t)):
        aggs["mean"] = f"avg({q})"
        aggs["std"] = f"stddev_samp({q})"
        # Exact: measured no slower than approx_quantile (t-digest) on 1M rows here.
        aggs["quantiles"] = f"quantile_cont({q}, {list(QUANTILES)})"
    if _is_string(t):
        # Evidence for suggestions: numbers stored as text, stray spaces, case variants.
        if exact:  # long files estimate it on a sample (see _numeric_like_shares)
            aggs["numeric_like"] = _numeric_like(q)
        aggs["untrimmed"] = f"count(*) FILTER (WHERE {q} <> trim({q}))"
        if sem == SemanticType.CATEGORICAL:
            aggs["distinct_normalized"] = f"count(DISTINCT lower(trim({q})))"
    return aggs


def _numeric_like(q: str) -> str:
    """How many values of column ``q`` read as a number once spaces and $€£% are removed."""
    stripped = f"regexp_replace(trim({q}), '[\\s$€£%]', '', 'g')"
    return f"count(*) FILTER (WHERE regexp_full_match({stripped}, '{_NUMBER_RE}') AND {stripped} <> '')"


def _numeric_like_shares(
    con: duckdb.DuckDBPyConnection, src: str, names: list[str]
) -> dict[str, float | None]:
    """The share of values that read as numbers, per text column, on a fixed sample: the regex
    was a third of a 1M-row profile, and a share for a suggestion needs no more precision."""
    if not names:
        return {}
    exprs = [e for n in names for e in (_numeric_like(quote_ident(n)), f"count({quote_ident(n)})")]
    sample = f" USING SAMPLE reservoir({NUMERIC_LIKE_SAMPLE_ROWS} ROWS) REPEATABLE (7)"
    row = fetch_row(con, f"SELECT {', '.join(exprs)} FROM {src}{sample}")  # noqa: S608 (identifiers quoted)
    return {
        n: (row[2 * i] / row[2 * i + 1]) if row and row[2 * i + 1] else None
        for i, n in enumerate(names)
    }


def _column_stats(
    con: duckdb.DuckDBPyConnection,
    src: str,
    schema: pa.Schema,
    types: Mapping[str, SemanticType],
    rows: int,
) -> dict[str, dict[str, Any]]:
    exact = rows <= EXACT_DISTINCT_ROWS
    plan: list[tuple[str, str, str]] = []
    for f in schema:
        if f.name != ROW_ID:
            for key, expr in _column_aggregates(f.name, f.type, types[f.name], exact).items():
                plan.append((f.name, key, expr))
    stats: dict[str, dict[str, Any]] = {f.name: {} for f in schema if f.name != ROW_ID}
    for start in range(0, len(plan), 400):  # keep each SELECT list a reasonable size
        chunk = plan[start : start + 400]
        row = fetch_row(con, f"SELECT {', '.join(e for _, _, e in chunk)} FROM {src}")  # noqa: S608 (identifiers quoted, values bound)
        for (name, key, _), value in zip(chunk, row, strict=True):
            stats[name][key] = value
    if not exact:
        strings = [f.name for f in schema if f.name != ROW_ID and _is_string(f.type)]
        for name, share in _numeric_like_shares(con, src, strings).items():
            if share is not None:
                stats[name]["numeric_like"] = round(share * int(stats[name]["non_null"]))
    for name, st in stats.items():
        t = schema.field(name).type
        may_be_key = pa.types.is_integer(t) or _is_string(t)
        if not exact and may_be_key and st["non_null"] and st["distinct"] >= 0.95 * st["non_null"]:
            counted = fetch_row(con, f"SELECT count(DISTINCT {quote_ident(name)}) FROM {src}")  # noqa: S608 (identifiers quoted, values bound)
            st["distinct"] = counted[0] if counted else st["distinct"]
    return stats


def _top_values(
    con: duckdb.DuckDBPyConnection, src: str, names: list[str]
) -> dict[str, list[tuple[object, int]]]:
    if not names:
        return {}
    parts = [
        f"(SELECT {i} AS k, CAST({quote_ident(n)} AS VARCHAR) AS v, count(*) AS c FROM {src} "  # noqa: S608 (identifiers quoted, values bound)
        f"WHERE {quote_ident(n)} IS NOT NULL GROUP BY ALL ORDER BY c DESC, v LIMIT {BARS})"
        for i, n in enumerate(names)
    ]
    out: dict[str, list[tuple[object, int]]] = {n: [] for n in names}
    for k, v, c in con.sql(" UNION ALL ".join(parts)).fetchall():
        out[names[k]].append((v, int(c)))
    for values in out.values():
        values.sort(key=lambda vc: (-vc[1], str(vc[0])))
    return out


def _worth_top_values(st: dict[str, Any], t: pa.DataType) -> bool:
    distinct, non_null = st["distinct"], st["non_null"]
    numeric = pa.types.is_integer(t) or pa.types.is_floating(t)
    return bool(distinct <= TOP_VALUES_MAX_DISTINCT or (not numeric and distinct <= 0.2 * non_null))


def _histograms(
    con: duckdb.DuckDBPyConnection, src: str, bounds: dict[str, tuple[float, float, bool]]
) -> dict[str, dict[str, list[Any]]]:
    parts = []
    names = list(bounds)
    for i, (name, (low, high, temporal)) in enumerate(bounds.items()):
        x = f"epoch({quote_ident(name)})" if temporal else f"CAST({quote_ident(name)} AS DOUBLE)"
        width = (high - low) / HISTOGRAM_BINS or 1.0
        bin_expr = (
            f"least(CAST(floor(({x} - {low!r}) / {width!r}) AS INTEGER), {HISTOGRAM_BINS - 1})"
        )
        parts.append(
            f"SELECT {i} AS k, {bin_expr} AS b, count(*) AS c FROM {src} WHERE isfinite({x}) GROUP BY ALL"  # noqa: S608 (identifiers quoted, values bound)
        )
    result: dict[str, dict[str, list[Any]]] = {}
    for name, (low, high, temporal) in bounds.items():
        width = (high - low) / HISTOGRAM_BINS or 1.0
        edges = [low + width * j for j in range(HISTOGRAM_BINS + 1)]
        result[name] = {
            "edges": [_edge(e, temporal) for e in edges],
            "counts": [0] * HISTOGRAM_BINS,
        }
    if parts:
        for k, b, c in con.sql(" UNION ALL ".join(parts)).fetchall():
            result[names[k]]["counts"][max(0, min(int(b), HISTOGRAM_BINS - 1))] += int(c)
    return result


def _edge(value: float, temporal: bool) -> object:
    if not temporal:
        return value
    return dt.datetime.fromtimestamp(value, tz=dt.UTC).isoformat()


def _outliers(
    con: duckdb.DuckDBPyConnection, src: str, quartiles: dict[str, tuple[float, float]]
) -> dict[str, int]:
    if not quartiles:
        return {}
    exprs = []
    for name, (q1, q3) in quartiles.items():
        iqr = q3 - q1
        q = quote_ident(name)
        exprs.append(
            f"count(*) FILTER (WHERE {q} < {q1 - 1.5 * iqr!r} OR {q} > {q3 + 1.5 * iqr!r})"
        )
    row = fetch_row(con, f"SELECT {', '.join(exprs)} FROM {src}")  # noqa: S608 (identifiers quoted, values bound)
    return {name: int(v) for name, v in zip(quartiles, row, strict=True)}


def _duplicates(con: duckdb.DuckDBPyConnection, src: str, names: list[str]) -> int:
    if not names:
        return 0
    # Distinct 64-bit row hashes: a collision among a million rows has odds of about 1e-8,
    # and it is several times faster than grouping by every column.
    row = fetch_row(con, f"SELECT count(*) - count(DISTINCT hash({column_list(names)})) FROM {src}")  # noqa: S608 (identifiers quoted, values bound)
    return int(row[0]) if row else 0


def _correlation(con: duckdb.DuckDBPyConnection, src: str, names: list[str]) -> dict[str, Any]:
    names = names[:MAX_CORRELATION_COLUMNS]
    pairs = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    matrix: list[list[float | None]] = [
        [1.0 if i == j else None for j in range(len(names))] for i in range(len(names))
    ]
    if pairs:
        exprs = [
            f"corr(CAST({quote_ident(names[i])} AS DOUBLE), CAST({quote_ident(names[j])} AS DOUBLE))"
            for i, j in pairs
        ]
        sample = f" USING SAMPLE reservoir({CORRELATION_SAMPLE_ROWS} ROWS) REPEATABLE (7)"
        row = fetch_row(con, f"SELECT {', '.join(exprs)} FROM {src}{sample}")  # noqa: S608 (identifiers quoted, values bound)
        for (i, j), value in zip(pairs, row, strict=True):
            matrix[i][j] = matrix[j][i] = _num(value)
    return {"columns": names, "matrix": matrix}


def _missing_map(
    con: duckdb.DuckDBPyConnection, src: str, names: list[str], missing: dict[str, int], rows: int
) -> dict[str, Any]:
    sample = (
        ""
        if rows <= MISSING_SAMPLE_ROWS
        else f" USING SAMPLE reservoir({MISSING_SAMPLE_ROWS} ROWS) REPEATABLE (7)"
    )
    gaps = [n for n in names if missing[n]]  # complete columns need no scan: their flags are 0
    flags = "".join(f", CAST({quote_ident(n)} IS NULL AS INTEGER)" for n in gaps)
    sampled = sorted(con.sql(f"SELECT {quote_ident(ROW_ID)}{flags} FROM {src}{sample}").fetchall())  # noqa: S608 (identifiers quoted, values bound)
    values = []
    for r in sampled:
        found = dict(zip(gaps, r[1:], strict=True))
        values.append([found.get(n, 0) for n in names])
    return {
        "columns": [
            {"name": n, "missing": missing[n], "share": missing[n] / rows if rows else 0.0}
            for n in names
        ],
        "matrix": {"row_ids": [r[0] for r in sampled], "columns": names, "values": values},
    }


def profile_parquet(path: str | Path, column_types: Mapping[str, SemanticType | str]) -> Profile:
    """Profile a dataset Parquet file.

    Args:
        path: The version's Parquet file (with ``__row_id``).
        column_types: Semantic type per column; missing entries fall back to the Arrow type.

    Returns:
        A JSON-ready dict with ``rows``, ``columns``, ``duplicate_rows``, ``memory_bytes``,
        ``file_bytes``, ``column_profiles`` (one per column: type, missing, distinct, min/max,
        mean/std, quantiles, top_values, histogram or bars, and cleaning evidence),
        ``missing`` (per-column shares and a sampled row x column matrix) and ``correlation``.
    """
    meta = pq.ParquetFile(path).metadata
    schema = pq.read_schema(path)
    rows = meta.num_rows
    names = [n for n in schema.names if n != ROW_ID]
    types = {
        n: SemanticType(column_types[n])
        if n in column_types
        else default_semantic_type(schema.field(n).type)
        for n in names
    }
    src = parquet_source(path)
    with shared_cursor() as con:
        stats = _column_stats(con, src, schema, types, rows)
        # Top values of near-unique columns are noise (every count is 1) and cost a big GROUP BY.
        tops = _top_values(
            con, src, [n for n in names if _worth_top_values(stats[n], schema.field(n).type)]
        )
        bounds: dict[str, tuple[float, float, bool]] = {}
        quartiles: dict[str, tuple[float, float]] = {}
        for n in names:
            st, t = stats[n], schema.field(n).type
            temporal = bool(pa.types.is_temporal(t))
            if (
                (types[n] in NUMBER_TYPES or types[n] == SemanticType.DATETIME)
                and st.get("min") is not None
                and not _is_string(t)
            ):
                low, high = st["min"], st["max"]
                if temporal:
                    low, high = _epoch(low), _epoch(high)
                if _num(low) is not None and _num(high) is not None:
                    bounds[n] = (float(low), float(high), temporal)
            if st.get("quantiles"):
                quartiles[n] = (float(st["quantiles"][1]), float(st["quantiles"][3]))
        histograms = _histograms(con, src, bounds)
        outliers = _outliers(con, src, quartiles)
        duplicates = _duplicates(con, src, names)
        numeric = [
            n for n in names if types[n] in NUMBER_TYPES and not _is_string(schema.field(n).type)
        ]
        correlation = _correlation(con, src, numeric)
        missing = {n: rows - int(stats[n]["non_null"]) for n in names}
        missing_map = _missing_map(con, src, names, missing, rows)
    profiles = [
        _column_profile(
            n,
            schema.field(n).type,
            types[n],
            stats[n],
            tops.get(n, []),
            histograms.get(n),
            outliers.get(n),
            rows,
        )
        for n in names
    ]
    memory = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
    return {
        "rows": rows,
        "columns": len(names),
        "duplicate_rows": duplicates,
        "memory_bytes": memory,
        "file_bytes": Path(path).stat().st_size,
        "column_profiles": profiles,
        "missing": missing_map,
        "correlation": correlation,
    }


def _epoch(value: object) -> float | None:
    if isinstance(value, dt.datetime):
        return (value if value.tzinfo else value.replace(tzinfo=dt.UTC)).timestamp()
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=dt.UTC).timestamp()
    return None


def _column_profile(
    name: str,
    t: pa.DataType,
    sem: SemanticType,
    st: dict[str, Any],
    top: list[tuple[object, int]],
    histogram: dict[str, list[Any]] | None,
    outliers: int | None,
    rows: int,
) -> dict[str, Any]:
    non_null = int(st["non_null"])
    missing = rows - non_null
    out: dict[str, Any] = {
        "name": name,
        "semantic_type": sem.value,
        "arrow_type": str(t),
        "missing": missing,
        "missing_share": missing / rows if rows else 0.0,
        "distinct": int(min(st["distinct"], non_null)),
        "min": json_value(st.get("min")),
        "max": json_value(st.get("max")),
        "mean": _num(st.get("mean")),
        "std": _num(st.get("std")),
        "quantiles": {
            f"p{round(q * 100):02d}": _num(v)
            for q, v in zip(QUANTILES, st["quantiles"], strict=True)
        }
        if st.get("quantiles")
        else None,
        "top_values": [{"value": v, "count": c} for v, c in top[:TOP_VALUES]],
        "histogram": histogram,
        "bars": None,
        "outliers_iqr": outliers,
        "numeric_like_share": st["numeric_like"] / non_null
        if "numeric_like" in st and non_null
        else None,
        "untrimmed_values": st.get("untrimmed"),
        "distinct_normalized": st.get("distinct_normalized"),
    }
    if sem in (SemanticType.CATEGORICAL, SemanticType.BOOLEAN):
        shown = sum(c for _, c in top)
        out["bars"] = {
            "labels": [v for v, _ in top],
            "counts": [c for _, c in top],
            "other": non_null - shown,
        }
    return out


__all__ = ["Profile", "profile_parquet"]
