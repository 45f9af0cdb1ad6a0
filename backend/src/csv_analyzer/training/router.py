"""Training API: preview a target, start AutoML jobs, follow their progress, cancel them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, status

from csv_analyzer.deps import CurrentUser, PageDep, SessionDep, SettingsDep, StoreDep
from csv_analyzer.error_handlers import QUEUE_UNAVAILABLE, ErrorResponse
from csv_analyzer.jobs.deps import QueueDep
from csv_analyzer.training import service
from csv_analyzer.training.models import TrainingRun
from csv_analyzer.training.schemas import (
    JobState,
    TrainingJobCreate,
    TrainingJobPage,
    TrainingJobRead,
    TrainingJobSummary,
    TrainingOptions,
    TrainingPreview,
    TrainingPreviewRequest,
    TrainingProgress,
    TrainingResult,
    TrainingSpec,
)

router = APIRouter(prefix="/training-jobs", tags=["training"])
options_router = APIRouter(prefix="/training", tags=["training"])


@options_router.get("/options")
def get_training_options(_user: CurrentUser) -> TrainingOptions:
    """The training request's limits and each metric's label, direction and explanation."""
    return service.training_options()


def _summary(run: TrainingRun, *, history: bool = True) -> TrainingJobSummary:
    job = run.job
    progress = TrainingProgress.model_validate(job.progress or {})
    if not history:  # lists stay small; the detail route carries the history and leaderboard
        progress.history = []
        progress.leaderboard = []
    duration = None
    if job.started_at is not None and job.finished_at is not None:
        duration = round((job.finished_at - job.started_at).total_seconds(), 3)
    return TrainingJobSummary(
        id=run.id,
        status=job.status,
        dataset_id=run.dataset_id,
        dataset_version=run.dataset_version,
        target=run.target,
        task=run.task,
        model_name=run.model_name,
        model_version=run.model_version,
        progress=progress,
        error=job.error,
        cancel_requested=job.cancel_requested,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
        duration_s=duration,
    )


def mlflow_run_url(ui_url: str, experiment_id: str | None, run_id: str | None) -> str | None:
    """The run's page in the MLflow UI, or None without a configured UI or a tracked run."""
    if not ui_url or not experiment_id or not run_id:
        return None
    return f"{ui_url.rstrip('/')}/#/experiments/{experiment_id}/runs/{run_id}"


def training_job_read(run: TrainingRun, mlflow_ui_url: str = "") -> TrainingJobRead:
    result = run.job.result if run.job.status == "succeeded" else None
    return TrainingJobRead(
        **dict(_summary(run)),
        config=TrainingSpec.model_validate(run.job.payload or {}),
        registered_model_name=run.mlflow_model_name,
        mlflow_experiment_id=run.mlflow_experiment_id,
        mlflow_run_id=run.mlflow_run_id,
        mlflow_run_url=mlflow_run_url(mlflow_ui_url, run.mlflow_experiment_id, run.mlflow_run_id),
        result=TrainingResult.model_validate(result) if result else None,
    )


@router.post("/preview")
def preview_training(
    body: TrainingPreviewRequest, user: CurrentUser, session: SessionDep, store: StoreDep
) -> TrainingPreview:
    """Detect the task for a target, explain why, and suggest columns to exclude."""
    return service.preview(session, store, user, body)


@router.post("", status_code=status.HTTP_202_ACCEPTED, responses=QUEUE_UNAVAILABLE)
def create_training_job(
    body: TrainingJobCreate,
    user: CurrentUser,
    session: SessionDep,
    store: StoreDep,
    queue: QueueDep,
    settings: SettingsDep,
) -> TrainingJobRead:
    """Validate the request and queue an AutoML training job on a dataset version."""
    run = service.create_training_job(session, store, queue, user, body)
    return training_job_read(run, settings.mlflow_ui_url)


@router.get("")
def list_training_jobs(
    user: CurrentUser,
    session: SessionDep,
    page: PageDep,
    dataset_id: Annotated[str | None, Query(max_length=64)] = None,
    status: Annotated[JobState | None, Query()] = None,
) -> TrainingJobPage:
    """Your training jobs, newest first, optionally for one dataset or in one state."""
    runs, total = service.list_training_jobs(
        session, user, page, dataset_id=dataset_id, status=status
    )
    return TrainingJobPage(
        items=[_summary(r, history=False) for r in runs],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get("/{job_id}")
def get_training_job(
    job_id: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> TrainingJobRead:
    """One training job: status, progress, leaderboard, holdout metrics and registered model."""
    return training_job_read(
        service.get_training_job(session, user, job_id), settings.mlflow_ui_url
    )


@router.post(
    "/{job_id}/cancel",
    responses={409: {"model": ErrorResponse, "description": "The job has already finished"}},
)
def cancel_training_job(
    job_id: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> TrainingJobRead:
    """Cancel a queued or running training job (409 once it has finished)."""
    run = service.cancel_training_job(session, user, job_id)
    return training_job_read(run, settings.mlflow_ui_url)
