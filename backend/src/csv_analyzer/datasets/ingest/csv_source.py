"""Reading a CSV file the one way the app knows: used by dataset upload and by batch scoring.

A file is sniffed once (encoding, delimiter, header, decimal and thousands separators), its header
cleaned (:func:`headers.dedupe_headers`), then read block by block as *strings* by pyarrow's
streaming reader with the app's null tokens and quoted multi-line values. Typing the strings is
the caller's job (ingest infers kinds, batch scoring casts to the model's feature types), both with
:mod:`parsing`. When a read fails half-way for a reason a second read can fix (a value larger
than a block, non-UTF-8 bytes after the sniffed sample), :func:`recover` says how to read again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from csv_analyzer.datasets.errors import IngestError
from csv_analyzer.datasets.ingest import parsing
from csv_analyzer.datasets.ingest.headers import HeaderRename, dedupe_headers
from csv_analyzer.datasets.ingest.parsing import NumberFormat
from csv_analyzer.datasets.ingest.sniff import CsvDialect, sniff_sample

DEFAULT_BLOCK_SIZE = 4 << 20
MAX_BLOCK_SIZE = 1 << 30

InvalidRowHandler = Callable[[pcsv.InvalidRow], str]


@dataclass(frozen=True)
class CsvLayout:
    """How a file is written and what its columns are called.

    Attributes:
        dialect: The sniffed dialect.
        names: Unique, non-empty column names (``column_<n>`` for a file without a header).
        renames: Header cells that had to be renamed to get there.
    """

    dialect: CsvDialect
    names: list[str]
    renames: list[HeaderRename]

    @property
    def number_format(self) -> NumberFormat:
        """The decimal and thousands separators numbers in this file use."""
        return NumberFormat(self.dialect.decimal, self.dialect.thousands)


def detect_layout(path: str | Path, *, max_columns: int) -> CsvLayout:
    """Sniff a CSV file and name its columns.

    Args:
        path: The CSV file.
        max_columns: Files with more columns are refused.

    Returns:
        The dialect and the column names.

    Raises:
        IngestError: ``empty_file``, ``binary_file`` (NUL or control bytes), ``undecodable`` or
            ``too_many_columns``.
    """
    sniffed = sniff_sample(Path(path))
    dialect, rows = sniffed.dialect, sniffed.rows
    width = len(rows[0]) if rows else 1
    if width > max_columns:
        raise IngestError(
            "too_many_columns",
            f"The file has {width} columns; at most {max_columns} are supported.",
            {"columns": width, "max_columns": max_columns},
        )
    raw = rows[0] if dialect.has_header and rows else [f"column_{i + 1}" for i in range(width)]
    names, renames = dedupe_headers(raw)
    return CsvLayout(dialect=dialect, names=names, renames=renames)


def open_reader(
    f: BinaryIO | pa.NativeFile,
    dialect: CsvDialect,
    names: list[str],
    block_size: int,
    on_invalid: InvalidRowHandler,
) -> pcsv.CSVStreamingReader:
    """A streaming reader giving every column as strings (null tokens are null).

    Rows with the wrong number of fields go to ``on_invalid`` (return ``"skip"`` to drop them).
    """
    encoding = "utf8" if dialect.encoding in ("utf-8", "utf-8-sig") else dialect.encoding
    # A native file reads into Arrow's pool; a Python file object costs a bytes copy per read.
    source = f if isinstance(f, pa.NativeFile) else pa.PythonFile(f, mode="r")
    return pcsv.open_csv(
        source,
        # Single-threaded parsing keeps record numbers for rejected rows; the streaming reader
        # was measured no slower this way on 2 cores (conversion dominates, not parsing).
        read_options=pcsv.ReadOptions(
            use_threads=False, block_size=block_size, column_names=names, encoding=encoding
        ),
        parse_options=pcsv.ParseOptions(
            delimiter=dialect.delimiter,
            quote_char=dialect.quotechar,
            newlines_in_values=True,
            invalid_row_handler=on_invalid,
        ),
        convert_options=pcsv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            null_values=list(parsing.NULL_TOKENS),
            strings_can_be_null=True,
        ),
    )


def string_batches(reader: pcsv.CSVStreamingReader, skip_header: bool) -> Iterator[pa.RecordBatch]:
    """The reader's non-empty blocks, without the header record."""
    first = True
    for batch in reader:
        if first and skip_header:
            batch = batch.slice(1)
        first = False
        if batch.num_rows:
            yield batch


def csv_bytes(batch: pa.RecordBatch) -> int:
    """About how many bytes of the file `batch` came from: its text plus one separator a field.

    The reader's file position can't say: pyarrow reads ahead of the blocks it hands out.
    """
    text = sum(int(pc.sum(pc.binary_length(column)).as_py() or 0) for column in batch.columns)
    return text + int(batch.num_rows) * int(batch.num_columns)


def recover(
    exc: Exception, dialect: CsvDialect, block_size: int, warnings: list[str]
) -> tuple[CsvDialect, int]:
    """How to read the file again after a read failed with ``exc``, or the user's error.

    Args:
        exc: What the read raised (``pa.ArrowInvalid`` or ``UnicodeDecodeError``).
        dialect: The dialect of the failed read.
        block_size: The block size of the failed read.
        warnings: A note for the user is appended when the encoding changes.

    Returns:
        The dialect and block size for the next read.

    Raises:
        IngestError: ``undecodable`` or ``malformed_csv`` when reading again cannot help.
    """
    if isinstance(exc, UnicodeDecodeError):
        if dialect.encoding != "latin-1":
            warnings.append(
                f"Bytes undefined in {dialect.encoding} found; the file was read as latin-1."
            )
            return dialect.model_copy(update={"encoding": "latin-1"}), block_size
        raise IngestError("undecodable", f"The file cannot be decoded: {exc}") from exc
    msg = str(exc)
    if "straddl" in msg and block_size < MAX_BLOCK_SIZE:
        return dialect, block_size * 8  # a single value larger than a block: bigger blocks
    if "UTF8" in msg and dialect.ascii_sample:
        warnings.append(
            "Non-UTF-8 bytes appear after the first megabyte; the file was read as cp1252."
        )
        return dialect.model_copy(update={"encoding": "cp1252", "ascii_sample": False}), block_size
    code = "undecodable" if "UTF8" in msg else "malformed_csv"
    raise IngestError(code, f"The CSV file cannot be parsed: {msg}", {}) from exc
