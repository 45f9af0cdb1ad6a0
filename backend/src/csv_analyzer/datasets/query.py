"""Browse a dataset version: paging, sorting and filtering a Parquet file with DuckDB."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import math
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict

from csv_analyzer.datasets.errors import QueryError
from csv_analyzer.datasets.filters import (
    Filter,
    FilterOp,
    compile_filters,
    parse_filter,
    parse_filters,
)
from csv_analyzer.datasets.query_cache import BrowseCache, LoadedTable, Positions
from csv_analyzer.datasets.sql import fetch_row, parquet_source, quote_ident, shared_cursor
from csv_analyzer.datasets.types import ROW_ID

__all__ = [
    "MAX_LIMIT",
    "TABLE_CACHE",
    "Filter",
    "FilterOp",
    "JsonValue",
    "RowsPage",
    "SortDirection",
    "SortKey",
    "json_value",
    "parse_filter",
    "parse_filters",
    "parse_sort",
    "query_rows",
]

MAX_LIMIT = 1000
MAX_OFFSET = 2**63 - 1  # DuckDB's BIGINT: a larger OFFSET fails to convert
TOP_N_ROWS = 10_000  # up to this deep, an unindexed sort uses a top-N heap, not a full sort
JsonValue = str | int | float | bool | None


class SortDirection(StrEnum):
    """Sort order of one key."""

    ASC = "asc"
    DESC = "desc"


class SortKey(BaseModel):
    """Sort by ``column`` in ``direction``; missing values always come last."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    column: str
    direction: SortDirection = SortDirection.ASC


class RowsPage(BaseModel):
    """One page of rows: ``total`` counts every row matching the filters."""

    total: int
    columns: list[str]
    rows: list[dict[str, JsonValue]]


def parse_sort(text: str | None) -> list[SortKey]:
    """Parse ``col:asc,col2:desc`` (direction optional, default asc).

    Raises:
        QueryError: ``invalid_sort`` naming the bad part.
    """
    keys: list[SortKey] = []
    for part in (text or "").split(","):
        column, sep, direction = part.strip().rpartition(":")
        if not sep:  # no direction given
            column, direction = direction, "asc"
        elif direction.lower() not in ("asc", "desc"):
            raise QueryError(
                "invalid_sort",
                f"Sort part {part!r}: direction must be asc or desc.",
                {"sort": part},
            )
        if not column:
            if part.strip():
                raise QueryError(
                    "invalid_sort", f"Sort part {part!r} names no column.", {"sort": part}
                )
            continue
        keys.append(SortKey(column=column, direction=SortDirection(direction.lower())))
    return keys


def json_value(value: object) -> JsonValue:
    """Make one Arrow/Python value JSON-ready (ISO datetimes, NaN and infinities as null)."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    return str(value)


TABLE_CACHE = BrowseCache(512 << 20)
"""Process-wide cache used by :func:`query_rows`; set ``TABLE_CACHE.max_bytes`` (0 disables)."""


def _order_by(sort: Sequence[SortKey], schema: pa.Schema) -> str:
    keys = []
    for key in sort:
        if key.column not in schema.names:
            raise QueryError(
                "unknown_column", f"Sort on unknown column {key.column!r}.", {"column": key.column}
            )
        keys.append(f"{quote_ident(key.column)} {key.direction.value.upper()} NULLS LAST")
    if keys and ROW_ID in schema.names:
        keys.append(quote_ident(ROW_ID))  # a unique tiebreaker keeps pages stable and disjoint
    return ", ".join(keys)


def query_rows(
    parquet_path: str | Path,
    *,
    offset: int = 0,
    limit: int = 100,
    sort: Sequence[SortKey | tuple[str, str]] = (),
    filters: Sequence[Filter] = (),
) -> RowsPage:
    """Return one page of a dataset, filtered (AND) and sorted.

    Args:
        parquet_path: The version's Parquet file.
        offset: Rows to skip (>= 0).
        limit: Page size, 1..1000.
        sort: Sort keys (``SortKey`` or ``(column, "asc"|"desc")``); ``__row_id`` breaks ties,
            so the default order is the file order.
        filters: Conditions combined with AND.

    Returns:
        ``RowsPage(total, columns, rows)`` with JSON-ready rows keyed by column name.

    Raises:
        QueryError: ``invalid_page``, ``unknown_column``, ``invalid_sort`` or
            ``invalid_filter_value``.
    """
    if not 0 <= offset <= MAX_OFFSET or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(
            "invalid_page",
            f"offset must be between 0 and {MAX_OFFSET} and limit between 1 and {MAX_LIMIT}.",
            {"offset": offset, "limit": limit},
        )
    keys = [
        k if isinstance(k, SortKey) else SortKey(column=k[0], direction=SortDirection(k[1]))
        for k in sort
    ]
    schema = pq.read_schema(parquet_path)
    where, params = compile_filters(filters, schema)
    order = _order_by(keys, schema)
    loaded = TABLE_CACHE.table(Path(parquet_path)) if TABLE_CACHE.max_bytes else None
    if loaded is None:
        total, page = _query_file(parquet_path, where, params, order, offset, limit)
    else:
        total, positions = _page_positions(
            loaded, where if filters else None, params, keys, offset, limit
        )
        page = loaded.take(positions)
    rows = [{k: json_value(v) for k, v in row.items()} for row in page.to_pylist()]
    return RowsPage(total=total, columns=list(schema.names), rows=rows)


def _page_positions(
    loaded: LoadedTable,
    where: str | None,
    params: dict[str, object],
    keys: Sequence[SortKey],
    offset: int,
    limit: int,
) -> tuple[int, Positions]:
    """The total and the row positions of one page of a loaded version."""
    order = _order_by(keys, loaded.table.schema)
    if where is None and order and offset + limit <= TOP_N_ROWS:
        # A shallow page of a sort not indexed yet: a top-N heap beats sorting every row.
        selected = TABLE_CACHE.get(loaded, ("order", _full_order(loaded, order)))
        if selected is None:
            selected = _top_n(loaded, order, offset + limit)
        total = loaded.num_rows
    else:
        selected = _selected_positions(loaded, where, params, keys)
        total = loaded.num_rows if selected is None else len(selected)
    if offset >= total:
        return total, np.empty(0, np.int64)
    if selected is None:
        return total, np.arange(offset, min(offset + limit, total), dtype=np.int64)
    return total, selected[offset : offset + limit]


def _full_order(loaded: LoadedTable, order: str) -> str:
    """The ORDER BY list of a full sort: ``__row_id`` ends ``order`` when the file has one,
    else the row position breaks the ties."""
    if ROW_ID in loaded.table.schema.names:
        return order
    return f"{order}, {quote_ident(loaded.position_column)}"


def _sort_all(loaded: LoadedTable, keys: Sequence[SortKey], by: str) -> Positions:
    """Every row position in view order; Arrow's stable sort when it orders like DuckDB."""
    if len(keys) == 1 and loaded.row_ids_ascending:
        key = keys[0]
        found = loaded.stable_order(key.column, key.direction == SortDirection.DESC)
        if found is not None:
            return found
    pos = quote_ident(loaded.position_column)
    return _scan(loaded, f"SELECT {pos} FROM scan ORDER BY {by}")  # noqa: S608 (identifiers quoted)


def _top_n(loaded: LoadedTable, order: str, count: int) -> Positions:
    pos = quote_ident(loaded.position_column)
    by = _full_order(loaded, order)
    return _scan(loaded, f"SELECT {pos} FROM scan ORDER BY {by} LIMIT {int(count)}")  # noqa: S608 (identifiers quoted, count an int)


def _selected_positions(
    loaded: LoadedTable, where: str | None, params: dict[str, object], keys: Sequence[SortKey]
) -> Positions | None:
    """Positions of the matching rows in view order, or None for every row in file order.

    The count and the page come from one pass, cached per view (version, filters, sort), so
    further pages of a view, however deep, only gather their rows. A version's full order for
    a sort is kept once it pays: for a deep unfiltered page, or once a filter matching most
    rows has been sorted with it (the full order then serves any filter through a mask).
    """
    pos = quote_ident(loaded.position_column)
    order = _order_by(keys, loaded.table.schema)
    by = _full_order(loaded, order) if order else ""
    order_key = ("order", by)
    ordered = TABLE_CACHE.get(loaded, order_key) if by else None
    if where is None:
        if not by or ordered is not None:
            return ordered
        return TABLE_CACHE.put(loaded, order_key, _sort_all(loaded, keys, by))
    typed = tuple(sorted((k, type(v).__name__, v) for k, v in params.items()))
    view_key = ("view", where, typed, by)
    if (cached := TABLE_CACHE.get(loaded, view_key)) is not None:
        return cached
    matches_key = ("matches", where, typed)
    matches = TABLE_CACHE.get(loaded, matches_key)
    if by and ordered is None and TABLE_CACHE.marked(loaded, ("wide", by)):
        ordered = TABLE_CACHE.put(loaded, order_key, _sort_all(loaded, keys, by))
    if by and ordered is None:
        # One pass filters and sorts only the matches: cheaper than a full sort when few match.
        selected = _scan(
            loaded,
            f"SELECT {pos} FROM scan WHERE {where} ORDER BY {by}",  # noqa: S608 (identifiers quoted, values bound)
            params,
        )
        if len(selected) * 2 > loaded.num_rows:
            TABLE_CACHE.mark(loaded, ("wide", by))
        if matches is None:
            TABLE_CACHE.put(loaded, matches_key, np.sort(selected))
        return TABLE_CACHE.put(loaded, view_key, selected)
    if matches is None:
        filtered = f"SELECT {pos} FROM scan WHERE {where}"  # noqa: S608 (identifiers quoted, values bound)
        matches = TABLE_CACHE.put(loaded, matches_key, np.sort(_scan(loaded, filtered, params)))
    if ordered is None:
        return matches  # file order
    keep = np.zeros(loaded.num_rows, dtype=np.bool_)
    keep[matches] = True
    return TABLE_CACHE.put(loaded, view_key, ordered[keep[ordered]])


def _scan(loaded: LoadedTable, sql: str, params: dict[str, object] | None = None) -> Positions:
    """Run a query over the loaded version (as ``scan``) that selects row positions."""
    with shared_cursor() as con:
        con.register("scan", loaded.scan)
        result = con.sql(sql, params=params or None).to_arrow_table()
    positions: Positions = np.asarray(result.column(0).to_numpy(), dtype=np.int64)
    return positions


def _query_file(
    parquet_path: str | Path,
    where: str,
    params: dict[str, object],
    order: str,
    offset: int,
    limit: int,
) -> tuple[int, pa.Table]:
    """The page straight from the Parquet file, for versions too big to keep in memory."""
    src = parquet_source(parquet_path)
    with shared_cursor() as con:
        if where != "TRUE":
            counted = fetch_row(con, f"SELECT count(*) FROM {src} WHERE {where}", params)  # noqa: S608 (identifiers quoted, values bound)
            total = int(counted[0]) if counted else 0
        else:
            total = pq.ParquetFile(parquet_path).metadata.num_rows  # free: no scan needed
        page_params = {**params, "lim": limit, "off": offset}
        # Without sort keys no ORDER BY is needed: ingest and cleaning write rows in __row_id
        # order and DuckDB preserves file order, so the page streams and stops early.
        order_by = f" ORDER BY {order}" if order else ""
        page = con.sql(
            f"SELECT * FROM {src} WHERE {where}{order_by} LIMIT $lim OFFSET $off",  # noqa: S608 (identifiers quoted, values bound)
            params=page_params,
        ).to_arrow_table()
    return total, page
