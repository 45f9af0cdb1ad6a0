"""Download helper: a dataset version as CSV, safe to open in a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from csv_analyzer.datasets.types import ROW_ID

# Cells starting with these characters are run as formulas by spreadsheet programs (CSV
# injection, OWASP); tab and carriage return are included because some programs strip them.
_FORMULA_START = r"^[=+\-@\t\r]"


def _escape(arr: pa.Array) -> pa.Array:
    risky = pc.fill_null(pc.match_substring_regex(arr, _FORMULA_START), False)
    if not pc.any(risky).as_py():
        return arr
    return pc.if_else(risky, pc.binary_join_element_wise("'", arr, ""), arr)


def write_csv(
    parquet_path: str | Path, out: str | Path | BinaryIO, *, batch_size: int = 64_000
) -> int:
    """Stream a dataset Parquet file to CSV, batch by batch.

    ``__row_id`` is dropped and text cells starting with ``=``, ``+``, ``-``, ``@`` (or tab/CR)
    get a leading single quote so spreadsheets show them instead of evaluating them. Typed
    columns (numbers, dates) are written as values, never escaped.

    Args:
        parquet_path: The version's Parquet file.
        out: A path or a binary stream (e.g. a response body or an object-store upload).
        batch_size: Rows per batch; memory stays bounded by one batch.

    Returns:
        The number of data rows written.
    """
    pf = pq.ParquetFile(parquet_path)
    names = [n for n in pf.schema_arrow.names if n != ROW_ID]
    schema = pa.schema([pf.schema_arrow.field(n) for n in names])
    rows = 0
    with pcsv.CSVWriter(out, schema) as writer:
        for batch in pf.iter_batches(batch_size=batch_size, columns=names):
            arrays = [
                _escape(col)
                if pa.types.is_string(col.type) or pa.types.is_large_string(col.type)
                else col
                for col in batch.columns
            ]
            writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=schema))
            rows += batch.num_rows
    return rows
