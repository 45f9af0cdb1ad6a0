"""Use cases shared by every job kind: create (no commit), enqueue after commit, cancel."""

from __future__ import annotations

import logging

from sqlalchemy import update
from sqlalchemy.orm import Session

from csv_analyzer.db import utcnow
from csv_analyzer.errors import AppError, Conflict
from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.jobs.queue import JobQueue
from csv_analyzer.json_types import JsonObject

log = logging.getLogger(__name__)

QUEUE_DOWN = "the job queue could not be reached; try again later"


class QueueUnavailable(AppError):
    status_code = 503
    code = "queue_unavailable"


class JobFinished(Conflict):
    code = "job_finished"


def new_job(session: Session, *, owner_id: str, kind: str, payload: JsonObject) -> Job:
    """Add a queued job to the session; the caller commits it, then calls `enqueue`."""
    job = Job(owner_id=owner_id, kind=kind, payload=payload, progress={"fraction": 0.0})
    session.add(job)
    return job


def enqueue(session: Session, queue: JobQueue, job: Job) -> None:
    """Hand a committed job to the queue; if the queue is down, the job fails with a reason."""
    try:
        queue.enqueue(job.id, job.kind)
    except Exception as e:
        log.exception("job %s: enqueue failed", job.id)
        session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == JobStatus.QUEUED.value)
            .values(status=JobStatus.FAILED.value, error=QUEUE_DOWN, finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        session.commit()
        raise QueueUnavailable(QUEUE_DOWN) from e


def request_cancel(session: Session, job: Job) -> Job:
    """Cancel a queued job at once; ask a running one to stop (it checks between steps)."""
    now = utcnow()
    res = session.execute(
        update(Job)
        .where(Job.id == job.id, Job.status == JobStatus.QUEUED.value)
        .values(status=JobStatus.CANCELLED.value, cancel_requested=True, finished_at=now)
        .execution_options(synchronize_session=False)
    )
    if getattr(res, "rowcount", 0) != 1:
        res = session.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == JobStatus.RUNNING.value)
            .values(cancel_requested=True)
            .execution_options(synchronize_session=False)
        )
    session.commit()
    session.refresh(job)
    if getattr(res, "rowcount", 0) != 1:
        raise JobFinished(
            f"The job has already finished ({job.status})", details={"status": job.status}
        )
    return job
