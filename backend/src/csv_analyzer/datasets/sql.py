"""DuckDB helpers: safe identifier quoting and a configured in-memory connection."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb


def quote_ident(name: str) -> str:
    """Quote a column name for DuckDB SQL (names are checked to exist before use)."""
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    """Quote a string literal; only for trusted text such as our own file paths."""
    return "'" + text.replace("'", "''") + "'"


def connect(threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB connection (cheap: well under a millisecond)."""
    config: dict[str, str | bool | int | float | list[str]] = {}
    if threads:
        config["threads"] = threads
    return duckdb.connect(":memory:", config=config)


def parquet_source(path: str | Path) -> str:
    """A FROM-clause expression reading a Parquet file we wrote (path quoted as a literal).

    Table functions in DuckDB cannot take prepared parameters everywhere (e.g. in CTEs reused by
    aggregates), and the path is ours, never user input, so a quoted literal is safe here.
    """
    return f"read_parquet({quote_literal(str(path))})"


def column_list(names: Iterable[str]) -> str:
    """Comma-separated quoted identifiers."""
    return ", ".join(quote_ident(n) for n in names)
