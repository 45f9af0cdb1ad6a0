"""Browse a dataset version: paging, sorting and filtering a Parquet file with DuckDB."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import decimal
import logging
import math
import threading
from collections.abc import Hashable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from pydantic import BaseModel, ConfigDict

from csv_analyzer.datasets.browse.filters import (
    Filter,
    FilterOp,
    compile_filters,
    parse_filter,
    parse_filters,
)
from csv_analyzer.datasets.browse.query_cache import BrowseCache, LoadedTable, Positions
from csv_analyzer.datasets.errors import QueryError
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
    "wait_for_prefetches",
]

MAX_LIMIT = 1000
MAX_OFFSET = 2**63 - 1  # DuckDB's BIGINT: a larger OFFSET fails to convert
TOP_N_ROWS = 10_000  # up to this deep, an unindexed sort uses a top-N heap, not a full sort
JsonValue = str | int | float | bool | None

log = logging.getLogger(__name__)
# One background thread sorts whole views after their first page was served by a top-N heap.
_PREFETCH_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="browse-sort")
_PREFETCH_LOCK = threading.Lock()
_PREFETCHING: dict[Hashable, Future[Positions | None]] = {}
MAX_QUEUED_SORTS = 4  # a person flicking through filters must not queue minutes of sorting


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


def _order_by(sort: Sequence[SortKey], schema: pa.Schema, *, parquet_scan: bool = False) -> str:
    """The ORDER BY list of a view; ``parquet_scan`` when it runs over the Parquet file.

    DuckDB 2.0's top-N pushes its running boundary into a Parquet scan as a filter, and on a
    float column holding NaN that filter drops rows that belong in the page when another query
    runs at the same time (seen here: 16 wrong pages in 300 with one concurrent sort). Sorting
    the file by ``col + 0.0`` (same order, NaN still largest) keeps the filter out of the scan.
    """
    keys = []
    for key in sort:
        if key.column not in schema.names:
            raise QueryError(
                "unknown_column", f"Sort on unknown column {key.column!r}.", {"column": key.column}
            )
        expr = quote_ident(key.column)
        if parquet_scan and pa.types.is_floating(schema.field(key.column).type):
            expr = f"({expr} + 0.0)"
        keys.append(f"{expr} {key.direction.value.upper()} NULLS LAST")
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
    loaded = TABLE_CACHE.table(Path(parquet_path)) if TABLE_CACHE.max_bytes else None
    if loaded is None:
        order = _order_by(keys, schema, parquet_scan=True)
        total, page = _query_file(parquet_path, where, params, order, offset, limit)
    else:
        costly = any(f.op == FilterOp.CONTAINS for f in filters)
        total, positions = _page_positions(
            loaded, where if filters else None, params, keys, offset, limit, costly_filter=costly
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
    *,
    costly_filter: bool = False,
) -> tuple[int, Positions]:
    """The total and the row positions of one page of a loaded version.

    A shallow page of a sorted view that is not in the cache yet comes from a top-N heap (plus
    the filter's match count), and the whole view is sorted on a background thread meanwhile,
    so the first page of a new view costs two scans rather than a full sort, and the deeper
    pages that follow find the view ready (or wait for that one sort, never start another).
    """
    order = _order_by(keys, loaded.table.schema)
    selected: Positions | None
    if order and offset + limit <= TOP_N_ROWS and not _view_ready(loaded, where, params, keys):
        if where is None:
            total, selected = loaded.num_rows, _top_n(loaded, order, offset + limit)
        else:
            total, selected = _count_and_top_n(
                loaded, order, offset + limit, where, params, costly_filter=costly_filter
            )
        _prefetch_view(loaded, where, params, keys)
    else:
        selected = _whole_view(loaded, where, params, keys)
        total = loaded.num_rows if selected is None else len(selected)
    if offset >= total:
        return total, np.empty(0, np.int64)
    if selected is None:
        return total, np.arange(offset, min(offset + limit, total), dtype=np.int64)
    return total, selected[offset : offset + limit]


def _typed(params: dict[str, object]) -> tuple[tuple[str, str, object], ...]:
    """Filter values as a cache key: 1 and 1.0 and "1" are different filters."""
    return tuple(sorted((k, type(v).__name__, v) for k, v in params.items()))


def _view_key(
    loaded: LoadedTable, where: str | None, params: dict[str, object], keys: Sequence[SortKey]
) -> Hashable:
    order = _order_by(keys, loaded.table.schema)
    return (loaded.key, where, _typed(params), _full_order(loaded, order) if order else "")


def _view_ready(
    loaded: LoadedTable, where: str | None, params: dict[str, object], keys: Sequence[SortKey]
) -> bool:
    """Whether the whole view is cheap now: cached, or a cached full order to filter."""
    order = _order_by(keys, loaded.table.schema)
    by = _full_order(loaded, order)
    if TABLE_CACHE.get(loaded, ("order", by)) is not None:
        return True
    return where is not None and (
        TABLE_CACHE.get(loaded, ("view", where, _typed(params), by)) is not None
    )


def _whole_view(
    loaded: LoadedTable, where: str | None, params: dict[str, object], keys: Sequence[SortKey]
) -> Positions | None:
    """The whole view's positions; joins the background sort of the same view if it runs."""
    with _PREFETCH_LOCK:
        queued = _PREFETCHING.get(_view_key(loaded, where, params, keys))
    # Join a sort that has started; one still queued behind other views' sorts is cancelled and
    # done here instead, so a request never waits for views nobody is looking at any more.
    if queued is not None and not queued.cancel():
        return queued.result()
    return _selected_positions(loaded, where, params, keys)


def _prefetch_view(
    loaded: LoadedTable, where: str | None, params: dict[str, object], keys: Sequence[SortKey]
) -> None:
    key = _view_key(loaded, where, params, keys)
    with _PREFETCH_LOCK:
        if key in _PREFETCHING or len(_PREFETCHING) >= MAX_QUEUED_SORTS:
            return
        future = _PREFETCH_POOL.submit(_selected_positions, loaded, where, params, keys)
        _PREFETCHING[key] = future

    def done(finished: Future[Positions | None]) -> None:
        with _PREFETCH_LOCK:
            _PREFETCHING.pop(key, None)
        if not finished.cancelled() and (error := finished.exception()) is not None:
            log.warning("sorting a browse view in the background failed: %s", error)

    future.add_done_callback(done)


def wait_for_prefetches() -> None:
    """Block until the background view sorts queued so far have finished (tests, benchmarks)."""
    with _PREFETCH_LOCK:
        running = list(_PREFETCHING.values())
    for future in running:
        with contextlib.suppress(Exception):
            future.result()


def _count_and_top_n(
    loaded: LoadedTable,
    order: str,
    count: int,
    where: str,
    params: dict[str, object],
    *,
    costly_filter: bool,
) -> tuple[int, Positions]:
    """How many rows match, and the first ``count`` of them in view order.

    A count plus a top-N evaluates the filter twice but keeps nothing else (1M rows: 5-10 ms
    for the count of a comparison); a case-insensitive ``contains`` costs ~60 ms a pass, so it
    is evaluated once, with the count as a window over the matches.
    """
    cached = TABLE_CACHE.get(loaded, ("matches", where, _typed(params)))
    if cached is not None:
        return len(cached), _top_n(loaded, order, count, where, params)
    if not costly_filter:
        total = _count(loaded, where, params)
        return total, _top_n(loaded, order, count, where, params)
    pos = quote_ident(loaded.position_column)
    by = _full_order(loaded, order)
    with shared_cursor() as con:
        con.register("scan", loaded.scan)
        result = con.sql(
            f"SELECT {pos}, count(*) OVER () FROM scan WHERE {where} ORDER BY {by} "  # noqa: S608 (identifiers quoted, values bound, count an int)
            f"LIMIT {int(count)}",
            params=params or None,
        ).to_arrow_table()
    positions: Positions = np.asarray(result.column(0).to_numpy(), dtype=np.int64)
    total = int(result.column(1)[0].as_py()) if result.num_rows else 0
    return total, positions


def _count(loaded: LoadedTable, where: str, params: dict[str, object]) -> int:
    """The number of rows of ``loaded`` matching ``where``."""
    with shared_cursor() as con:
        con.register("scan", loaded.scan)
        found = fetch_row(con, f"SELECT count(*) FROM scan WHERE {where}", params)  # noqa: S608 (values bound)
    return int(found[0]) if found else 0


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


def _top_n(
    loaded: LoadedTable,
    order: str,
    count: int,
    where: str | None = None,
    params: dict[str, object] | None = None,
) -> Positions:
    """The first ``count`` positions of the view: a heap over one scan, no full sort."""
    pos = quote_ident(loaded.position_column)
    by = _full_order(loaded, order)
    condition = f" WHERE {where}" if where is not None else ""
    return _scan(
        loaded,
        f"SELECT {pos} FROM scan{condition} ORDER BY {by} LIMIT {int(count)}",  # noqa: S608 (identifiers quoted, values bound, count an int)
        params,
    )


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
    typed = _typed(params)
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
