"""Prediction use cases: score rows with a model version, read and export the prediction log."""

from __future__ import annotations

import csv
import io
import json
import logging
import math
import time
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from typing import Any

import numpy as np
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer import csv_safety
from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.db import new_id, utcnow
from csv_analyzer.errors import Unprocessable
from csv_analyzer.ownership import Page
from csv_analyzer.predictions import metrics
from csv_analyzer.predictions.encodable import holds_unencodable_text
from csv_analyzer.predictions.inference import SchemaError, prepare_rows
from csv_analyzer.predictions.log_writer import (
    BATCH_ROWS_KEPT,
    INPUT_ROWS_KEPT,
    PredictionLogWriter,
)
from csv_analyzer.predictions.model_cache import ModelRef, model_cache
from csv_analyzer.predictions.models import PredictionLog
from csv_analyzer.predictions.sampling import uniform_positions
from csv_analyzer.predictions.serving import ServingModel, contributions
from csv_analyzer.registry import service as registry
from csv_analyzer.registry.models import ModelVersion, RegisteredModel

log = logging.getLogger(__name__)

EXPORT_BATCH = 1000


class InvalidRows(Unprocessable):
    code = "invalid_rows"


def ref_of(version: ModelVersion) -> ModelRef:
    return ModelRef(
        version_id=version.id,
        source_uri=version.source_uri,
        feature_schema=list(version.feature_schema),
        task=version.task,
        classes=list(version.classes) if version.classes is not None else None,
    )


def serving_model(settings: Settings, version: ModelVersion) -> ServingModel:
    """The loaded model for a version (from the process cache after the first call)."""
    return model_cache().get(settings, ref_of(version))


def predict(
    session: Session,
    settings: Settings,
    writer: PredictionLogWriter,
    user: User,
    *,
    model_id: str,
    number: int | None,
    rows: Sequence[Any],
    source: str,
    token_id: str | None,
    explain: bool = False,
) -> dict[str, Any]:
    """Validate and score rows with a version (the champion when `number` is None), log it.

    Raises:
        InvalidRows: The rows do not fit the version's feature schema (422 with row details).
    """
    start = time.perf_counter()
    model, version = registry.resolve_serving(session, user, model_id, number)
    session.close()  # nothing else to read: give the connection back before scoring
    serving = serving_model(settings, version)
    try:
        prepared = prepare_rows(rows, serving.features)
    except SchemaError as e:
        raise InvalidRows(str(e), details={"errors": e.errors, "total": e.total}) from e
    scored = serving.score(prepared)
    result: dict[str, Any] = {
        "model_id": model.id,
        "model_version": version.version,
        "predictions": scored.predictions,
        "probabilities": scored.probabilities,
        "warnings": prepared.warnings,
        "extra_columns": prepared.extra_columns,
    }
    if explain:
        result["contributions"] = contributions(serving, rows[0])
    elapsed = time.perf_counter() - start
    metrics.observe_prediction(model.id, version.version, prepared.n_rows, elapsed)
    if number is None:  # keeps the gauge right in every API process, whoever moved the alias
        metrics.set_champion_metric(model.id, version.metric, version.holdout_score)
    writer.submit(
        log_row(
            owner_id=user.id,
            model_id=model.id,
            version=version.version,
            source=source,
            caller_user_id=user.id,
            caller_token_id=token_id,
            rows=rows,
            predictions=scored.predictions,
            probabilities=scored.probabilities,
            latency_ms=elapsed * 1000,
            warnings=prepared.warnings,
        )
    )
    return result


def log_row(
    *,
    owner_id: str,
    model_id: str,
    version: int,
    source: str,
    rows: Sequence[Any],
    predictions: Sequence[Any],
    probabilities: Sequence[dict[str, float]] | None,
    latency_ms: float,
    warnings: list[dict[str, Any]],
    caller_user_id: str | None = None,
    caller_token_id: str | None = None,
    batch_job_id: str | None = None,
    n_rows: int | None = None,
) -> dict[str, Any]:
    """A `prediction_log` row as a dict.

    `rows` are every row scored (an API request), or already a sample of `n_rows` (a batch).
    At most `INPUT_ROWS_KEPT` of them are kept, drawn uniformly; `n_rows` always counts all.
    """
    total = len(rows) if n_rows is None else n_rows
    keep = INPUT_ROWS_KEPT if batch_job_id is None else BATCH_ROWS_KEPT
    positions = uniform_positions(len(rows), keep)
    rows = [rows[i] for i in positions]
    kept = len(positions)
    outputs: dict[str, Any] = {"predictions": [_json_value(predictions[i]) for i in positions]}
    if probabilities is not None:
        outputs["probabilities"] = [probabilities[i] for i in positions]
    return {
        "id": new_id(),
        "owner_id": owner_id,
        "model_id": model_id,
        "model_version": version,
        "source": source,
        "caller_user_id": caller_user_id,
        "caller_token_id": caller_token_id,
        "batch_job_id": batch_job_id,
        "created_at": utcnow(),
        "n_rows": total,
        "inputs": [_json_row(r) for r in rows],
        "inputs_truncated": total > kept,
        "outputs": outputs,
        "latency_ms": round(latency_ms, 3),
        "warnings": warnings,
    }


def _json_value(value: Any) -> Any:
    """A value JSON (and PostgreSQL's JSON) accepts: no NaN/inf, dates as ISO text."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _json_row(row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        return {"_": _json_value(row)}
    return {str(k): _json_value(v) for k, v in row.items()}


def _log_query(
    model: RegisteredModel,
    *,
    version: int | None,
    source: str | None,
    since: datetime | None,
    until: datetime | None,
) -> Select[PredictionLog]:
    stmt = select(PredictionLog).where(PredictionLog.model_id == model.id)
    if version is not None:
        stmt = stmt.where(PredictionLog.model_version == version)
    if source is not None:
        stmt = stmt.where(PredictionLog.source == source)
    if since is not None:
        stmt = stmt.where(PredictionLog.created_at >= since)
    if until is not None:
        stmt = stmt.where(PredictionLog.created_at < until)
    return stmt


def list_predictions(
    session: Session,
    user: User,
    model_id: str,
    page: Page,
    *,
    version: int | None = None,
    source: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> tuple[Sequence[PredictionLog], int]:
    """A page of the model's prediction log, newest first, with the filtered total."""
    model = registry.get_model(session, user, model_id)
    stmt = _log_query(model, version=version, source=source, since=since, until=until)
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    items = session.scalars(
        stmt.order_by(PredictionLog.created_at.desc(), PredictionLog.id)
        .offset(page.offset)
        .limit(page.limit)
    ).all()
    return items, int(total or 0)


def readable_rows(rows: Sequence[PredictionLog]) -> tuple[list[PredictionLog], int]:
    """The log rows a response can carry, and how many were skipped (text UTF-8 cannot encode,
    written before such input was refused): one bad row must not take a log page down."""
    kept = [row for row in rows if is_readable(row)]
    if len(kept) < len(rows):
        log.warning("skipped %d unreadable prediction log rows", len(rows) - len(kept))
    return kept, len(rows) - len(kept)


def is_readable(row: PredictionLog) -> bool:
    return not holds_unencodable_text([row.inputs, row.outputs, row.warnings, row.source])


EXPORT_COLUMNS = (
    "id",
    "created_at",
    "model_version",
    "source",
    "caller_user_id",
    "caller_token_id",
    "batch_job_id",
    "n_rows",
    "latency_ms",
    "inputs",
    "inputs_truncated",
    "outputs",
    "warnings",
)


def export_predictions(
    session: Session,
    sm: sessionmaker[Session],
    user: User,
    model_id: str,
    *,
    version: int | None = None,
    source: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    escape_formulas: bool = True,
) -> Iterator[str]:
    """The filtered log as CSV text chunks (JSON columns as JSON text), oldest first.

    Ownership is checked before the first chunk; the stream reads pages of `EXPORT_BATCH` rows
    in its own session (the request's may be closed before the body is sent).
    """
    model = registry.get_model(session, user, model_id)
    stmt = _log_query(model, version=version, source=source, since=since, until=until)
    stmt = stmt.order_by(PredictionLog.created_at, PredictionLog.id)

    def chunks() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        offset = 0
        with sm() as reader:
            while True:
                rows = reader.scalars(stmt.offset(offset).limit(EXPORT_BATCH)).all()
                for row in rows:
                    if not is_readable(row):
                        continue
                    cells = [_cell(getattr(row, c)) for c in EXPORT_COLUMNS]
                    if escape_formulas:
                        cells = [
                            csv_safety.escape_text(v) if isinstance(v, str) else v for v in cells
                        ]
                    writer.writerow(cells)
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
                if len(rows) < EXPORT_BATCH:
                    return
                offset += EXPORT_BATCH

    return chunks()


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, separators=(",", ":"), default=str)
    if isinstance(value, datetime):
        return value.isoformat()
    return value
