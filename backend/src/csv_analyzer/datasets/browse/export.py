"""Download helper: a dataset version as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from csv_analyzer import csv_safety
from csv_analyzer.datasets.types import ROW_ID


def write_csv(
    parquet_path: str | Path,
    out: str | Path | BinaryIO,
    *,
    batch_size: int = 64_000,
    escape_formulas: bool = True,
) -> int:
    """Stream a dataset Parquet file to CSV, batch by batch.

    ``__row_id`` is dropped. Header names and text cells that a spreadsheet would run as a formula
    get a leading single quote (:mod:`csv_analyzer.csv_safety`); typed columns (numbers, dates)
    are written as values, never escaped.

    Args:
        parquet_path: The version's Parquet file.
        out: A path or a binary stream (e.g. a response body or an object-store upload).
        batch_size: Rows per batch; memory stays bounded by one batch.
        escape_formulas: False writes every cell and name exactly as stored (machine consumers).

    Returns:
        The number of data rows written.
    """
    pf = pq.ParquetFile(parquet_path)
    names = [n for n in pf.schema_arrow.names if n != ROW_ID]
    schema = pa.schema([pf.schema_arrow.field(n) for n in names])
    if escape_formulas:
        schema = csv_safety.escape_schema(schema)
    rows = 0
    with pcsv.CSVWriter(out, schema) as writer:
        for batch in pf.iter_batches(batch_size=batch_size, columns=names):
            if escape_formulas:
                writer.write_batch(csv_safety.escape_batch(batch, schema))
            else:
                writer.write_batch(pa.RecordBatch.from_arrays(batch.columns, schema=schema))
            rows += batch.num_rows
    return rows
