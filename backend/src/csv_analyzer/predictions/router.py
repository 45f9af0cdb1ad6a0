"""Serving API: predict with the champion or a version, the prediction log, batch scoring."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from pydantic import AwareDatetime, ValidationError
from pydantic_core import to_json
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer import csv_safety
from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.datasets.browse import download
from csv_analyzer.datasets.ingest.upload import receive_upload
from csv_analyzer.db import new_id
from csv_analyzer.deps import (
    CurrentUser,
    EscapeFormulasQuery,
    PageDep,
    SessionDep,
    SettingsDep,
    StoreDep,
    oauth2_scheme,
)
from csv_analyzer.error_handlers import QUEUE_UNAVAILABLE
from csv_analyzer.errors import Unprocessable
from csv_analyzer.jobs.deps import QueueDep
from csv_analyzer.jobs.models import Job
from csv_analyzer.predictions import batch, service
from csv_analyzer.predictions.batch_spec import BatchSpec
from csv_analyzer.predictions.log_writer import PredictionLogWriter
from csv_analyzer.predictions.schemas import (
    BatchFromDataset,
    BatchJobPage,
    BatchJobRead,
    PredictionLogPage,
    PredictionLogRead,
    PredictRequest,
    PredictResponse,
    Source,
)
from csv_analyzer.security import hash_token
from csv_analyzer.storage import staging_dir
from csv_analyzer.tokens.deps import ApiCaller
from csv_analyzer.tokens.models import ApiToken
from csv_analyzer.tokens.service import is_api_token

router = APIRouter(prefix="/models", tags=["predictions"])

_writer_lock = threading.Lock()
_token_ids: dict[str, str] = {}  # token hash -> token id (never changes; bounded below)


async def get_log_writer(request: Request) -> PredictionLogWriter:
    # async: a dependency without I/O should not cost a thread-pool hop on the hot path
    state = request.app.state
    writer: PredictionLogWriter | None = getattr(state, "prediction_log_writer", None)
    if writer is None:
        with _writer_lock:
            writer = getattr(state, "prediction_log_writer", None)
            if writer is None:
                writer = PredictionLogWriter(
                    state.sessionmaker, state.settings.prediction_log_retention_days
                )
                state.prediction_log_writer = writer
    return writer


LogWriterDep = Annotated[PredictionLogWriter, Depends(get_log_writer)]


def token_id_of(session: Session, token: str | None) -> str | None:
    """The id of the API token used, for the log (None for a signed-in user's JWT)."""
    if not token or not is_api_token(token):
        return None
    digest = hash_token(token)
    token_id = _token_ids.get(digest)
    if token_id is None:
        token_id = session.scalar(select(ApiToken.id).where(ApiToken.token_hash == digest))
        if token_id is not None:
            if len(_token_ids) > 10_000:
                _token_ids.clear()
            _token_ids[digest] = token_id
    return token_id


BearerDep = Annotated[str | None, Depends(oauth2_scheme)]


def _json(result: dict[str, Any]) -> Response:
    # Serialised once by pydantic-core (fast, NaN -> null); FastAPI would validate it again.
    return Response(to_json(result), media_type="application/json")


PREDICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"description": "Rows that do not fit the feature schema (row, column and value listed)"},
    404: {"description": "Unknown model or version, or no champion yet"},
}


@router.post("/{model_id}/predict", response_model=PredictResponse, responses=PREDICT_RESPONSES)
def predict(
    model_id: str,
    body: PredictRequest,
    user: ApiCaller,
    token: BearerDep,
    session: SessionDep,
    settings: SettingsDep,
    writer: LogWriterDep,
) -> Response:
    """Predict rows with the model's champion version (JWT or API token)."""
    return _predict(session, settings, writer, user, token, model_id, None, body)


@router.post(
    "/{model_id}/versions/{version}/predict",
    response_model=PredictResponse,
    responses=PREDICT_RESPONSES,
)
def predict_version(
    model_id: str,
    version: int,
    body: PredictRequest,
    user: ApiCaller,
    token: BearerDep,
    session: SessionDep,
    settings: SettingsDep,
    writer: LogWriterDep,
) -> Response:
    """Predict rows with one version of the model (JWT or API token)."""
    return _predict(session, settings, writer, user, token, model_id, version, body)


def _predict(
    session: Session,
    settings: Settings,
    writer: PredictionLogWriter,
    user: User,
    token: str | None,
    model_id: str,
    number: int | None,
    body: PredictRequest,
) -> Response:
    result = service.predict(
        session,
        settings,
        writer,
        user,
        model_id=model_id,
        number=number,
        rows=body.rows,
        source=body.source,
        token_id=token_id_of(session, token),
        explain=body.explain,
    )
    return _json(result)


class LogFilters:
    def __init__(
        self,
        version: Annotated[int | None, Query(ge=1)] = None,
        source: Source | None = None,
        # Aware only: the log stores UTC, and a naive time has no instant to compare with.
        since: AwareDatetime | None = None,
        until: AwareDatetime | None = None,
    ) -> None:
        self.version = version
        self.source = source
        self.since = since
        self.until = until

    def kwargs(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "source": self.source,
            "since": self.since,
            "until": self.until,
        }


LogFiltersDep = Annotated[LogFilters, Depends()]


@router.get("/{model_id}/predictions")
def list_predictions(
    model_id: str,
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    filters: LogFiltersDep,
    writer: LogWriterDep,
) -> PredictionLogPage:
    """The model's prediction log, newest first; filter by version, source and time range."""
    writer.flush()  # this process's queued rows first, so a client reads its own predictions
    writer.maybe_purge()
    items, total = service.list_predictions(session, user, model_id, page, **filters.kwargs())
    readable, unreadable = service.readable_rows(items)
    return PredictionLogPage(
        items=[PredictionLogRead.model_validate(i) for i in readable],
        unreadable=unreadable,
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get(
    "/{model_id}/predictions/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
def export_predictions(
    model_id: str,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    filters: LogFiltersDep,
    writer: LogWriterDep,
    escape_formulas: EscapeFormulasQuery = True,
) -> StreamingResponse:
    """The filtered prediction log as CSV (inputs, outputs and warnings as JSON text)."""
    writer.flush()
    chunks = service.export_predictions(
        session,
        request.app.state.sessionmaker,
        user,
        model_id,
        escape_formulas=escape_formulas,
        **filters.kwargs(),
    )
    # The first chunk runs the first query, so a filter the database refuses is an error
    # answer here rather than a 200 whose body stops short.
    first = next(chunks, "")
    return StreamingResponse(
        itertools.chain([first], chunks),
        media_type="text/csv",
        headers={"Content-Disposition": f'attachment; filename="predictions-{model_id}.csv"'},
    )


def _batch_counts(result: dict[str, Any]) -> dict[str, Any]:
    total = result.get("rows_total", result.get("rows"))
    failed = result.get("rows_failed")
    if total is None or failed is None:
        return {}
    scored = result.get("rows_scored", total - failed)
    return {
        "rows_total": total,
        "rows_scored": scored,
        "rows_failed": failed,
        "rows": total,
        "summary": f"{scored:,} of {total:,} rows scored",
    }


def _batch_read(job: Job) -> BatchJobRead:
    result = job.result or {}
    spec = BatchSpec.model_validate(job.payload)
    model_id = spec.model_id
    return BatchJobRead(
        id=job.id,
        model_id=model_id,
        model_version=spec.model_version,
        status=job.status,
        progress=job.progress or {},
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        **_batch_counts(result),
        problems=result.get("problems", []),
        warnings=result.get("warnings", []),
        notes=result.get("notes", []),
        download_url=(
            f"/api/v1/models/{model_id}/batch-predictions/{job.id}/download"
            if job.status == "succeeded"
            else None
        ),
    )


BATCH_OPENAPI: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "title": "BatchUpload",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "A CSV file"},
                        "version": {
                            "type": "integer",
                            "description": "Model version (default champion)",
                        },
                    },
                }
            },
            "application/json": {"schema": BatchFromDataset.model_json_schema()},
        },
    }
}


@router.post(
    "/{model_id}/batch-predictions",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=BATCH_OPENAPI,
    responses=QUEUE_UNAVAILABLE,
)
async def create_batch_prediction(
    model_id: str,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    queue: QueueDep,
) -> BatchJobRead:
    """Score a CSV upload (multipart `file`) or a dataset version (JSON) in the background."""
    # Async only to stream an upload to disk; the database work runs in the thread pool.
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        staged = staging_dir(settings) / f"batch-upload-{new_id()}.csv"
        try:
            upload = await receive_upload(request, staged, settings.max_upload_bytes)
            raw_version = upload.fields.get("version", "").strip()
            if raw_version and not raw_version.isdigit():
                raise Unprocessable("`version` must be a version number", code="invalid_version")
            number = int(raw_version) if raw_version else None
            job = await run_in_threadpool(
                batch.create_from_upload,
                session,
                queue,
                store,
                user,
                model_id=model_id,
                number=number,
                staged=staged,
                filename=upload.filename,
            )
        finally:
            staged.unlink(missing_ok=True)
    else:
        try:
            body = BatchFromDataset.model_validate_json(await request.body())
        except ValidationError as e:
            raise Unprocessable(
                "Send a CSV file (multipart `file`) or JSON {dataset_id, dataset_version?}",
                details=e.errors(include_url=False, include_context=False),
            ) from e
        job = await run_in_threadpool(
            batch.create_from_dataset,
            session,
            queue,
            user,
            model_id=model_id,
            number=body.version,
            dataset_id=body.dataset_id,
            dataset_version=body.dataset_version,
        )
    return _batch_read(job)


@router.get("/{model_id}/batch-predictions")
def list_batch_predictions(
    model_id: str, user: CurrentUser, session: SessionDep, page: PageDep
) -> BatchJobPage:
    """Your batch jobs for this model, newest first, each with "N of M rows scored"."""
    jobs, total = batch.list_batch_jobs(session, user, model_id, page.offset, page.limit)
    return BatchJobPage(
        items=[_batch_read(j) for j in jobs], total=total, offset=page.offset, limit=page.limit
    )


@router.get("/{model_id}/batch-predictions/{job_id}")
def get_batch_prediction(
    model_id: str, job_id: str, user: CurrentUser, session: SessionDep
) -> BatchJobRead:
    """A batch job's status, progress and row-level problems."""
    return _batch_read(batch.get_batch_job(session, user, model_id, job_id))


@router.get(
    "/{model_id}/batch-predictions/{job_id}/download",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}, 409: {"description": "Not finished"}},
)
def download_batch_prediction(
    model_id: str,
    job_id: str,
    user: CurrentUser,
    session: SessionDep,
    store: StoreDep,
    escape_formulas: EscapeFormulasQuery = True,
) -> StreamingResponse:
    """The scored CSV: the input plus prediction, probability and `_prediction_error` columns."""
    job = batch.finished_output(session, user, model_id, job_id)
    key = batch.output_key(job.id)
    headers = {"Content-Disposition": f'attachment; filename="predictions-{job.id}.csv"'}
    if escape_formulas:

        def write(f: BinaryIO) -> None:
            with store.local_path(key) as path:
                csv_safety.escape_csv(path, f)

        return StreamingResponse(download.stream(write), media_type="text/csv", headers=headers)
    handle = store.open_read(key)

    def chunks() -> Iterator[bytes]:
        with handle:
            while block := handle.read(1 << 16):
                yield block

    return StreamingResponse(chunks(), media_type="text/csv", headers=headers)
