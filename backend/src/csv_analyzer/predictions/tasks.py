"""The "predictions.batch" job: score a CSV upload or a dataset version chunk by chunk.

Rows are validated leniently: a row with a missing required feature or a value of the wrong type
gets an empty prediction and a message in the `_prediction_error` column instead of failing the
job. The output is the input with `prediction`, `probability_<label>` and `_prediction_error`
columns appended, written to the object store.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
from sqlalchemy import select

from csv_analyzer.datasets.models import DatasetVersion
from csv_analyzer.jobs.context import JobContext, JobFailed
from csv_analyzer.predictions import batch
from csv_analyzer.predictions.inference import prepare_rows
from csv_analyzer.predictions.log_writer import BATCH_ROWS_KEPT, purge_old_predictions
from csv_analyzer.predictions.models import PredictionLog
from csv_analyzer.predictions.sampling import Reservoir
from csv_analyzer.predictions.service import log_row, serving_model
from csv_analyzer.predictions.serving import ServingModel
from csv_analyzer.registry.models import ModelVersion
from csv_analyzer.storage import make_store, staging_dir

CHUNK_ROWS = 5000
MAX_PROBLEMS = 100
ERROR_COLUMN = "_prediction_error"


def _count_lines(path: Path) -> int:
    lines = 0
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - 1, 0)  # minus the header (an unterminated last line evens it out)


def _csv_batches(path: Path) -> Iterator[pa.RecordBatch]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        header = next(csv.reader(f), [])
    if not header:
        raise JobFailed("the CSV file is empty")
    # Every column as text: the schema check parses values itself, and the output keeps them as sent.
    reader = pacsv.open_csv(
        path,
        read_options=pacsv.ReadOptions(block_size=1 << 22),
        convert_options=pacsv.ConvertOptions(
            column_types={name: pa.string() for name in header}, strings_can_be_null=True
        ),
    )
    for record_batch in reader:
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


def run_batch(ctx: JobContext) -> dict[str, Any]:
    """Score every input row; the result has row counts, first problems and the output key."""
    start = time.perf_counter()
    settings = ctx.settings
    store = make_store(settings)
    source = ctx.payload["input"]
    with ctx.sessionmaker() as session:
        version = session.scalars(
            select(ModelVersion).where(
                ModelVersion.model_id == ctx.payload["model_id"],
                ModelVersion.version == ctx.payload["model_version"],
            )
        ).one_or_none()
        if version is None:
            raise JobFailed("the model version no longer exists")
        data = (
            session.get(DatasetVersion, source["version_id"])
            if source["kind"] == "dataset"
            else None
        )
    model = serving_model(settings, version)
    rows_done = failed = 0
    problems: list[dict[str, Any]] = []
    warnings: dict[tuple[str, str], dict[str, Any]] = {}
    sample = Reservoir(BATCH_ROWS_KEPT)  # a uniform sample of every row scored, for drift
    staged = staging_dir(settings) / f"batch-{ctx.job_id}.csv"
    with ExitStack() as stack:
        if source["kind"] == "dataset":
            if data is None:
                raise JobFailed("the dataset version no longer exists")
            path = stack.enter_context(store.local_path(data.parquet_key))
            parquet = pq.ParquetFile(path)
            total = parquet.metadata.num_rows
            columns = [c for c in parquet.schema_arrow.names if not c.startswith("__")]
            batches: Iterator[pa.RecordBatch] = parquet.iter_batches(CHUNK_ROWS, columns=columns)
        else:
            path = stack.enter_context(store.local_path(source["key"]))
            total = _count_lines(path)
            batches = _csv_batches(path)
        writer: pacsv.CSVWriter | None = None
        for record_batch in batches:
            ctx.check_cancel()
            if rows_done == 0:
                _check_columns(model, record_batch.schema.names)
            records = record_batch.to_pylist()
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
                if len(problems) < MAX_PROBLEMS:
                    problems.append({"row": rows_done + i, "error": message})
            for w in prepared.warnings:
                entry = warnings.setdefault((w["code"], w["column"]), {**w, "count": 0, "rows": []})
                entry["count"] += w["count"]
                entry["rows"] = (entry["rows"] + [rows_done + r for r in w["rows"]])[:20]
            sample.add(records, scored.predictions)
            failed += len(prepared.row_errors)
            rows_done += len(records)
            ctx.update_progress(
                fraction=round(min(rows_done / max(total, 1), 0.99), 3), rows=rows_done
            )
    if rows_done == 0:
        staged.unlink(missing_ok=True)
        raise JobFailed("the input has no rows")
    store.put_file(batch.output_key(ctx.job_id), staged)
    result = {
        "rows": rows_done,
        "rows_failed": failed,
        "problems": problems,
        "warnings": list(warnings.values()),
        "output_key": batch.output_key(ctx.job_id),
        "seconds": round(time.perf_counter() - start, 3),
    }
    entry = log_row(
        owner_id=ctx.owner_id,
        model_id=ctx.payload["model_id"],
        version=ctx.payload["model_version"],
        source="batch",
        rows=sample.rows,
        predictions=sample.predictions,
        probabilities=None,
        latency_ms=(time.perf_counter() - start) * 1000,
        warnings=list(warnings.values()),
        caller_user_id=ctx.owner_id,
        batch_job_id=ctx.job_id,
        n_rows=rows_done,
    )
    with ctx.sessionmaker.begin() as session:
        session.add(PredictionLog(**entry))
    purge_old_predictions(ctx.sessionmaker, settings.prediction_log_retention_days)
    return result
