"""Dataset profile: per-column statistics, charts data, missing values map and correlations.

Everything is computed by DuckDB over the Parquet file with a handful of aggregate queries per
chunk of columns (one row of aggregates, one UNION ALL for the top-value lists, one for the
histograms), so the cost grows with the data scanned, not with the number of Python round trips.
Chunks bound each query's width (at most ``CHUNK_COLUMNS`` columns and about ``CHUNK_CELLS``
cells): one UNION ALL over every column of a 10,000-column file grew the server past 20 GB.
The result is a JSON-ready dict (NaN/inf become null, datetimes ISO strings).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from csv_analyzer.datasets.browse.query import json_value
from csv_analyzer.datasets.sql import (
    column_list,
    connect,
    fetch_row,
    parquet_source,
    quote_ident,
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

CHUNK_COLUMNS = 64
CHUNK_CELLS = 4_000_000
"""A query covers at most this many columns and (rows x columns) cells, whichever is fewer."""

Profile = dict[str, Any]
_NUMBER_RE = r"^[-+]?[$€£]?[-+]?(\d[\d,]*)?(\.\d+)?([eE][-+]?\d+)?%?$"


def column_chunks(names: Sequence[str], rows: int) -> Iterator[list[str]]:
    """``names`` in consecutive chunks small enough for one query (see ``CHUNK_CELLS``)."""
    size = max(1, min(CHUNK_COLUMNS, CHUNK_CELLS // max(rows, 1)))
    for start in range(0, len(names), size):
        yield list(names[start : start + size])


def _num(value: object) -> float | None:
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return number if math.isfinite(number) else None


def _is_string(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def _column_aggregates(name: str, t: pa.DataType, sem: SemanticType, exact: bool) -> dict[str, str]:
    q = quote_ident(name)
    aggs = {"non_null": f"count({q})"}
    if not exact:  # exact distinct counts come from Arrow (see _exact_distinct)
        aggs["distinct"] = f"approx_count_distinct({q})"
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
        if sem == SemanticType.CATEGORICAL and not exact:
            aggs["distinct_normalized"] = f"count(DISTINCT lower(trim({q})))"
    return aggs


def _exact_distinct(values: pa.ChunkedArray, sem: SemanticType) -> dict[str, int]:
    """Exact distinct counts by Arrow, like SQL's ``count(DISTINCT x)`` (nulls not counted).

    DuckDB's ``count(DISTINCT)`` sets up a hash table per aggregate: ~2-4 ms per column even on
    20 rows, 40 s for a 10,000-column file; Arrow's count takes microseconds on short columns.
    """
    out = {"distinct": int(pc.count_distinct(values, mode="only_valid").as_py())}
    if sem == SemanticType.CATEGORICAL and _is_string(values.type):
        normalized = pc.utf8_lower(pc.utf8_trim(values, characters=" "))
        out["distinct_normalized"] = int(pc.count_distinct(normalized, mode="only_valid").as_py())
    return out


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
    names: list[str],
    rows: int,
    table: pa.Table,
) -> dict[str, dict[str, Any]]:
    exact = rows <= EXACT_DISTINCT_ROWS
    stats: dict[str, dict[str, Any]] = {n: {} for n in names}
    plan = [
        (name, key, expr)
        for name in names
        for key, expr in _column_aggregates(
            name, schema.field(name).type, types[name], exact
        ).items()
    ]
    row = fetch_row(con, f"SELECT {', '.join(e for _, _, e in plan)} FROM {src}")  # noqa: S608 (identifiers quoted, values bound)
    for (name, key, _), value in zip(plan, row, strict=True):
        stats[name][key] = value
    if exact:
        for name in names:
            stats[name].update(_exact_distinct(table.column(name), types[name]))
    else:
        strings = [n for n in names if _is_string(schema.field(n).type)]
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
    out: dict[str, list[tuple[object, int]]] = {n: [] for n in names}
    if not names:
        return out
    parts = [
        f"(SELECT {i} AS k, CAST({quote_ident(n)} AS VARCHAR) AS v, count(*) AS c FROM {src} "  # noqa: S608 (identifiers quoted, values bound)
        f"WHERE {quote_ident(n)} IS NOT NULL GROUP BY ALL ORDER BY c DESC, v LIMIT {BARS})"
        for i, n in enumerate(names)
    ]
    for k, v, c in con.sql(" UNION ALL ".join(parts)).fetchall():
        out[names[k]].append((v, int(c)))
    for values in out.values():
        values.sort(key=lambda vc: (-vc[1], str(vc[0])))
    return out


def _arrow_top_values(values: pa.ChunkedArray) -> list[tuple[object, int]]:
    """The top values of an integer or string column, as ``_top_values`` gives them (values as
    text, most frequent first, ties by text), counted by Arrow: a GROUP BY per column costs
    DuckDB ~2 ms even on 20 rows, which made a 10,000-column profile take minutes."""
    counted = pc.value_counts(values).flatten()
    pairs = [
        (str(v), int(c))
        for v, c in zip(counted[0].to_pylist(), counted[1].to_pylist(), strict=True)
        if v is not None
    ]
    pairs.sort(key=lambda vc: (-vc[1], vc[0]))
    return [(v, c) for v, c in pairs[:BARS]]


def _arrow_counts_as_sql(t: pa.DataType) -> bool:
    """Types whose text form in Arrow/Python equals DuckDB's ``CAST(x AS VARCHAR)``."""
    return bool(pa.types.is_integer(t) or _is_string(t))


def _numpy_histogram(values: pa.ChunkedArray, low: float, high: float) -> list[int]:
    """The bin counts ``_histograms`` computes in SQL, for a numeric column, with numpy."""
    x = pc.cast(values, pa.float64()).to_numpy(zero_copy_only=False)
    x = x[np.isfinite(x)]  # nulls became NaN
    width = (high - low) / HISTOGRAM_BINS or 1.0
    bins = np.minimum(np.floor((x - low) / width), HISTOGRAM_BINS - 1).astype(np.int64)
    counts = np.bincount(np.clip(bins, 0, HISTOGRAM_BINS - 1), minlength=HISTOGRAM_BINS)
    return [int(c) for c in counts]


def _worth_top_values(st: dict[str, Any], t: pa.DataType) -> bool:
    distinct, non_null = st["distinct"], st["non_null"]
    numeric = pa.types.is_integer(t) or pa.types.is_floating(t)
    return bool(distinct <= TOP_VALUES_MAX_DISTINCT or (not numeric and distinct <= 0.2 * non_null))


def _histograms(
    con: duckdb.DuckDBPyConnection, src: str, bounds: dict[str, tuple[float, float, bool]]
) -> dict[str, dict[str, list[Any]]]:
    parts = []
    names = list(bounds)
    result: dict[str, dict[str, list[Any]]] = {}
    for i, (name, (low, high, temporal)) in enumerate(bounds.items()):
        x = f"epoch({quote_ident(name)})" if temporal else f"CAST({quote_ident(name)} AS DOUBLE)"
        width = (high - low) / HISTOGRAM_BINS or 1.0
        bin_expr = (
            f"least(CAST(floor(({x} - {low!r}) / {width!r}) AS INTEGER), {HISTOGRAM_BINS - 1})"
        )
        parts.append(
            f"SELECT {i} AS k, {bin_expr} AS b, count(*) AS c FROM {src} WHERE isfinite({x}) GROUP BY ALL"  # noqa: S608 (identifiers quoted, values bound)
        )
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


def _sampled_row_ids(con: duckdb.DuckDBPyConnection, src: str, rows: int) -> list[int]:
    """The rows shown in the missing-values map: all of them, or a fixed sample."""
    sample = (
        ""
        if rows <= MISSING_SAMPLE_ROWS
        else f" USING SAMPLE reservoir({MISSING_SAMPLE_ROWS} ROWS) REPEATABLE (7)"
    )
    found = con.sql(f"SELECT {quote_ident(ROW_ID)} FROM {src}{sample}").fetchall()  # noqa: S608 (identifiers quoted, values bound)
    return sorted(int(r[0]) for r in found)


def _missing_flags(
    con: duckdb.DuckDBPyConnection, src: str, names: list[str], row_ids: list[int]
) -> dict[str, dict[int, int]]:
    """Per column with gaps, which of the sampled rows miss a value (1) or not (0)."""
    if not names or not row_ids:
        return {}
    row_id = quote_ident(ROW_ID)
    flags = "".join(f", CAST({quote_ident(n)} IS NULL AS INTEGER)" for n in names)
    ids = ", ".join(str(r) for r in row_ids)
    found = con.sql(f"SELECT {row_id}{flags} FROM {src} WHERE {row_id} IN ({ids})").fetchall()  # noqa: S608 (identifiers quoted, ids are our integers)
    return {n: {int(r[0]): int(r[j + 1]) for r in found} for j, n in enumerate(names)}


def _missing_map(
    names: list[str],
    missing: dict[str, int],
    rows: int,
    row_ids: list[int],
    flags: dict[str, dict[int, int]],
) -> dict[str, Any]:
    empty: dict[int, int] = {}
    return {
        "columns": [
            {"name": n, "missing": missing[n], "share": missing[n] / rows if rows else 0.0}
            for n in names
        ],
        "matrix": {
            "row_ids": row_ids,
            "columns": names,
            "values": [[flags.get(n, empty).get(r, 0) for n in names] for r in row_ids],
        },
    }


@dataclass
class _ChunkResult:
    stats: dict[str, dict[str, Any]]
    tops: dict[str, list[tuple[object, int]]]
    histograms: dict[str, dict[str, list[Any]]]
    outliers: dict[str, int]
    missing_flags: dict[str, dict[int, int]]


def _profile_chunk(
    con: duckdb.DuckDBPyConnection,
    schema: pa.Schema,
    types: Mapping[str, SemanticType],
    names: list[str],
    rows: int,
    row_ids: list[int],
    table: pa.Table,
) -> _ChunkResult:
    """Everything per column for the chunk of columns registered as table ``chunk``."""
    src = "chunk"
    stats = _column_stats(con, src, schema, types, names, rows, table)
    # Top values of near-unique columns are noise (every count is 1) and cost a big GROUP BY.
    worth = [n for n in names if _worth_top_values(stats[n], schema.field(n).type)]
    by_arrow = [n for n in worth if _arrow_counts_as_sql(schema.field(n).type)]
    tops = _top_values(con, src, [n for n in worth if n not in set(by_arrow)])
    tops.update({n: _arrow_top_values(table.column(n)) for n in by_arrow})
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
    gaps = [n for n in names if rows - int(stats[n]["non_null"])]  # complete columns: flags 0
    numeric = {n: b for n, b in bounds.items() if not b[2]}
    histograms = _histograms(con, src, {n: b for n, b in bounds.items() if b[2]})
    for n, (low, high, _) in numeric.items():  # numbers: numpy, no query per column
        width = (high - low) / HISTOGRAM_BINS or 1.0
        histograms[n] = {
            "edges": [low + width * j for j in range(HISTOGRAM_BINS + 1)],
            "counts": _numpy_histogram(table.column(n), low, high),
        }
    return _ChunkResult(
        stats=stats,
        tops=tops,
        histograms=histograms,
        outliers=_outliers(con, src, quartiles),
        missing_flags=_missing_flags(con, src, gaps, row_ids),
    )


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
    parquet = pq.ParquetFile(path)
    meta = parquet.metadata
    schema = parquet.schema_arrow
    rows = meta.num_rows
    names = [n for n in schema.names if n != ROW_ID]
    types = {
        n: SemanticType(column_types[n])
        if n in column_types
        else default_semantic_type(schema.field(n).type)
        for n in names
    }
    src = parquet_source(path)
    stats: dict[str, dict[str, Any]] = {}
    tops: dict[str, list[tuple[object, int]]] = {}
    histograms: dict[str, dict[str, list[Any]]] = {}
    outliers: dict[str, int] = {}
    flags: dict[str, dict[int, int]] = {}
    # Its own connection: the chunk table registered below must not be seen by other requests.
    with connect() as con:
        row_ids = _sampled_row_ids(con, src, rows)
        # Each chunk of columns is read once into Arrow and every per-column query runs on it:
        # a query on read_parquet() re-reads the footer of every column (a second per query
        # on a 3,000-column file), and a chunk bounds what one query holds in memory.
        for chunk in column_chunks(names, rows):
            table = parquet.read(columns=[ROW_ID, *chunk] if ROW_ID in schema.names else chunk)
            con.register("chunk", table)
            part = _profile_chunk(con, schema, types, chunk, rows, row_ids, table)
            con.unregister("chunk")
            del table
            stats.update(part.stats)
            tops.update(part.tops)
            histograms.update(part.histograms)
            outliers.update(part.outliers)
            flags.update(part.missing_flags)
        duplicates = _duplicates(con, src, names)
        numeric = [
            n for n in names if types[n] in NUMBER_TYPES and not _is_string(schema.field(n).type)
        ]
        correlation = _correlation(con, src, numeric)
    missing = {n: rows - int(stats[n]["non_null"]) for n in names}
    missing_map = _missing_map(names, missing, rows, row_ids, flags)
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
