"""Job use cases: enqueue after commit (a dead queue fails the job readably), cancel rules."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.jobs import service
from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.jobs.runner import claim, finish
from tests.jobs.conftest import load


class DeadQueue:
    def enqueue(self, job_id: str, kind: str) -> None:  # noqa: ARG002
        raise ConnectionError("redis is down")

    def start(self) -> None: ...

    def stop(self) -> None: ...


class RecordingQueue(DeadQueue):
    def __init__(self, sm: sessionmaker[Session]) -> None:
        self.sm = sm
        self.seen: list[tuple[str, str, str]] = []

    def enqueue(self, job_id: str, kind: str) -> None:
        # The job must already be committed: another connection can read it.
        self.seen.append((job_id, kind, load(self.sm, job_id).status))


def test_enqueue_happens_after_the_commit(sm: sessionmaker[Session], owner_id: str) -> None:
    queue = RecordingQueue(sm)
    with sm() as session:
        job = service.new_job(session, owner_id=owner_id, kind="jobs.sleep", payload={})
        session.commit()
        service.enqueue(session, queue, job)
    assert queue.seen == [(job.id, "jobs.sleep", "queued")]


def test_unreachable_queue_fails_the_job_and_answers_503(
    sm: sessionmaker[Session], owner_id: str
) -> None:
    with sm() as session:
        job = service.new_job(session, owner_id=owner_id, kind="jobs.sleep", payload={})
        session.commit()
        with pytest.raises(service.QueueUnavailable, match="could not be reached") as info:
            service.enqueue(session, DeadQueue(), job)
    assert info.value.status_code == 503
    stored = load(sm, job.id)
    assert (stored.status, stored.error) == ("failed", service.QUEUE_DOWN)


def test_cancel_of_a_running_job_only_raises_the_flag(
    sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job()
    claim(sm, job_id, "w1")
    with sm() as session:
        job = service.request_cancel(session, session.get_one(Job, job_id))
        assert (job.status, job.cancel_requested) == ("running", True)


def test_cancel_of_a_finished_job_is_a_conflict(
    sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job()
    claim(sm, job_id, "w1")
    finish(sm, job_id, JobStatus.SUCCEEDED, result={})
    with sm() as session, pytest.raises(service.JobFinished, match="already finished"):
        service.request_cancel(session, session.get_one(Job, job_id))
    assert load(sm, job_id).cancel_requested is False
