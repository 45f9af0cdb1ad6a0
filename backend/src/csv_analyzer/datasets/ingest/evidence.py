"""Semantic-typing statistics gathered while ingest writes the typed blocks (no second read).

:func:`semantics.column_evidence` computes :class:`ColumnEvidence` from a written Parquet file;
doing it on the blocks already in memory saves reading the file back for most columns. Counts,
bounds, lengths and spaces are running sums. Distinct values are counted exactly (each block's
distinct values merged into a running set) for as long as the old file-based analysis counted
exactly, that is up to 200,000 rows, and beyond that while a column has at most 1,000 distinct
values (the categorical range, where the exact count decides the type). An integer column needs
no count once it has shown a repeat and three values, nor when its values only ever increase
(row numbers, keys: unique). The remaining columns, high-cardinality strings of long files and
unordered integers with no repeat seen, are *deferred*: the caller analyses just those on the
written file, as before (HyperLogLog, exact only when nearly unique).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from csv_analyzer.datasets.types import CATEGORICAL_MAX_DISTINCT, ColumnEvidence

EXACT_ROWS = 200_000
"""Values counted exactly whatever the distinct count (the file-based analysis' limit as well)."""
_MIN_MERGE = 1 << 16
"""Unmerged distinct values kept before the first merge (merging tiny sets costs more than it saves)."""


def needs_evidence(t: pa.DataType) -> bool:
    """Whether a physical type has a semantic choice to make (see ``infer_semantic_type``)."""
    return bool(pa.types.is_integer(t) or pa.types.is_string(t) or pa.types.is_large_string(t))


@dataclass
class EvidenceTally:
    """Running statistics of one column, fed block by block with its typed arrays."""

    arrow_type: pa.DataType | None = None
    values: int = 0
    non_null: int = 0
    low: float | None = None
    high: float | None = None
    length_sum: int = 0
    spaces: int = 0
    repeats: bool = False
    """A value was seen twice."""
    increasing: bool = True
    """Every value so far is present and larger than the one before (integers only)."""
    counting: bool = True
    _last: int | None = None
    _merged: pa.Array | None = None
    _pending: list[pa.Array] = field(default_factory=list)
    _pending_len: int = 0

    @property
    def deferred(self) -> bool:
        """Whether the distinct count is left to the written file (see the module docstring)."""
        if self.counting or self.non_null == 0:
            return False
        if self.arrow_type is not None and pa.types.is_integer(self.arrow_type):
            return not self.repeats and not self.increasing
        return True

    def observe(self, arr: pa.Array) -> None:
        """Add one typed block (integer or string; other types only count rows)."""
        self.values += len(arr)
        self.arrow_type = arr.type
        if not needs_evidence(arr.type):
            return
        present = len(arr) - arr.null_count
        self.non_null += present
        is_int = pa.types.is_integer(arr.type)
        if is_int:
            self._track_order(arr)
        if present == 0:
            return
        if is_int:
            bounds = pc.min_max(arr).as_py()
            low, high = float(bounds["min"]), float(bounds["max"])
            self.low = low if self.low is None else min(self.low, low)
            self.high = high if self.high is None else max(self.high, high)
        elif not self.deferred:
            self.length_sum += int(pc.sum(pc.utf8_length(arr)).as_py() or 0)
            spaces = pc.sum(pc.cast(pc.match_substring(arr, " "), pa.int64())).as_py()
            self.spaces += int(spaces or 0)
        if self.counting:
            self._add_distinct(arr, present)

    def _track_order(self, arr: pa.Array) -> None:
        if not self.increasing or len(arr) == 0:
            return
        if arr.null_count or (self._last is not None and arr[0].as_py() <= self._last):
            self.increasing = False
            return
        if len(arr) > 1:
            smallest_step = pc.min(pc.pairwise_diff(arr)).as_py()
            if smallest_step is None or smallest_step <= 0:
                self.increasing = False
                return
        self._last = arr[len(arr) - 1].as_py()

    def _add_distinct(self, arr: pa.Array, present: int) -> None:
        distinct = pc.unique(arr).drop_null()
        if len(distinct) < present:
            self.repeats = True
        self._pending.append(distinct)
        self._pending_len += len(distinct)
        if self._pending_len > max(_MIN_MERGE, 2 * len(self._merged or ())):
            self._merge()
        at_least = self._distinct_lower()
        is_int = pa.types.is_integer(arr.type)
        if (is_int and self.repeats and at_least > 2) or (
            self.values > EXACT_ROWS and at_least > CATEGORICAL_MAX_DISTINCT
        ):
            # An integer column's type only asks "at most two values?" and "unique per row?"; a
            # string column beyond the categorical range only "nearly unique?" (deferred).
            self.counting = False
            self._merged, self._pending, self._pending_len = None, [], 0

    def _distinct_lower(self) -> int:
        """A lower bound of the distinct count (the largest set seen so far)."""
        return max([len(self._merged or ()), *(len(p) for p in self._pending)])

    def _merge(self) -> None:
        parts = ([self._merged] if self._merged is not None else []) + self._pending
        combined = pa.concat_arrays(parts) if len(parts) > 1 else parts[0]
        self._merged = pc.unique(combined)
        if len(self._merged) < len(combined):
            self.repeats = True
        self._pending, self._pending_len = [], 0

    def distinct(self) -> int:
        """Distinct non-missing values: exact while counting; for an integer column that stopped,
        its non-missing count when its values only increase, else some number above 2 and below
        that count (all its type asks)."""
        if not self.counting:
            if self.deferred:
                raise ValueError("the distinct count of a deferred column comes from the file")
            return self.non_null if self.increasing else max(3, self.non_null - 1)
        if self._pending:
            self._merge()
        return len(self._merged) if self._merged is not None else 0

    def evidence(self, name: str, rows: int) -> ColumnEvidence | None:
        """The statistics :func:`infer_semantic_type` reads for a column of ``rows`` rows, or None
        for a deferred column."""
        if self.deferred:
            return None
        t = self.arrow_type if self.arrow_type is not None else pa.string()
        is_int = pa.types.is_integer(t)
        has_text = self.non_null > 0 and not is_int
        return ColumnEvidence(
            name=name,
            arrow_type=t,
            rows=rows,
            non_null=self.non_null,
            distinct=self.distinct() if self.non_null else 0,
            min_value=self.low if is_int else None,
            max_value=self.high if is_int else None,
            avg_length=self.length_sum / self.non_null if has_text else None,
            whitespace_share=self.spaces / self.non_null if has_text else None,
        )
