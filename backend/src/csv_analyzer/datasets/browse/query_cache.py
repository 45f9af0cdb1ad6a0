"""In-memory state for browsing: decoded versions, their sort orders and filter matches.

A page of a sorted, filtered view is then three cheap steps: the rows matching the filters
(one DuckDB scan of the filtered columns, or a cache hit), the version's order for the sort
keys (one full sort the first time, then a cache hit), and a ``take`` of the page's rows. The
total comes from the same pass, and a deep page costs what the first page costs.

Versions are immutable and every key includes the file's resolved path, size and mtime, so an
entry can never be stale; everything is bounded by bytes and evicted least recently used.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from csv_analyzer.datasets.types import ROW_ID

Positions = npt.NDArray[np.int64]
FileKey = tuple[str, int, int]


def file_key(path: Path) -> FileKey:
    """Identity of one file version: resolved path, size and modification time."""
    stat = path.stat()
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@dataclass(frozen=True)
class LoadedTable:
    """A decoded version plus what DuckDB scans: the same columns and a row position column."""

    key: FileKey
    table: pa.Table
    scan: pa.Table
    position_column: str
    row_ids_ascending: bool  # file order is __row_id order (or there is no __row_id)
    _batches: list[pa.RecordBatch] = field(repr=False)
    _starts: Positions = field(repr=False)

    @classmethod
    def build(cls, key: FileKey, table: pa.Table) -> LoadedTable:
        batches = table.to_batches()
        lengths = np.array([b.num_rows for b in batches], dtype=np.int64)
        starts = (np.cumsum(lengths) - lengths).astype(np.int64)  # empty for a 0-row table
        name = "__position"
        while name in table.schema.names:  # never shadow a user's column
            name += "_"
        # Chunked like the table, so DuckDB scans aligned batches without copying.
        positions = pa.chunked_array(
            [
                pa.array(np.arange(s, s + n, dtype=np.int64))
                for s, n in zip(starts, lengths, strict=True)
            ],
            pa.int64(),
        )
        scan = pa.Table.from_batches(batches, table.schema).append_column(name, positions)
        ascending = True
        if ROW_ID in table.schema.names:
            ids = table.column(ROW_ID).to_numpy()
            ascending = bool(np.all(ids[1:] > ids[:-1]))
        return cls(key, table, scan, name, ascending, batches, starts)

    def stable_order(self, column: str, descending: bool) -> Positions | None:
        """Positions sorted by one column, missing values last, ties in file order; None when
        Arrow cannot sort it the way DuckDB does (floats: Arrow keeps NaN with the nulls).

        Arrow's stable sort of integers, dates, booleans and strings is several times faster
        than a full DuckDB sort; with ``row_ids_ascending`` the ties are in ``__row_id`` order.
        """
        values = self.table.column(column)
        kind = values.type
        if pa.types.is_dictionary(kind) and pa.types.is_string(kind.value_type):
            values = _dictionary_ranks(values)
        elif not (
            pa.types.is_integer(kind)
            or pa.types.is_boolean(kind)
            or pa.types.is_date(kind)
            or pa.types.is_timestamp(kind)
            or pa.types.is_time(kind)
            or pa.types.is_duration(kind)
            or pa.types.is_string(kind)
            or pa.types.is_large_string(kind)
        ):
            return None
        direction = "descending" if descending else "ascending"
        indices = pc.sort_indices(pa.table({"v": values}), sort_keys=[("v", direction, "at_end")])
        positions: Positions = indices.to_numpy().astype(np.int64)
        return positions

    @property
    def num_rows(self) -> int:
        return int(self.table.num_rows)

    @property
    def nbytes(self) -> int:
        return int(self.table.nbytes) + 8 * self.num_rows

    def take(self, positions: Positions) -> pa.Table:
        """The rows at ``positions``, in that order.

        ``Table.take`` on a multi-chunk table concatenates every chunk first (~30 ms for
        1M x 20), so each batch is indexed on its own and the few rows are reordered after.
        """
        if len(positions) == 0:
            return self.table.schema.empty_table()
        order = np.argsort(positions, kind="stable")
        ordered = positions[order]
        chunk = np.searchsorted(self._starts, ordered, side="right") - 1
        parts = []
        for c in np.unique(chunk):
            local = ordered[chunk == c] - self._starts[c]
            parts.append(self._batches[int(c)].take(pa.array(local)))
        gathered = pa.Table.from_batches(parts, self.table.schema)
        return gathered.take(pa.array(np.argsort(order, kind="stable")))


def _dictionary_ranks(values: pa.ChunkedArray) -> pa.ChunkedArray:
    """Each value's rank among the column's distinct strings (nulls stay null)."""
    unified = values.unify_dictionaries()
    if unified.num_chunks == 0:
        return pa.chunked_array([], pa.int64())
    dictionary = unified.chunk(0).dictionary
    rank = pc.rank(dictionary, sort_keys="ascending", tiebreaker="dense")
    return pa.chunked_array([pc.take(rank, chunk.indices) for chunk in unified.chunks], pa.uint64())


def _dictionary_columns(meta: pq.FileMetaData) -> list[str]:
    """Columns whose every chunk has a small dictionary page (few distinct values).

    Reading those as Arrow dictionaries is 2-3x faster and smaller, and DuckDB filters them on
    the dictionary; a column with many distinct values (its dictionary page is a sizeable part
    of the chunk, or the writer fell back to plain pages) is read as plain values.
    """
    names = []
    for i in range(meta.num_columns):
        chunks = [meta.row_group(g).column(i) for g in range(meta.num_row_groups)]
        if chunks and all(
            c.has_dictionary_page
            and c.dictionary_page_offset is not None
            and (c.data_page_offset - c.dictionary_page_offset) * 10 < c.total_compressed_size
            for c in chunks
        ):
            names.append(chunks[0].path_in_schema)
    return names


class _Lru:
    """A least-recently-used map bounded by the total byte size of its values."""

    def __init__(self, max_bytes: int, size: Callable[[object], int]) -> None:
        self.max_bytes = max_bytes
        self._size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._bytes = 0

    def get(self, key: Hashable) -> object | None:
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        return None

    def put(self, key: Hashable, value: object) -> None:
        if key in self._items:
            self._bytes -= self._size(self._items.pop(key))
        self._items[key] = value
        self._bytes += self._size(value)
        while self._bytes > self.max_bytes and len(self._items) > 1:
            _, evicted = self._items.popitem(last=False)
            self._bytes -= self._size(evicted)

    def clear(self) -> None:
        self._items.clear()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._items)


def _nbytes(value: object) -> int:
    if isinstance(value, LoadedTable):
        return value.nbytes
    if isinstance(value, np.ndarray):
        return int(value.nbytes)
    return 0


class BrowseCache:
    """Process-wide browsing state, bounded by ``max_bytes`` for tables plus a quarter of it
    for sort orders and filter matches (0 disables the cache: queries read the file).
    """

    def __init__(self, max_bytes: int) -> None:
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()  # one decode at a time keeps peak memory bounded
        self._tables = _Lru(max_bytes, _nbytes)
        self._indexes = _Lru(max_bytes // 4, _nbytes)
        self._marks: OrderedDict[Hashable, None] = OrderedDict()

    @property
    def max_bytes(self) -> int:
        return self._tables.max_bytes

    @max_bytes.setter
    def max_bytes(self, value: int) -> None:
        with self._lock:
            self._tables.max_bytes = value
            self._indexes.max_bytes = value // 4
            if not value:
                self._tables.clear()
                self._indexes.clear()

    def table(self, path: Path) -> LoadedTable | None:
        """The decoded version, loading it on first use; None when it is too big to keep."""
        key = file_key(path)
        with self._lock:
            found = self._tables.get(key)
        if isinstance(found, LoadedTable):
            return found
        with self._load_lock:
            with self._lock:
                found = self._tables.get(key)  # another thread may have loaded it meanwhile
            if isinstance(found, LoadedTable):
                return found
            meta = pq.ParquetFile(path).metadata
            decoded = sum(meta.row_group(i).total_byte_size for i in range(meta.num_row_groups))
            if decoded > self.max_bytes // 2:
                return None
            table = pq.read_table(path, read_dictionary=_dictionary_columns(meta) or None)
            loaded = LoadedTable.build(key, table)
            with self._lock:
                self._tables.put(key, loaded)
        return loaded

    def get(self, loaded: LoadedTable, key: Hashable) -> Positions | None:
        """Cached row positions of ``loaded`` under ``key`` (a sort order, a filter's matches...)."""
        with self._lock:
            found = self._indexes.get((loaded.key, key))
        return found if isinstance(found, np.ndarray) else None

    def put(self, loaded: LoadedTable, key: Hashable, positions: Positions) -> Positions:
        """Keep ``positions`` under ``key`` (read-only from now on: requests share it)."""
        positions.flags.writeable = False
        with self._lock:
            self._indexes.put((loaded.key, key), positions)
        return positions

    def get_or_compute(
        self, loaded: LoadedTable, key: Hashable, compute: Callable[[], Positions]
    ) -> Positions:
        found = self.get(loaded, key)
        return found if found is not None else self.put(loaded, key, compute())

    def mark(self, loaded: LoadedTable, key: Hashable) -> None:
        """Remember a small fact about ``loaded`` (a bounded set of keys)."""
        with self._lock:
            self._marks[(loaded.key, key)] = None
            self._marks.move_to_end((loaded.key, key))
            while len(self._marks) > 1024:
                self._marks.popitem(last=False)

    def marked(self, loaded: LoadedTable, key: Hashable) -> bool:
        with self._lock:
            return (loaded.key, key) in self._marks

    def cached_indexes(self) -> int:
        """How many sort orders and filter match lists are held (for tests and metrics)."""
        with self._lock:
            return len(self._indexes)

    def clear(self) -> None:
        with self._lock:
            self._tables.clear()
            self._indexes.clear()
            self._marks.clear()
