"""Fixtures shared by the datasets tests: messy CSV files written on the fly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from csv_analyzer.datasets.ingest.reader import IngestReport, ingest_csv

BENCH = Path(__file__).resolve().parents[4] / "shared" / "bench"
if not BENCH.exists():  # CI checks out shared/ beside the repository
    BENCH = Path("/work/shared/bench")

WriteCsv = Callable[..., Path]


@pytest.fixture
def bench() -> Path:
    """Folder of real, clean CSV files (shared/bench)."""
    return BENCH


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write text (encoded) or bytes to a CSV file in tmp_path and return its path."""

    def write(content: str | bytes, *, name: str = "data.csv", encoding: str = "utf-8") -> Path:
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode(encoding))
        return path

    return write


@pytest.fixture
def ingest(tmp_path: Path) -> Callable[..., tuple[IngestReport, Path]]:
    """Ingest a CSV path into tmp_path/out.parquet and return (report, parquet path)."""

    def run(src: Path, **kwargs: object) -> tuple[IngestReport, Path]:
        dst = tmp_path / "out.parquet"
        return ingest_csv(src, dst, **kwargs), dst  # type: ignore[arg-type]

    return run
