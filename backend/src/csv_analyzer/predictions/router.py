"""Serving API: predict with the champion or a version, the prediction log, batch scoring."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any, BinaryIO

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response, StreamingResponse
from pydantic import AwareDatetime, ValidationError
from pydantic_core import to_json
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer import csv_safety
from csv_analyzer.config import Settings
from csv_analyzer.datasets.browse import download
from csv_analyzer.datasets.ingest.upload import multipart_upload_openapi, receive_upload
from csv_analyzer.db import new_id
from csv_analyzer.deps import (
    CurrentUser,
    EscapeFormulasQuery,
    PageDep,
    SessionDep,
    SessionFactoryDep,
    SettingsDep,
    StoreDep,
)
from csv_analyzer.error_handlers import QUEUE_UNAVAILABLE
from csv_analyzer.errors import Unprocessable
from csv_analyzer.jobs.deps import QueueDep
from csv_analyzer.jobs.models import Job
from csv_analyzer.predictions import batch, service
from csv_analyzer.predictions.batch_job import BatchResult, BatchSpec
from csv_analyzer.predictions.log_writer import PredictionLogWriter
from csv_analyzer.predictions.schemas import (
    BatchFromDataset,
    BatchJobPage,
    BatchJobRead,
    BatchProgress,
    PredictionLogPage,
    PredictionLogRead,
    PredictRequest,
    PredictResponse,
    Source,
)
from csv_analyzer.registry import service as registry
from csv_analyzer.storage import staging_dir
from csv_analyzer.tokens.deps import ApiCaller
from csv_analyzer.tokens.service import Caller

router = APIRouter(prefix="/models", tags=["predictions"])


async def get_log_writer(request: Request) -> PredictionLogWriter:
    """The app's prediction-log writer (created with the app, flushed when it stops)."""
    # async: a dependency without I/O should not cost a thread-pool hop on the hot path
    writer: PredictionLogWriter = request.app.state.prediction_log_writer
    return writer


LogWriterDep = Annotated[PredictionLogWriter, Depends(get_log_writer)]


def _json(result: dict[str, Any]) -> Response:
    # Serialised once by pydantic-core (fast, NaN -> null); FastAPI would validate it again.
    return Response(to_json(result), media_type="application/json")


PREDICT_RESPONSES: dict[int | str, dict[str, Any]] = {
    422: {"description": "Rows that do not fit the feature schema (row, column and value listed)"},
    404: {"description": "Unknown model or version, or no champion yet"},
}


@router.post("/{model_id}/predict", response_model=PredictResponse, responses=PREDICT_RESPONSES)
async def predict(
    model_id: str,
    body: PredictRequest,
    caller: ApiCaller,
    sessions: SessionFactoryDep,
    settings: SettingsDep,
    writer: LogWriterDep,
) -> Response:
    """Predict rows with the model's champion version (JWT or API token)."""
    call = _PredictCall(sessions, settings, writer, caller, model_id, None, body)
    return await run_in_threadpool(call.run)


@router.post(
    "/{model_id}/versions/{version}/predict",
    response_model=PredictResponse,
    responses=PREDICT_RESPONSES,
)
async def predict_version(
    model_id: str,
    version: int,
    body: PredictRequest,
    caller: ApiCaller,
    sessions: SessionFactoryDep,
    settings: SettingsDep,
    writer: LogWriterDep,
) -> Response:
    """Predict rows with one version of the model (JWT or API token)."""
    call = _PredictCall(sessions, settings, writer, caller, model_id, version, body)
    return await run_in_threadpool(call.run)


@dataclass(frozen=True)
class _PredictCall:
    """One prediction request, run start to end in a single worker thread.

    The hot path of a production model: after the caller is known (its own hop), the model
    lookup, scoring and the log hand-off share one session and one thread-pool hop (sync
    dependencies would cost one hop each).
    """

    sessions: sessionmaker[Session]
    settings: Settings
    writer: PredictionLogWriter
    caller: Caller
    model_id: str
    number: int | None
    body: PredictRequest

    def run(self) -> Response:
        caller = self.caller
        with self.sessions() as session:
            result = service.predict(
                session,
                self.settings,
                self.writer,
                caller.user,
                model_id=self.model_id,
                number=self.number,
                rows=self.body.rows,
                source=self.body.source,
                token_id=caller.token_id,
                explain=self.body.explain,
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


def _batch_read(job: Job) -> BatchJobRead:
    result = BatchResult.model_validate(job.result or {})
    spec = BatchSpec.model_validate(job.payload)
    model_id = spec.model_id
    return BatchJobRead(
        id=job.id,
        model_id=model_id,
        model_version=spec.model_version,
        status=job.status,
        progress=BatchProgress.model_validate(job.progress or {}),
        error=job.error,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        rows_total=result.rows_total,
        rows_scored=result.rows_scored,
        rows_failed=result.rows_failed,
        rows=result.rows,
        summary=result.summary,
        problems=result.problems,
        warnings=result.warnings,
        notes=result.notes,
        download_url=(
            f"/api/v1/models/{model_id}/batch-predictions/{job.id}/download"
            if job.status == "succeeded"
            else None
        ),
    )


BATCH_UPLOAD_OPENAPI = multipart_upload_openapi(
    "BatchUpload",
    {"version": {"type": "integer", "description": "Model version (default champion)"}},
)


@router.post(
    "/{model_id}/batch-predictions/upload",
    status_code=status.HTTP_202_ACCEPTED,
    openapi_extra=BATCH_UPLOAD_OPENAPI,
    responses=QUEUE_UNAVAILABLE,
)
async def create_batch_from_upload(
    model_id: str,
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    queue: QueueDep,
) -> BatchJobRead:
    """Score a CSV upload (multipart `file`, optional `version`) in the background.

    The file is read exactly as a dataset upload is (encoding, delimiter, decimal comma,
    thousands separators, units, null tokens) and cast to the model's feature types.
    """
    # Async only to stream the upload to disk; the database work runs in the thread pool.
    # The model is checked first: nobody streams a file to a model they cannot use.
    await run_in_threadpool(registry.get_model, session, user, model_id)
    staged = staging_dir(settings) / f"batch-upload-{new_id()}.csv"
    try:
        upload = await receive_upload(request, staged, settings.max_upload_bytes)
        raw_version = upload.fields.get("version", "").strip()
        if raw_version and not raw_version.isdigit():
            raise Unprocessable("`version` must be a version number", code="invalid_version")
        job = await run_in_threadpool(
            batch.create_from_upload,
            session,
            queue,
            store,
            user,
            model_id=model_id,
            number=int(raw_version) if raw_version else None,
            staged=staged,
            filename=upload.filename,
        )
    finally:
        staged.unlink(missing_ok=True)
    return _batch_read(job)


@router.post(
    "/{model_id}/batch-predictions/dataset",
    status_code=status.HTTP_202_ACCEPTED,
    responses=QUEUE_UNAVAILABLE,
)
def create_batch_from_dataset(
    model_id: str, body: BatchFromDataset, user: CurrentUser, session: SessionDep, queue: QueueDep
) -> BatchJobRead:
    """Score a version of one of your datasets (default its current one) in the background."""
    job = batch.create_from_dataset(
        session,
        queue,
        user,
        model_id=model_id,
        number=body.version,
        dataset_id=body.dataset_id,
        dataset_version=body.dataset_version,
    )
    return _batch_read(job)


@router.post(
    "/{model_id}/batch-predictions",
    status_code=status.HTTP_202_ACCEPTED,
    deprecated=True,
    responses=QUEUE_UNAVAILABLE,
    # Documented with its JSON form only; its multipart form is `.../batch-predictions/upload`.
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/BatchFromDataset"}}
            },
        }
    },
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
    """Deprecated: use `POST .../batch-predictions/upload` (a CSV) or `.../dataset` (JSON).

    The route of earlier releases, kept for their clients: a multipart body is scored as an
    upload, anything else is read as JSON naming a dataset version.
    """
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        return await create_batch_from_upload(
            model_id, request, user, session, settings, store, queue
        )
    try:
        body = BatchFromDataset.model_validate_json(await request.body())
    except ValidationError as e:
        raise Unprocessable(
            "Send a CSV file (multipart `file`) or JSON {dataset_id, dataset_version?}",
            details=e.errors(include_url=False, include_context=False),
        ) from e
    return await run_in_threadpool(create_batch_from_dataset, model_id, body, user, session, queue)


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
