"""Batch scoring use cases: queue a job for a CSV upload or a dataset version, read its state.

The job (kind "predictions.batch") runs on a worker (see `tasks.py`); its payload says which
model version and which input, its result holds the row counts, the first row-level problems and
the output's storage key.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.datasets import service as datasets
from csv_analyzer.errors import Conflict, NotFound
from csv_analyzer.jobs import service as jobs
from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.jobs.queue import JobQueue
from csv_analyzer.ownership import get_owned, owned_by
from csv_analyzer.predictions.batch_job import BatchSpec, DatasetInput, UploadInput
from csv_analyzer.registry import service as registry
from csv_analyzer.storage import ObjectStore

KIND = "predictions.batch"


class BatchJobNotFound(NotFound):
    code = "batch_job_not_found"


class BatchNotReady(Conflict):
    code = "batch_not_ready"


def batch_prefix(job_id: str) -> str:
    return f"predictions/batches/{job_id}"


def input_key(job_id: str) -> str:
    return f"{batch_prefix(job_id)}/input.csv"


def output_key(job_id: str) -> str:
    return f"{batch_prefix(job_id)}/predictions.csv"


def _queue_job(session: Session, queue: JobQueue, job: Job) -> Job:
    session.commit()
    jobs.enqueue(session, queue, job)
    return job


def create_from_upload(
    session: Session,
    queue: JobQueue,
    store: ObjectStore,
    user: User,
    *,
    model_id: str,
    number: int | None,
    staged: Path,
    filename: str,
) -> Job:
    """Store the uploaded CSV and queue a job scoring it with the version (default champion)."""
    model, version = registry.resolve_serving(session, user, model_id, number)
    upload = UploadInput(filename=filename)
    spec = BatchSpec(model_id=model.id, model_version=version.version, input=upload)
    job = jobs.new_job(session, owner_id=user.id, kind=KIND, payload=spec.model_dump(mode="json"))
    session.flush()
    store.put_file(input_key(job.id), staged)
    upload.key = input_key(job.id)
    job.payload = spec.model_dump(mode="json")
    return _queue_job(session, queue, job)


def create_from_dataset(
    session: Session,
    queue: JobQueue,
    user: User,
    *,
    model_id: str,
    number: int | None,
    dataset_id: str,
    dataset_version: int | None,
) -> Job:
    """Queue a job scoring a dataset version (default current) with the model version."""
    model, version = registry.resolve_serving(session, user, model_id, number)
    data = datasets.get_version(session, user, dataset_id, dataset_version)
    spec = BatchSpec(
        model_id=model.id,
        model_version=version.version,
        input=DatasetInput(dataset_id=dataset_id, dataset_version=data.number, version_id=data.id),
    )
    job = jobs.new_job(session, owner_id=user.id, kind=KIND, payload=spec.model_dump(mode="json"))
    return _queue_job(session, queue, job)


def get_batch_job(session: Session, user: User, model_id: str, job_id: str) -> Job:
    """The user's batch job for this model (404 for anything else, including other kinds)."""
    registry.get_model(session, user, model_id)
    job = get_owned(session, Job, job_id, user, error=BatchJobNotFound, what="batch job")
    if job.kind != KIND or (job.payload or {}).get("model_id") != model_id:
        raise BatchJobNotFound(f"Batch job {job_id} not found")
    return job


def list_batch_jobs(
    session: Session, user: User, model_id: str, offset: int, limit: int
) -> tuple[list[Job], int]:
    """The user's batch jobs for this model, newest first, and how many there are."""
    registry.get_model(session, user, model_id)
    where = (
        owned_by(Job, user),
        Job.kind == KIND,
        Job.payload["model_id"].as_string() == model_id,
    )
    total = session.scalar(select(func.count()).select_from(Job).where(*where)) or 0
    rows = session.scalars(
        select(Job).where(*where).order_by(Job.created_at.desc()).offset(offset).limit(limit)
    ).all()
    return list(rows), total


def finished_output(session: Session, user: User, model_id: str, job_id: str) -> Job:
    """The job, if it succeeded (409 while it runs or if it failed)."""
    job = get_batch_job(session, user, model_id, job_id)
    if job.status != JobStatus.SUCCEEDED.value:
        raise BatchNotReady(
            f"The batch job is {job.status}; the file is ready once it has succeeded",
            details={"status": job.status},
        )
    return job
