"""The resources a DuckDB database may use: set from the settings, installed by each process."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class DuckDBLimits:
    """Resources one DuckDB database may use.

    Attributes:
        memory_limit: DuckDB's ``memory_limit`` (``"1GB"``, ``"512MB"``); a query needing more
            spills to ``temp_directory`` where it can, or fails with ``OutOfMemoryException``.
        threads: Worker threads per database.
        temp_directory: Where spilled data goes ("" = DuckDB's default, ``.tmp`` in the
            working directory).
    """

    memory_limit: str = "1GB"
    threads: int = 2
    temp_directory: str = ""
