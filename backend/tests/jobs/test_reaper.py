"""Silent jobs fail with a reason: stale heartbeats, and a worker process killed with SIGKILL."""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.db import utcnow
from csv_analyzer.jobs.local import child_main
from csv_analyzer.jobs.models import Job
from csv_analyzer.jobs.reaper import WORKER_LOST, reap_stale_jobs
from csv_analyzer.jobs.runner import claim
from tests.jobs.conftest import STALE_AFTER_S, load, wait_for


def _age_heartbeat(sm: sessionmaker[Session], job_id: str, seconds: float) -> None:
    with sm.begin() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(heartbeat_at=utcnow() - timedelta(seconds=seconds))
        )


def test_running_job_with_an_old_heartbeat_is_failed(
    sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job()
    claim(sm, job_id, "w1")
    _age_heartbeat(sm, job_id, STALE_AFTER_S + 1)
    assert reap_stale_jobs(sm, STALE_AFTER_S) == [job_id]
    job = load(sm, job_id)
    assert (job.status, job.error) == ("failed", WORKER_LOST)
    assert job.finished_at is not None


def test_fresh_and_queued_jobs_are_left_alone(
    sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    running, queued = make_job(), make_job()
    claim(sm, running, "w1")
    _age_heartbeat(sm, running, STALE_AFTER_S - 2)
    assert reap_stale_jobs(sm, STALE_AFTER_S) == []
    assert load(sm, running).status == "running"
    assert load(sm, queued).status == "queued"


def test_worker_killed_with_sigkill_ends_failed_within_the_stale_window(
    sm: sessionmaker[Session], make_job: Callable[..., str], job_settings: Settings
) -> None:
    job_id = make_job(seconds=120)
    proc = multiprocessing.get_context("spawn").Process(
        target=child_main, args=(job_id, job_settings)
    )
    proc.start()
    try:
        wait_for(sm, job_id, lambda j: j.status == "running", timeout=30)
    finally:
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=10)
    killed = time.monotonic()
    assert load(sm, job_id).status == "running"  # nobody has noticed yet
    deadline = killed + STALE_AFTER_S + job_settings.job_heartbeat_s + 3
    while load(sm, job_id).status == "running" and time.monotonic() < deadline:
        reap_stale_jobs(sm, STALE_AFTER_S)
        time.sleep(0.25)
    job = load(sm, job_id)
    assert (job.status, job.error) == ("failed", WORKER_LOST)
    assert time.monotonic() - killed <= STALE_AFTER_S + job_settings.job_heartbeat_s + 1
