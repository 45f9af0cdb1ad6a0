"""Browse a dataset version: paging, sorting and filtering a Parquet file with DuckDB."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import math
import threading
from collections import OrderedDict
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

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


class _TableCache:
    """Decoded Arrow tables of recently browsed versions, bounded by bytes (LRU).

    Paging a sorted view re-sorts the whole table on every request; from an in-memory Arrow
    table DuckDB does that about 4x faster than from zstd Parquet (measured on 1M x 20), which
    is what keeps a page under 100 ms. Files are immutable (a version never changes), and the
    key includes size and mtime, so a cached table is never stale.
    """

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._tables: OrderedDict[tuple[str, int, int], pa.Table] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, path: Path) -> pa.Table | None:
        stat = path.stat()
        key = (str(path.resolve()), stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if key in self._tables:
                self._tables.move_to_end(key)
                return self._tables[key]
        meta = pq.ParquetFile(path).metadata
        decoded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
        if decoded > self.max_bytes // 2:
            return None  # too big to keep: query the file directly
        table = pq.read_table(path)
        with self._lock:
            self._tables[key] = table
            while (
                sum(t.nbytes for t in self._tables.values()) > self.max_bytes
                and len(self._tables) > 1
            ):
                self._tables.popitem(last=False)
        return table

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()


TABLE_CACHE = _TableCache(512 << 20)
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
    table = TABLE_CACHE.get(Path(parquet_path)) if TABLE_CACHE.max_bytes else None
    src = "cached" if table is not None else parquet_source(parquet_path)
    with shared_cursor() as con:
        if table is not None:
            con.register("cached", table)
        if filters:
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
    rows = [{k: json_value(v) for k, v in row.items()} for row in page.to_pylist()]
    return RowsPage(total=total, columns=list(schema.names), rows=rows)
