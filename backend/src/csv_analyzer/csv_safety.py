"""CSV formula injection: the one rule every CSV the server writes goes through (pure).

Spreadsheet programs run a cell starting with ``=``, ``+``, ``-`` or ``@`` as a formula (OWASP "CSV
injection"); tab and carriage return are included because some programs strip them first. Such a
cell gets a leading single quote, which spreadsheets show as text, and so do header names.

What is left as it is, by decision:
- typed columns (numbers, booleans, dates) are written as values: ``-3.5`` in a float column stays
  a number;
- a text cell that is nothing but a signed number literal (``-12``, ``+3.5``, ``-1,5``, ``-2e-3``)
  stays too: a spreadsheet reads it as that number and it cannot call anything, while quoting it
  would break negative numbers read back from a CSV (batch input columns are text).
  ``-2+3`` or ``-1+cmd|...`` are not literals and are escaped.

Machine consumers that want the exact text opt out per download (``?escape_formulas=false``).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

_RISKY = r"^[=+\-@\t\r]"
_NUMBER = r"^[-+]\d[\d.,]*([eE][-+]?\d+)?$"
_RISKY_RE = re.compile(_RISKY)
_NUMBER_RE = re.compile(_NUMBER)


def escape_text(value: str) -> str:
    """One cell or header name, spreadsheet-safe (see the module docstring for the rule)."""
    if _RISKY_RE.match(value) and not _NUMBER_RE.match(value):
        return "'" + value
    return value


def _is_text(t: pa.DataType) -> bool:
    return bool(pa.types.is_string(t) or pa.types.is_large_string(t))


def escape_array(arr: pa.Array) -> pa.Array:
    """A column, spreadsheet-safe: text cells get the rule, other types are returned as they are."""
    if not _is_text(arr.type):
        return arr
    risky = pc.fill_null(pc.match_substring_regex(arr, _RISKY), False)
    if not pc.any(risky).as_py():
        return arr
    risky = pc.and_(risky, pc.invert(pc.fill_null(pc.match_substring_regex(arr, _NUMBER), False)))
    quoted = pc.binary_join_element_wise(pa.scalar("'", arr.type), arr, pa.scalar("", arr.type))
    return pc.if_else(risky, quoted, arr)


def escape_schema(schema: pa.Schema) -> pa.Schema:
    """The same schema with spreadsheet-safe column names (a header cell is a cell too)."""
    return pa.schema([field.with_name(escape_text(field.name)) for field in schema])


def escape_batch(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """A record batch with every text column escaped, under ``schema`` (from `escape_schema`)."""
    return pa.RecordBatch.from_arrays([escape_array(c) for c in batch.columns], schema=schema)


def escape_csv(path: str | Path, out: BinaryIO, *, block_size: int = 4 << 20) -> int:
    """Copy a CSV file the server wrote (UTF-8, comma, ``"`` quotes) with formulas escaped.

    Cells are read as text, so a number is kept by the number-literal rule; the file is streamed
    block by block, so memory stays bounded whatever its size.

    Returns:
        The number of data rows written.
    """
    with Path(path).open(newline="", encoding="utf-8") as f:
        header = next(csv.reader(f), [])
    if not header:
        return 0
    reader = pcsv.open_csv(
        path,
        read_options=pcsv.ReadOptions(block_size=block_size),
        parse_options=pcsv.ParseOptions(newlines_in_values=True),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(header, pa.string()),
            null_values=[""],
            strings_can_be_null=True,
            quoted_strings_can_be_null=False,
        ),
    )
    schema = escape_schema(reader.schema)
    rows = 0
    with pcsv.CSVWriter(out, schema) as writer:
        for batch in reader:
            writer.write_batch(escape_batch(batch, schema))
            rows += batch.num_rows
    return rows
