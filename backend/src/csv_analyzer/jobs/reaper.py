"""Fail jobs whose worker went silent: `running` rows with a heartbeat older than the window."""

from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.db import utcnow
from csv_analyzer.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

WORKER_LOST = "the worker stopped responding (killed or crashed)"


def reap_interval(settings: Settings) -> float:
    """How often a queue looks for stale jobs: a third of the staleness window, 1-30 s."""
    return max(1.0, min(settings.job_stale_after_s / 3, 30.0))


def reap_stale_jobs(sm: sessionmaker[Session], stale_after_s: float) -> list[str]:
    """Mark silent running jobs failed with `WORKER_LOST`; the ids reaped.

    Safe to run anywhere and concurrently (API, dispatcher, Celery beat): the UPDATE repeats the
    staleness condition, so a job that just sent a heartbeat is never failed.
    """
    now = utcnow()
    cutoff = now - timedelta(seconds=stale_after_s)
    stale = or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < cutoff)
    with sm.begin() as session:
        ids = list(
            session.scalars(select(Job.id).where(Job.status == JobStatus.RUNNING.value, stale))
        )
        if not ids:
            return []
        session.execute(
            update(Job)
            .where(Job.id.in_(ids), Job.status == JobStatus.RUNNING.value, stale)
            .values(status=JobStatus.FAILED.value, error=WORKER_LOST, finished_at=now)
            .execution_options(synchronize_session=False)
        )
    for job_id in ids:
        log.warning("job %s: %s", job_id, WORKER_LOST)
    return ids


def fail_if_running(sm: sessionmaker[Session], job_id: str, reason: str = WORKER_LOST) -> bool:
    """Fail one job at once when its worker is known dead (the local dispatcher sees it exit)."""
    with sm.begin() as session:
        res = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status == JobStatus.RUNNING.value)
            .values(status=JobStatus.FAILED.value, error=reason, finished_at=utcnow())
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(res, "rowcount", 0) == 1)
