"""The "predictions.batch" job: score a CSV upload or a dataset version chunk by chunk.

Rows are validated leniently: a row with a missing required feature or a value of the wrong type
gets an empty prediction and a message in the `_prediction_error` column instead of failing the
job. The output is the input with `prediction`, `probability_<label>` and `_prediction_error`
columns appended, written to the object store.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlalchemy import select

from csv_analyzer.datasets.errors import IngestError
from csv_analyzer.datasets.ingest import csv_source
from csv_analyzer.datasets.ingest.reader import DEFAULT_MAX_COLUMNS
from csv_analyzer.datasets.models import DatasetVersion
from csv_analyzer.jobs.context import JobContext, JobFailed
from csv_analyzer.jobs.specs import read_spec
from csv_analyzer.predictions import batch
from csv_analyzer.predictions.batch_input import FeatureCaster
from csv_analyzer.predictions.batch_job import BatchResult, BatchSpec, DatasetInput
from csv_analyzer.predictions.inference import prepare_rows
from csv_analyzer.predictions.log_writer import BATCH_ROWS_KEPT, purge_old_predictions
from csv_analyzer.predictions.models import PredictionLog
from csv_analyzer.predictions.sampling import Reservoir
from csv_analyzer.predictions.schemas import (
    BatchProblem,
    LineProblem,
    PredictionWarning,
    RowProblem,
)
from csv_analyzer.predictions.service import log_row, serving_model
from csv_analyzer.predictions.serving import ServingModel
from csv_analyzer.registry.models import ModelVersion
from csv_analyzer.storage import make_store, staging_dir

CHUNK_ROWS = 5000
MAX_PROBLEMS = 100
ERROR_COLUMN = "_prediction_error"


@dataclass
class _Tally:
    """What one read of the input found: rows read, rows refused, first problems, warnings."""

    rows: int = 0
    failed: int = 0
    skipped: int = 0
    problems: list[BatchProblem] = field(default_factory=list)
    warnings: dict[tuple[str, str], PredictionWarning] = field(default_factory=dict)
    # A uniform sample of every row scored (not the first ones), for drift.
    sample: Reservoir = field(default_factory=lambda: Reservoir(BATCH_ROWS_KEPT))

    def problem(self, entry: BatchProblem) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(entry)

    def skip(self, row: pacsv.InvalidRow) -> str:
        """A record with the wrong number of fields cannot be scored: count it, say where."""
        self.skipped += 1
        self.problem(
            LineProblem(
                line=row.number,
                error=f"line {row.number} has {row.actual_columns} fields, "
                f"expected {row.expected_columns}",
            )
        )
        return "skip"


def _chunks(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    for record_batch in batches:
        for start in range(0, record_batch.num_rows, CHUNK_ROWS):
            yield record_batch.slice(start, CHUNK_ROWS)


def _output_columns(
    model: ServingModel, n: int, scored: Any, errors: dict[int, str]
) -> dict[str, pa.Array]:
    bad = [i in errors for i in range(n)]
    if model.task == "classification":
        labels = [None if bad[i] else str(p) for i, p in enumerate(scored.predictions)]
        cols: dict[str, pa.Array] = {"prediction": pa.array(labels, type=pa.string())}
    else:
        values = [None if bad[i] else float(p) for i, p in enumerate(scored.predictions)]
        cols = {"prediction": pa.array(values, type=pa.float64())}
    if scored.probabilities is not None:
        for label in scored.probabilities[0]:
            probs = [None if bad[i] else p[label] for i, p in enumerate(scored.probabilities)]
            cols[f"probability_{label}"] = pa.array(probs, type=pa.float64())
    cols[ERROR_COLUMN] = pa.array([errors.get(i) for i in range(n)], type=pa.string())
    return cols


def _check_columns(model: ServingModel, names: list[str]) -> None:
    """A file without a required column cannot score any row: fail at once, saying which."""
    missing = [f.name for f in model.features if f.required and f.name not in names]
    if missing:
        raise JobFailed(f"the file lacks required columns: {', '.join(missing)}")


def _score_blocks(
    ctx: JobContext,
    model: ServingModel,
    blocks: Iterator[pa.RecordBatch],
    to_records: Callable[[pa.RecordBatch], list[dict[str, Any]]],
    staged: Path,
    tally: _Tally,
    progress: Callable[[pa.RecordBatch], float],
) -> None:
    """Score block after block, appending the input plus the output columns to `staged`."""
    with ExitStack() as stack:
        writer: pacsv.CSVWriter | None = None
        for record_batch in _chunks(blocks):
            ctx.check_cancel()
            if writer is None:
                _check_columns(model, record_batch.schema.names)
            records = to_records(record_batch)
            prepared = prepare_rows(records, model.features, lenient=True)
            scored = model.score(prepared)
            extra = _output_columns(model, len(records), scored, prepared.row_errors)
            table = pa.Table.from_batches([record_batch])
            for name, array in extra.items():
                table = table.append_column(name, array)
            if writer is None:
                writer = stack.enter_context(pacsv.CSVWriter(str(staged), table.schema))
            writer.write_table(table)
            for i, message in sorted(prepared.row_errors.items()):
                tally.problem(RowProblem(row=tally.rows + i, error=message))
            for w in prepared.warnings:
                key = (w["code"], w["column"])
                entry = tally.warnings.setdefault(
                    key, PredictionWarning.model_validate({**w, "count": 0, "rows": []})
                )
                entry.count += w["count"]
                entry.rows = (entry.rows + [tally.rows + r for r in w["rows"]])[:20]
            tally.sample.add(records, scored.predictions)
            tally.failed += len(prepared.row_errors)
            tally.rows += len(records)
            ctx.update_progress(
                fraction=round(min(progress(record_batch), 0.99), 3), rows=tally.rows
            )


def _score_dataset(
    ctx: JobContext, model: ServingModel, path: Path, staged: Path
) -> tuple[_Tally, list[str]]:
    parquet = pq.ParquetFile(path)
    total = max(parquet.metadata.num_rows, 1)
    columns = [c for c in parquet.schema_arrow.names if not c.startswith("__")]
    tally = _Tally()
    _score_blocks(
        ctx,
        model,
        parquet.iter_batches(CHUNK_ROWS, columns=columns),
        lambda b: b.to_pylist(),
        staged,
        tally,
        lambda b: (tally.rows + b.num_rows) / total,
    )
    return tally, []


def _score_csv(
    ctx: JobContext, model: ServingModel, path: Path, staged: Path
) -> tuple[_Tally, list[str]]:
    """Read the file exactly as a dataset upload would, then score it (read again if it must)."""
    try:
        layout = csv_source.detect_layout(path, max_columns=DEFAULT_MAX_COLUMNS)
    except IngestError as e:
        raise JobFailed(e.message) from e
    dialect, block_size = layout.dialect, csv_source.DEFAULT_BLOCK_SIZE
    warnings = [
        f"Header {r.original!r} (column {r.position}) renamed to {r.new!r}." for r in layout.renames
    ]
    size = max(path.stat().st_size, 1)
    while True:
        tally = _Tally()
        caster = FeatureCaster(model.features, layout.number_format)
        read = 0

        def progress(block: pa.RecordBatch) -> float:
            nonlocal read
            read += csv_source.csv_bytes(block)
            return read / size

        try:
            with path.open("rb") as f:
                reader = csv_source.open_reader(f, dialect, layout.names, block_size, tally.skip)
                blocks = csv_source.string_batches(reader, dialect.has_header)
                _score_blocks(ctx, model, blocks, caster.records, staged, tally, progress)
        except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
            try:
                dialect, block_size = csv_source.recover(exc, dialect, block_size, warnings)
            except IngestError as e:
                raise JobFailed(e.message) from e
            continue
        return tally, warnings


def _counts(tally: _Tally, notes: list[str]) -> BatchResult:
    """Row counts of a batch: every record of the input is either scored or failed."""
    total = tally.rows + tally.skipped
    failed = tally.failed + tally.skipped
    return BatchResult(
        rows_total=total,
        rows_scored=total - failed,
        rows_failed=failed,
        rows=total,  # the name before rows_total existed; old clients still read it
        problems=tally.problems,
        warnings=list(tally.warnings.values()),
        notes=notes,
    )


def _nothing_scored(tally: _Tally, counts: BatchResult) -> str:
    first = tally.problems[0].error if tally.problems else "unknown problem"
    return (
        f"no row could be scored: all {counts.rows_total or 0:,} rows failed "
        f"(first problem: {first})"
    )


def batch_spec(payload: object) -> BatchSpec:
    """The job's payload as a `BatchSpec` (a payload that does not fit fails the job readably)."""
    return read_spec(BatchSpec, payload, "batch job")


def run_batch(ctx: JobContext) -> dict[str, Any]:
    """Score every input row; the result has row counts, first problems and the output key."""
    start = time.perf_counter()
    settings = ctx.settings
    store = make_store(settings)
    spec = batch_spec(ctx.payload)
    source = spec.input
    with ctx.sessionmaker() as session:
        version = session.scalars(
            select(ModelVersion).where(
                ModelVersion.model_id == spec.model_id,
                ModelVersion.version == spec.model_version,
            )
        ).one_or_none()
        if version is None:
            raise JobFailed("the model version no longer exists")
        data = (
            session.get(DatasetVersion, source.version_id)
            if isinstance(source, DatasetInput)
            else None
        )
    model = serving_model(settings, version)
    staged = staging_dir(settings) / f"batch-{ctx.job_id}.csv"
    try:
        if isinstance(source, DatasetInput):
            if data is None:
                raise JobFailed("the dataset version no longer exists")
            with store.local_path(data.parquet_key) as path:
                tally, notes = _score_dataset(ctx, model, path, staged)
        else:
            with store.local_path(source.key or batch.input_key(ctx.job_id)) as path:
                tally, notes = _score_csv(ctx, model, path, staged)
        counts = _counts(tally, notes)
        if counts.rows_total == 0:
            raise JobFailed("the input has no rows", counts.model_dump(mode="json"))
        if counts.rows_scored == 0:
            raise JobFailed(_nothing_scored(tally, counts), counts.model_dump(mode="json"))
        store.put_file(batch.output_key(ctx.job_id), staged)
    finally:
        staged.unlink(missing_ok=True)
    counts.output_key = batch.output_key(ctx.job_id)
    counts.seconds = round(time.perf_counter() - start, 3)
    entry = log_row(
        owner_id=ctx.owner_id,
        model_id=spec.model_id,
        version=spec.model_version,
        source="batch",
        rows=tally.sample.rows,
        predictions=tally.sample.predictions,
        probabilities=None,
        latency_ms=(time.perf_counter() - start) * 1000,
        warnings=[w.model_dump(mode="json") for w in tally.warnings.values()],
        caller_user_id=ctx.owner_id,
        batch_job_id=ctx.job_id,
        n_rows=tally.rows,
    )
    with ctx.sessionmaker.begin() as session:
        session.add(PredictionLog(**entry))
    purge_old_predictions(ctx.sessionmaker, settings.prediction_log_retention_days)
    return counts.model_dump(mode="json")
