"""CSV -> Parquet ingest: streaming read, type inference, row ids, and a report.

The file is read block by block with pyarrow's streaming CSV reader (every column as strings) and
each block is converted with Arrow compute (:mod:`parsing`). Column kinds are guessed on the first
block and widened when a later block disagrees (int -> float -> string); typed blocks are written
straight to Parquet, so a well-behaved file is read exactly once. Only when a column had to be
widened is the file read again with the final kinds (earlier row groups already hold the old
type). Memory stays bounded by a few blocks plus one row group, whatever the file size.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from csv_analyzer.datasets.errors import IngestError
from csv_analyzer.datasets.ingest import csv_source
from csv_analyzer.datasets.ingest.column_state import OVERRIDE_KINDS, ColumnState, convert_block
from csv_analyzer.datasets.ingest.parsing import NumberFormat
from csv_analyzer.datasets.ingest.report import ColumnReport, IngestReport, RejectedRow
from csv_analyzer.datasets.ingest.semantics import semantic_types_from
from csv_analyzer.datasets.ingest.sniff import CsvDialect, sniff
from csv_analyzer.datasets.ingest.units import NUMBER_TYPES
from csv_analyzer.datasets.parquet_io import ParquetBatchWriter, prefetch
from csv_analyzer.datasets.types import ROW_ID, SemanticType

__all__ = [
    "ColumnReport",
    "CsvDialect",
    "IngestError",
    "IngestReport",
    "RejectedRow",
    "ingest_csv",
    "sniff",
]

DEFAULT_MAX_COLUMNS = 10_000
"""Widest file accepted. 10,000 columns ingest in seconds; wider files get ``too_many_columns``."""
DEFAULT_BLOCK_SIZE = 2 << 20
"""Half the reader's default: pyarrow's streaming reader holds several blocks ahead, and on a
216 MB file 2 MB blocks kept peak RSS at ~1.8x the file instead of ~2.2x, in the same time
(1 MB blocks were ~15% slower)."""
MAX_REJECTED_SHARE = 0.01
MAX_REPORTED_REJECTS = 100

ProgressCallback = Callable[[str, float], None]
"""Called as ``progress(phase, fraction)``; phase is ``"read"``, ``"reread"`` or ``"analyze"``."""


@dataclass
class _Pass:
    rows: int = 0
    widened: bool = False
    rejected: list[RejectedRow] = field(default_factory=list)
    rejected_count: int = 0


def _run_pass(
    path: Path,
    out: Path,
    dialect: CsvDialect,
    names: list[str],
    cols: list[ColumnState],
    overrides: Mapping[str, SemanticType],
    block_size: int,
    progress: Callable[[float], None],
    warnings: list[str],
) -> _Pass:
    state = _Pass()
    fmt = NumberFormat(dialect.decimal, dialect.thousands)
    total = max(path.stat().st_size, 1)
    consumed = 0

    def on_invalid(row: pcsv.InvalidRow) -> str:
        state.rejected_count += 1
        if len(state.rejected) < MAX_REPORTED_REJECTS:
            state.rejected.append(
                RejectedRow(
                    line=row.number or 0,
                    expected_fields=row.expected_columns,
                    actual_fields=row.actual_columns,
                    text=row.text[:200],
                )
            )
        return "skip"

    writer: ParquetBatchWriter | None = None
    with (
        pa.OSFile(str(path)) as f,
        ThreadPoolExecutor(max_workers=1) as reader_pool,
        ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool,
    ):
        reader = csv_source.open_reader(f, dialect, names, block_size, on_invalid)

        def convert(pair: tuple[ColumnState, pa.Array]) -> pa.Array | None:
            col = pair[0]
            out = convert_block(col, pair[1], fmt, overrides.get(col.name), warnings)
            if out is not None and not state.widened:
                # Typing statistics on the block in hand: the written file is never read back.
                col.evidence.observe(out)
            return out

        try:
            for batch in prefetch(
                csv_source.string_batches(reader, dialect.has_header), reader_pool
            ):
                arrays: list[pa.Array] = []
                # Columns convert in parallel: Arrow kernels release the GIL.
                pairs = zip(cols, batch.columns, strict=True)
                # Small blocks (wide files) convert faster without the thread hand-off.
                results = (
                    pool.map(convert, pairs) if batch.num_rows >= 10_000 else map(convert, pairs)
                )
                for converted in results:
                    if converted is None:
                        state.widened = True  # written row groups hold the old type: read again
                    elif not state.widened:
                        arrays.append(converted)
                if not state.widened:
                    row_ids = pa.array(
                        np.arange(state.rows, state.rows + batch.num_rows, dtype=np.int64)
                    )
                    typed = pa.RecordBatch.from_arrays([row_ids, *arrays], names=[ROW_ID, *names])
                    if writer is None:
                        writer = ParquetBatchWriter(out, typed.schema)
                    writer.write(typed)
                    for col, arr in zip(cols, arrays, strict=True):
                        col.missing += arr.null_count
                state.rows += batch.num_rows
                consumed += csv_source.csv_bytes(batch)
                progress(min(consumed / total, 1.0))
            progress(1.0)  # the estimate misses quotes and null tokens: end at exactly 1
        finally:
            if writer is not None:
                writer.close()
    return state


def _check_rejects(state: _Pass) -> None:
    total = state.rows + state.rejected_count
    if state.rejected_count and (
        state.rejected_count > MAX_REJECTED_SHARE * total or state.rows == 0
    ):
        first = state.rejected[0]
        raise IngestError(
            "ragged_rows",
            f"{state.rejected_count} of {total} rows have the wrong number of fields (first at line "
            f"{first.line}: {first.actual_fields} fields, expected {first.expected_fields}). "
            "Check the delimiter and quoting.",
            {
                "rejected_row_count": state.rejected_count,
                "rows": [r.model_dump() for r in state.rejected[:20]],
            },
        )


def _phase_progress(progress: ProgressCallback | None, phase: str) -> Callable[[float], None]:
    def report(fraction: float) -> None:
        if progress is not None:
            progress(phase, fraction)

    return report


def _read_all(
    path: Path,
    tmp: Path,
    dialect: CsvDialect,
    names: list[str],
    cols: list[ColumnState],
    overrides: Mapping[str, SemanticType],
    progress: ProgressCallback | None,
    warnings: list[str],
) -> tuple[_Pass, CsvDialect, int]:
    block_size, passes = DEFAULT_BLOCK_SIZE, 0
    while True:
        passes += 1
        phase = "read" if passes == 1 else "reread"
        try:
            state = _run_pass(
                path,
                tmp,
                dialect,
                names,
                cols,
                overrides,
                block_size,
                _phase_progress(progress, phase),
                warnings,
            )
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            dialect, block_size = csv_source.recover(exc, dialect, block_size, warnings)
            continue
        if not state.widened:
            return state, dialect, passes
        for col in cols:
            col.restart()


def ingest_csv(
    src_path: str | Path,
    dst_parquet_path: str | Path,
    *,
    type_overrides: Mapping[str, SemanticType | str] | None = None,
    max_columns: int = DEFAULT_MAX_COLUMNS,
    progress: ProgressCallback | None = None,
) -> IngestReport:
    """Read a CSV file into a typed Parquet file with a ``__row_id`` column.

    Args:
        src_path: The uploaded CSV file (size limits are the upload layer's job).
        dst_parquet_path: Where to write the Parquet file (written to a temporary sibling first,
            then renamed, so a failed ingest never leaves a partial file).
        type_overrides: Semantic type per column name, forcing how the column is parsed
            (``text`` keeps zip codes' leading zeros, ``numeric`` fails loudly on non-numbers).
        max_columns: Files with more columns are rejected with ``too_many_columns``.
        progress: Optional ``progress(phase, fraction)`` callback, called once per block.

    Returns:
        The ingest report (rows, typed columns, renames, rejected rows, warnings, dialect).

    Raises:
        IngestError: ``empty_file``, ``header_only``, ``binary_file``, ``undecodable``,
            ``ragged_rows``, ``too_many_columns``, ``unknown_column``, ``type_override_failed``
            or ``malformed_csv``.
    """
    src, dst = Path(src_path), Path(dst_parquet_path)
    layout = csv_source.detect_layout(src, max_columns=max_columns)
    dialect, names, renames = layout.dialect, layout.names, layout.renames
    overrides = {k: SemanticType(v) for k, v in (type_overrides or {}).items()}
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise IngestError(
            "unknown_column",
            f"Type overrides name unknown columns: {', '.join(unknown)}.",
            {"columns": unknown, "available": names},
        )
    cols = [
        ColumnState(n, allowed=OVERRIDE_KINDS[overrides[n]] if n in overrides else None)
        for n in names
    ]
    warnings = [
        f"Header {r.original!r} (column {r.position}) renamed to {r.new!r}." for r in renames
    ]
    tmp = dst.with_name(dst.name + ".partial")
    try:
        state, dialect, passes = _read_all(
            src, tmp, dialect, names, cols, overrides, progress, warnings
        )
        _check_rejects(state)
        if state.rows == 0:
            code = "header_only" if dialect.has_header else "empty_file"
            raise IngestError(
                code,
                "The file has a header but no data rows."
                if dialect.has_header
                else "The file has no data rows.",
            )
        if progress:
            progress("analyze", 0.0)
        types = semantic_types_from(tmp, {c.name: c.evidence for c in cols}, state.rows, overrides)
        os.replace(tmp, dst)
    finally:
        tmp.unlink(missing_ok=True)
    if state.rejected_count:
        warnings.append(
            f"{state.rejected_count} rows with the wrong number of fields were skipped."
        )
    schema = pq.read_schema(dst)
    by_raw = {r.new: r.original for r in renames}
    columns = [
        ColumnReport(
            name=c.name,
            original_name=by_raw.get(c.name, c.name),
            semantic_type=types[c.name],
            arrow_type=str(schema.field(c.name).type),
            missing=c.missing,
            unit=c.units.unit() if types[c.name] in NUMBER_TYPES else None,
        )
        for c in cols
    ]
    return IngestReport(
        rows=state.rows,
        columns=columns,
        renamed_headers=renames,
        rejected_rows=state.rejected,
        rejected_row_count=state.rejected_count,
        warnings=warnings,
        dialect=dialect,
        passes=passes,
    )
