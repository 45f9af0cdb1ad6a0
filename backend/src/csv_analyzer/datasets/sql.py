"""DuckDB helpers: safe identifier quoting and a configured in-memory connection.

Every connection the app opens gets a ``memory_limit`` and a thread count: DuckDB's default is
80 % of the machine's memory per connection, and one wide query once grew the server past
20 GB. The process configures the limits once at start-up (:func:`configure`, from settings).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import duckdb

from csv_analyzer.duckdb_limits import DuckDBLimits as Limits


def quote_ident(name: str) -> str:
    """Quote a column name for DuckDB SQL (names are checked to exist before use)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """Quote a string literal; only for trusted text such as our own file paths."""
    return "'" + text.replace("'", "''") + "'"


class _HasLimits(Protocol):
    @property
    def duckdb_limits(self) -> Limits: ...


_limits = Limits()
_shared_lock = threading.Lock()
_shared_db: duckdb.DuckDBPyConnection | None = None


def configure(limits: Limits) -> None:
    """Set the limits of every DuckDB database this process opens from now on (the shared one
    is reopened on next use; cursors still open on the old one keep it until they close)."""
    global _limits, _shared_db
    with _shared_lock:
        _limits = limits
        _shared_db = None


def configure_from(settings: _HasLimits) -> None:
    """Install the limits a settings object names (a worker does this before each job)."""
    configure(settings.duckdb_limits)


def current_limits() -> Limits:
    return _limits


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection with the process's limits (cheap: well under a
    millisecond); ``threads`` lowers the thread count for this connection."""
    limits = _limits
    config: dict[str, str | bool | int | float | list[str]] = {
        "memory_limit": limits.memory_limit,
        "threads": min(threads, limits.threads) if threads else limits.threads,
    }
    if limits.temp_directory:
        config["temp_directory"] = limits.temp_directory
    con = duckdb.connect(":memory:", config=config)
    con.execute("SET enable_progress_bar = false")  # it would print to the worker's stdout
    return con


def shared_cursor() -> duckdb.DuckDBPyConnection:
    """A cursor on a process-wide in-memory DuckDB database, for read-only queries.

    Opening a DuckDB connection costs about 50 ms on this machine, half of a page's budget; a
    cursor costs microseconds and is safe to use from one thread while others use theirs. Code
    that registers functions or changes settings must use :func:`connect` instead (those are
    shared between cursors).
    """
    global _shared_db
    with _shared_lock:
        if _shared_db is None:
            _shared_db = connect()
        return _shared_db.cursor()


def parquet_source(path: str | Path) -> str:
    """A FROM-clause expression reading a Parquet file we wrote (path quoted as a literal).

    Table functions in DuckDB cannot take prepared parameters everywhere (e.g. in CTEs reused by
    aggregates), and the path is ours, never user input, so a quoted literal is safe here.
    """
    return f"read_parquet({quote_literal(str(path))})"


def column_list(names: Iterable[str]) -> str:
    """Comma-separated quoted identifiers."""
    return ", ".join(quote_ident(n) for n in names)


def fetch_row(
    con: duckdb.DuckDBPyConnection, query: str, params: Mapping[str, object] | None = None
) -> tuple[Any, ...]:
    """Run a query expected to return one row and return it (empty tuple if none).

    DuckDB 2 refuses new work while a result is partly fetched, so results are always drained.
    """
    rows = con.execute(query, used_params(query, params) if params else None).fetchall()
    return tuple(rows[0]) if rows else ()


def used_params(query: str, params: Mapping[str, object]) -> dict[str, object]:
    """The named parameters a query references (DuckDB rejects unused ones)."""
    return {k: v for k, v in params.items() if re.search(rf"\${re.escape(k)}\b", query)}
