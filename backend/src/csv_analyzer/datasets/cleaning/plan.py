"""The state of a cleaning plan: a chain of DuckDB SELECTs plus the columns it produces.

Each operation wraps the previous query as a subquery. User values are bound as named
parameters (``$p0``, ``$p1``...), identifiers are quoted after checking they exist, and
data-dependent checks (cast failures, imputation values) run against the chain so far — all
before a single byte is written.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from csv_analyzer.datasets.errors import OperationError
from csv_analyzer.datasets.sql import fetch_row, quote_ident, used_params
from csv_analyzer.datasets.types import ROW_ID, SemanticType

_SQL_TYPES = {
    "int64": "BIGINT",
    "double": "DOUBLE",
    "bool": "BOOLEAN",
    "string": "VARCHAR",
    "large_string": "VARCHAR",
    "date32[day]": "DATE",
    "timestamp[us]": "TIMESTAMP",
    "timestamp[us, tz=UTC]": "TIMESTAMPTZ",
}


def sql_type(t: pa.DataType) -> str:
    """DuckDB type name for an Arrow type produced by ingest or cleaning."""
    return _SQL_TYPES.get(str(t), "VARCHAR")


@dataclass
class StepReport:
    """What one operation did (``rows_after`` is counted for row-removing operations)."""

    index: int
    op: str
    message: str
    rows_after: int | None = None


@dataclass
class Plan:
    """A lazily evaluated query chain over a source Parquet file."""

    con: duckdb.DuckDBPyConnection
    sql: str
    columns: list[str]
    arrow_types: dict[str, pa.DataType]
    semantic: dict[str, SemanticType]
    params: dict[str, object] = field(default_factory=dict)
    steps: list[StepReport] = field(default_factory=list)
    index: int = 0
    op: str = ""
    _counter: int = 0

    # --- building -------------------------------------------------------------------------
    def param(self, value: object) -> str:
        """Register a bound parameter and return its placeholder."""
        name = f"p{self._counter}"
        self._counter += 1
        self.params[name] = value
        return f"${name}"

    def select(self, exprs: dict[str, str], where: str | None = None, suffix: str = "") -> None:
        """Wrap the chain: ``SELECT <expr AS name>... FROM (chain) [WHERE ...]``."""
        items = ", ".join(f"{e} AS {quote_ident(n)}" for n, e in exprs.items())
        self.sql = (
            f"SELECT {items} FROM ({self.sql}) AS t" + (f" WHERE {where}" if where else "") + suffix  # noqa: S608 (identifiers quoted, values bound)
        )
        self.columns = list(exprs)

    def identity(self) -> dict[str, str]:
        """Expressions selecting every current column unchanged (to edit one of them)."""
        return {n: quote_ident(n) for n in self.columns}

    # --- running checks -------------------------------------------------------------------
    def value(self, expr: str, extra_params: dict[str, object] | None = None) -> Any:
        """Evaluate one aggregate expression over the chain so far."""
        row = fetch_row(
            self.con,
            f"SELECT {expr} FROM ({self.sql}) AS t",  # noqa: S608 (identifiers quoted, values bound)
            {**self.params, **(extra_params or {})},
        )
        return row[0] if row else None

    def rows(self) -> int:
        """Number of rows the chain currently produces."""
        return int(self.value("count(*)") or 0)

    def samples(self, where: str, column: str, limit: int = 5) -> list[str]:
        """Up to ``limit`` distinct values of ``column`` in rows matching ``where``."""
        q = quote_ident(column)
        query = f"SELECT DISTINCT CAST({q} AS VARCHAR) FROM ({self.sql}) AS t WHERE {where} LIMIT {int(limit)}"  # noqa: S608 (identifiers quoted, values bound)
        found = self.con.execute(query, used_params(query, self.params)).fetchall()
        return [str(r[0])[:80] for r in found]

    # --- validation -----------------------------------------------------------------------
    def error(self, code: str, message: str, **details: Any) -> OperationError:
        """An error naming the operation index and kind."""
        return OperationError(
            code,
            f"Operation {self.index + 1} ({self.op}): {message}",
            {"index": self.index, "op": self.op, **details},
        )

    def require(self, column: str, *, allow_row_id: bool = False) -> str:
        """Check a column exists (and is not ``__row_id``); return it quoted."""
        if column == ROW_ID and not allow_row_id:
            raise self.error(
                "reserved_column", f"{ROW_ID} cannot be changed or dropped.", column=column
            )
        if column not in self.columns:
            raise self.error(
                "unknown_column",
                f"unknown column {column!r}.",
                column=column,
                available=self.data_columns,
            )
        return quote_ident(column)

    @property
    def data_columns(self) -> list[str]:
        """Current columns except ``__row_id``."""
        return [c for c in self.columns if c != ROW_ID]

    def done(self, message: str, *, count_rows: bool = False) -> None:
        """Record the step's outcome in the report."""
        self.steps.append(
            StepReport(self.index, self.op, message, self.rows() if count_rows else None)
        )
