"""The embedded queue: one spawned process per job, at most `worker_processes` at once.

A dispatcher thread in the API process polls queued jobs from the database (and is woken at once
by `enqueue`), starts a process per job, notices processes that exit, and reaps silent jobs. Not
a `ProcessPoolExecutor` (it cannot kill one task and breaks when a child dies) and not Celery's
eager mode (which would run the job inside the request).
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.process import BaseProcess

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.jobs.reaper import (
    WORKER_LOST,
    fail_if_running,
    reap_interval,
    reap_stale_jobs,
)
from csv_analyzer.jobs.runner import HARD_CANCEL_AFTER_S, default_worker_id, finish, run_job

log = logging.getLogger(__name__)

POLL_S = 1.0
MAX_LAUNCHES = 3
SERVER_STOPPED = "the server stopped while the job was running"


def child_main(job_id: str, settings: Settings) -> None:
    """Entry point of a job process (spawned: a fresh interpreter, nothing inherited)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C on the server: the parent decides
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    run_job(
        job_id,
        settings,
        worker_id=default_worker_id("local"),
        hard_cancel_after_s=HARD_CANCEL_AFTER_S,  # this process exists for this job only
    )


class LocalQueue:
    def __init__(
        self, settings: Settings, sm: sessionmaker[Session], *, poll_s: float = POLL_S
    ) -> None:
        self.settings = settings
        self.sm = sm
        self.poll_s = poll_s
        self.children: dict[str, BaseProcess] = {}
        self.launches: dict[str, int] = {}
        self._ctx = multiprocessing.get_context("spawn")
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last_reap = 0.0

    def enqueue(self, job_id: str, kind: str) -> None:  # noqa: ARG002 - the row says everything
        self._wake.set()

    def start(self) -> None:
        reap_stale_jobs(self.sm, self.settings.job_stale_after_s)
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="job-dispatcher", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=timeout)
        for job_id, proc in list(self.children.items()):
            if proc.is_alive():
                proc.terminate()
            proc.join(timeout=5)
            fail_if_running(self.sm, job_id, SERVER_STOPPED)
        self.children.clear()

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.tick()
            except Exception:
                log.exception("job dispatcher tick failed")
            self._wake.wait(self.poll_s)
            self._wake.clear()

    def tick(self) -> None:
        """Collect exited processes, reap silent jobs now and then, start queued jobs."""
        self._collect_exited()
        now = time.monotonic()
        if now - self._last_reap >= reap_interval(self.settings):
            self._last_reap = now
            reap_stale_jobs(self.sm, self.settings.job_stale_after_s)
        if not self._stop.is_set():
            self._dispatch()

    def _collect_exited(self) -> None:
        for job_id, proc in list(self.children.items()):
            if proc.is_alive():
                continue
            proc.join()
            del self.children[job_id]
            with self.sm() as session:
                status = session.scalar(select(Job.status).where(Job.id == job_id))
            if status == JobStatus.RUNNING.value:
                log.warning("job %s: process exited with %s while running", job_id, proc.exitcode)
                fail_if_running(self.sm, job_id, WORKER_LOST)
            elif status == JobStatus.QUEUED.value and self.launches.get(job_id, 0) >= MAX_LAUNCHES:
                finish(
                    self.sm,
                    job_id,
                    JobStatus.FAILED,
                    error=f"the worker process could not start (exit code {proc.exitcode})",
                    only_from=(JobStatus.QUEUED,),
                )
            if status != JobStatus.QUEUED.value:
                self.launches.pop(job_id, None)

    def _dispatch(self) -> None:
        mine = list(self.children)
        with self.sm() as session:
            # Running jobs of other processes (another API process, a job not reaped yet) count.
            others = select(func.count()).where(Job.status == JobStatus.RUNNING.value)
            if mine:
                others = others.where(Job.id.not_in(mine))
            busy = (session.scalar(others) or 0) + len(mine)
            free = self.settings.worker_processes - busy
            if free <= 0:
                return
            query = select(Job.id).where(Job.status == JobStatus.QUEUED.value)
            if mine:
                query = query.where(Job.id.not_in(mine))
            ids = list(session.scalars(query.order_by(Job.created_at).limit(free)))
        for job_id in ids:
            self._launch(job_id)

    def _launch(self, job_id: str) -> None:
        proc = self._ctx.Process(
            target=child_main, args=(job_id, self.settings), name=f"job-{job_id}", daemon=True
        )
        proc.start()
        self.children[job_id] = proc
        self.launches[job_id] = self.launches.get(job_id, 0) + 1
        log.info("job %s: started process %s", job_id, proc.pid)
