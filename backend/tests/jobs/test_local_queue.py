"""The embedded queue: one spawned process per job, a concurrency limit, death noticed at once."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.jobs import service
from csv_analyzer.jobs.local import LocalQueue
from csv_analyzer.jobs.models import Job
from csv_analyzer.jobs.reaper import WORKER_LOST
from csv_analyzer.jobs.runner import HARD_CANCEL_AFTER_S
from tests.jobs.conftest import load, wait_for


@pytest.fixture
def queue(job_settings: Settings, sm: sessionmaker[Session]) -> Iterator[LocalQueue]:
    q = LocalQueue(job_settings, sm, poll_s=0.2)
    q.start()
    yield q
    q.stop()


def test_job_runs_to_success_in_its_own_process(
    queue: LocalQueue, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job(seconds=0.2)
    queue.enqueue(job_id, "jobs.sleep")
    job = wait_for(sm, job_id, lambda j: j.is_finished, timeout=30)
    assert job.status == "succeeded", job.error
    assert job.result is not None
    worker = str(job.result["worker_id"])
    assert worker.startswith("local:")
    assert int(worker.rsplit(":", 1)[1]) != os.getpid()


def test_at_most_worker_processes_jobs_run_at_once(
    queue: LocalQueue, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    assert queue.settings.worker_processes == 1
    first, second = make_job(seconds=2), make_job(seconds=0)
    queue.enqueue(first, "jobs.sleep")
    queue.enqueue(second, "jobs.sleep")
    wait_for(sm, first, lambda j: j.status == "running", timeout=30)
    assert load(sm, second).status == "queued"
    wait_for(sm, second, lambda j: j.status == "succeeded", timeout=30)
    assert load(sm, first).status == "succeeded"


def test_killed_job_process_fails_the_job_without_waiting_for_the_reaper(
    queue: LocalQueue, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job(seconds=120)
    queue.enqueue(job_id, "jobs.sleep")
    wait_for(sm, job_id, lambda j: j.status == "running", timeout=30)
    pid = queue.children[job_id].pid
    assert pid is not None
    os.kill(pid, signal.SIGKILL)
    job = wait_for(sm, job_id, lambda j: j.is_finished, timeout=3)
    assert (job.status, job.error) == ("failed", WORKER_LOST)


def test_cancelled_queued_job_never_starts(
    job_settings: Settings, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job(seconds=0)
    with sm() as session:
        job = service.request_cancel(session, session.get_one(Job, job_id))
    assert job.status == "cancelled"
    q = LocalQueue(job_settings, sm, poll_s=0.1)
    q.tick()
    assert q.children == {}
    assert load(sm, job_id).status == "cancelled"


def test_stop_fails_the_jobs_it_interrupts(
    job_settings: Settings, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    q = LocalQueue(job_settings, sm, poll_s=0.2)
    q.start()
    job_id = make_job(seconds=120)
    q.enqueue(job_id, "jobs.sleep")
    wait_for(sm, job_id, lambda j: j.status == "running", timeout=30)
    q.stop()
    job = load(sm, job_id)
    assert job.status == "failed"
    assert job.error == "the server stopped while the job was running"


def test_job_deaf_to_cancel_is_stopped_after_the_grace_period(
    queue: LocalQueue, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job(seconds=120, ignore_cancel=True)
    queue.enqueue(job_id, "jobs.sleep")
    # "running" is set at the claim, before the handler starts; a cancel in between is honoured at
    # once (correctly), so wait until the handler itself is busy.
    wait_for(
        sm,
        job_id,
        lambda j: j.status == "running" and (j.progress or {}).get("step") == "sleeping",
        timeout=30,
    )
    proc = queue.children[job_id]
    asked = time.monotonic()
    with sm.begin() as session:
        session.execute(update(Job).where(Job.id == job_id).values(cancel_requested=True))
    job = wait_for(sm, job_id, lambda j: j.is_finished, timeout=HARD_CANCEL_AFTER_S + 10)
    assert (job.status, job.error) == ("cancelled", None)
    assert time.monotonic() - asked >= HARD_CANCEL_AFTER_S
    proc.join(timeout=10)
    assert proc.exitcode == 0


def _standby_pid(q: LocalQueue, timeout: float = 30) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if q.standby is not None and q.standby[0].pid is not None:
            return q.standby[0].pid
        time.sleep(0.05)
    raise AssertionError("no standby process was started")


def test_a_warm_standby_process_runs_the_next_job_and_is_replaced_once_idle(
    job_settings: Settings, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    q = LocalQueue(job_settings.model_copy(update={"worker_standby": True}), sm, poll_s=0.1)
    q.start()
    try:
        warm = _standby_pid(q)
        job_id = make_job(seconds=0.2)
        q.enqueue(job_id, "jobs.sleep")
        job = wait_for(sm, job_id, lambda j: j.is_finished, timeout=60)
        assert job.status == "succeeded", job.error
        assert job.result is not None
        assert int(str(job.result["worker_id"]).rsplit(":", 1)[1]) == warm
        assert _standby_pid(q) != warm  # a fresh process for the next job, one job per process
    finally:
        q.stop()


def test_stop_ends_the_standby_process(job_settings: Settings, sm: sessionmaker[Session]) -> None:
    q = LocalQueue(job_settings.model_copy(update={"worker_standby": True}), sm, poll_s=0.1)
    q.start()
    _standby_pid(q)
    assert q.standby is not None
    proc = q.standby[0]
    q.stop()
    assert q.standby is None
    assert not proc.is_alive()
