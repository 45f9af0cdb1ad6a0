"""The runner: claim once, heartbeat, progress, cooperative cancel and readable final states."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.jobs.models import Job
from csv_analyzer.jobs.runner import MAX_ATTEMPTS, claim, describe_crash, run_job
from tests.jobs.conftest import load, wait_for


class TestClaim:
    def test_second_claim_of_the_same_job_is_a_noop(
        self, sm: sessionmaker[Session], make_job: Callable[..., str]
    ) -> None:
        job_id = make_job()
        assert claim(sm, job_id, "w1") is True
        assert claim(sm, job_id, "w2") is False
        job = load(sm, job_id)
        assert (job.status, job.worker_id, job.attempts) == ("running", "w1", 1)

    def test_redelivery_of_a_finished_job_does_not_run_it_again(
        self, sm: sessionmaker[Session], make_job: Callable[..., str], job_settings: Settings
    ) -> None:
        job_id = make_job(seconds=0)
        assert run_job(job_id, job_settings, worker_id="w1") == "succeeded"
        assert run_job(job_id, job_settings, worker_id="w2") is None
        job = load(sm, job_id)
        assert (job.worker_id, job.attempts) == ("w1", 1)

    def test_job_over_its_attempts_is_not_claimed(
        self, sm: sessionmaker[Session], make_job: Callable[..., str]
    ) -> None:
        job_id = make_job()
        with sm.begin() as session:
            session.execute(update(Job).where(Job.id == job_id).values(attempts=MAX_ATTEMPTS))
        assert claim(sm, job_id, "w1") is False


class TestRunJob:
    def test_success_stores_result_progress_and_times(
        self, sm: sessionmaker[Session], make_job: Callable[..., str], job_settings: Settings
    ) -> None:
        job_id = make_job(seconds=0.3)
        assert run_job(job_id, job_settings, worker_id="w1") == "succeeded"
        job = load(sm, job_id)
        assert job.status == "succeeded"
        assert job.result is not None
        assert job.result["slept_s"] >= 0.3
        assert job.progress["fraction"] == 1.0
        assert job.progress["step"] == "succeeded"
        assert job.error is None
        assert job.started_at is not None
        assert job.finished_at is not None
        assert job.finished_at >= job.started_at

    def test_handler_failure_is_stored_as_its_message(
        self, sm: sessionmaker[Session], make_job: Callable[..., str], job_settings: Settings
    ) -> None:
        job_id = make_job(seconds=0, fail="the target column is constant")
        assert run_job(job_id, job_settings) == "failed"
        assert load(sm, job_id).error == "the target column is constant"

    def test_unknown_kind_fails_readably(
        self, sm: sessionmaker[Session], make_job: Callable[..., str], job_settings: Settings
    ) -> None:
        job_id = make_job(kind="nothing.here")
        assert run_job(job_id, job_settings) == "failed"
        assert load(sm, job_id).error == "no handler is registered for job kind 'nothing.here'"

    def test_crash_reason_names_the_exception_without_a_traceback(self) -> None:
        assert describe_crash(KeyError("col")) == "internal error (KeyError: 'col')"
        assert describe_crash(MemoryError()) == "the worker ran out of memory"

    def test_heartbeat_advances_while_running(
        self, sm: sessionmaker[Session], make_job: Callable[..., str], job_settings: Settings
    ) -> None:
        job_id = make_job(seconds=2.5)
        thread = threading.Thread(target=run_job, args=(job_id, job_settings))
        thread.start()
        first = wait_for(sm, job_id, lambda j: j.status == "running", timeout=5).heartbeat_at
        time.sleep(1.8)
        later = load(sm, job_id)
        thread.join()
        assert first is not None
        assert later.heartbeat_at is not None
        assert later.heartbeat_at > first
        assert 0 < later.progress["fraction"] < 1

    def test_cancel_of_a_running_job_ends_it_cancelled_quickly(
        self, sm: sessionmaker[Session], make_job: Callable[..., str], job_settings: Settings
    ) -> None:
        job_id = make_job(seconds=60)
        thread = threading.Thread(target=run_job, args=(job_id, job_settings))
        thread.start()
        wait_for(sm, job_id, lambda j: j.status == "running", timeout=5)
        asked = time.monotonic()
        with sm.begin() as session:
            session.execute(update(Job).where(Job.id == job_id).values(cancel_requested=True))
        job = wait_for(sm, job_id, lambda j: j.is_finished, timeout=5)
        thread.join()
        assert job.status == "cancelled"
        assert job.error is None
        assert time.monotonic() - asked < 2.0
