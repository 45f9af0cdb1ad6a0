"""A real Celery worker (solo pool) against the real Redis runs, deduplicates, cancels and dies.

Needs Redis (the `redis_url` fixture: this xdist worker's own database, flushed). Without it the
tests skip, unless REDIS_REQUIRED=1 (CI), where they fail.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.jobs.models import Job
from csv_analyzer.jobs.queue import CeleryQueue
from csv_analyzer.jobs.reaper import WORKER_LOST, reap_stale_jobs
from tests.conftest import TEST_SECRET
from tests.jobs.conftest import HEARTBEAT_S, STALE_AFTER_S, load, wait_for

pytestmark = [pytest.mark.redis, pytest.mark.slow]


class Worker:
    def __init__(self, proc: subprocess.Popen[bytes], log: Path) -> None:
        self.proc = proc
        self.log = log
        self.metrics_port = 0

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def worker(redis_url: str, database_url: str, tmp_path: Path) -> Iterator[Worker]:
    """`celery -A csv_analyzer.worker worker --pool solo` on the test DB and Redis."""
    log = tmp_path / "worker.log"
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        metrics_port = s.getsockname()[1]
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": database_url,
        "DATA_DIR": str(tmp_path / "var"),
        "JWT_SECRET": TEST_SECRET,
        "ENVIRONMENT": "test",
        "JOB_HEARTBEAT_S": str(HEARTBEAT_S),
        "JOB_STALE_AFTER_S": str(STALE_AFTER_S),
        "WORKER_METRICS_PORT": str(metrics_port),
        "WORKER_METRICS_HOST": "127.0.0.1",
    }
    cmd = [sys.executable, "-m", "celery", "-A", "csv_analyzer.worker", "worker"]
    cmd += ["--pool", "solo", "--loglevel", "INFO", "--without-mingle", "--without-gossip"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    w = Worker(proc, log)
    w.metrics_port = metrics_port
    deadline = time.monotonic() + 90
    while "ready." not in w.output():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the Celery worker did not start:\n{w.output()[-3000:]}")
        time.sleep(0.2)
    yield w
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def queue(job_settings: Settings, redis_url: str, sm: sessionmaker[Session]) -> CeleryQueue:
    return CeleryQueue(job_settings.model_copy(update={"redis_url": redis_url}), sm)


def test_worker_runs_jobs_once_and_cancels_a_running_one(
    worker: Worker, queue: CeleryQueue, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job(seconds=0.2)
    queue.enqueue(job_id, "jobs.sleep")
    queue.enqueue(job_id, "jobs.sleep")  # a redelivery: the claim makes it a no-op
    job = wait_for(sm, job_id, lambda j: j.is_finished, timeout=30)
    assert job.status == "succeeded", job.error
    assert job.worker_id is not None
    assert job.worker_id.startswith("celery:")
    assert job.worker_id.endswith(f":{worker.proc.pid}")
    long_id = make_job(seconds=60)
    queue.enqueue(long_id, "jobs.sleep")
    wait_for(sm, long_id, lambda j: j.status == "running", timeout=30)
    with sm.begin() as session:
        session.execute(update(Job).where(Job.id == long_id).values(cancel_requested=True))
    assert wait_for(sm, long_id, lambda j: j.is_finished, timeout=5).status == "cancelled"
    assert load(sm, job_id).attempts == 1
    assert "not claimable" in worker.output()


def test_worker_killed_mid_job_leaves_it_failed_after_the_stale_window(
    worker: Worker, queue: CeleryQueue, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    job_id = make_job(seconds=120)
    queue.enqueue(job_id, "jobs.sleep")
    wait_for(sm, job_id, lambda j: j.status == "running", timeout=30)
    os.kill(worker.proc.pid, signal.SIGKILL)
    worker.proc.wait(timeout=10)
    killed = time.monotonic()
    deadline = killed + STALE_AFTER_S + HEARTBEAT_S + 3
    while load(sm, job_id).status == "running" and time.monotonic() < deadline:
        reap_stale_jobs(sm, STALE_AFTER_S)
        time.sleep(0.25)
    job = load(sm, job_id)
    assert (job.status, job.error) == ("failed", WORKER_LOST)


def test_worker_serves_prometheus_metrics(worker: Worker) -> None:
    body = urllib.request.urlopen(f"http://127.0.0.1:{worker.metrics_port}/metrics").read()
    assert b"csv_analyzer_worker_start_time_seconds" in body
