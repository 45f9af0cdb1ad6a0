"""The embedded queue: one spawned process per job, at most `worker_processes` at once.

A dispatcher thread in the API process polls queued jobs from the database (and is woken at once
by `enqueue`), starts a process per job, notices processes that exit, and reaps silent jobs. Not
a `ProcessPoolExecutor` (it cannot kill one task and breaks when a child dies) and not Celery's
eager mode (which would run the job inside the request).

With `worker_standby`, the next job's process is started while the queue is idle: it imports the
job libraries (seconds on a busy machine) and waits on a pipe for its job id, so a job starts
warm. It still serves one job and exits. It is started only when no job runs, so its imports
never compete with a running job for the CPU.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from multiprocessing.connection import Connection
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
from csv_analyzer.jobs.runner import (
    HARD_CANCEL_AFTER_S,
    default_worker_id,
    finish,
    preload,
    run_job,
)

log = logging.getLogger(__name__)

POLL_S = 1.0
MAX_LAUNCHES = 3
MAX_STANDBY_FAILURES = 3
SERVER_STOPPED = "the server stopped while the job was running"


def _child_setup(settings: Settings) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C on the server: the parent decides
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    logging.basicConfig(
        level=settings.log_level.upper(), format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def child_main(job_id: str, settings: Settings) -> None:
    """Entry point of a job process (spawned: a fresh interpreter, nothing inherited)."""
    _child_setup(settings)
    _run(job_id, settings)


def standby_main(conn: Connection, settings: Settings) -> None:
    """Entry point of a process started ahead of its job: import, then wait for the job id.

    The pipe closing (the queue stopped, the server died) ends the process without a job.
    """
    _child_setup(settings)
    preload()
    try:
        job_id = conn.recv()
    except EOFError:
        return
    finally:
        conn.close()
    _run(str(job_id), settings)


def _run(job_id: str, settings: Settings) -> None:
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
        self.standby: tuple[BaseProcess, Connection] | None = None
        self._standby_failures = 0

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
        if self.standby is not None:
            proc, conn = self.standby
            self.standby = None
            conn.close()
            proc.terminate()  # it holds no job: nothing to wait for (it may still be importing)
            proc.join(timeout=5)

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
        if not self._stop.is_set() and not self.children and self.settings.worker_standby:
            self._ensure_standby()

    def _ensure_standby(self) -> None:
        """Start a warm process for the next job if there is none (called only while idle)."""
        if self.standby is not None:
            proc, conn = self.standby
            if proc.is_alive():
                return
            conn.close()
            proc.join()
            self.standby = None
            self._standby_failures += 1
            log.warning("standby job process exited with %s", proc.exitcode)
        if self._standby_failures >= MAX_STANDBY_FAILURES:
            return  # it keeps dying (a broken import?): jobs start cold, as without a standby
        reader, writer = self._ctx.Pipe(duplex=False)
        proc = self._ctx.Process(
            target=standby_main, args=(reader, self.settings), name="job-standby", daemon=True
        )
        proc.start()
        reader.close()  # the child holds the reading end now
        self.standby = (proc, writer)

    def _hand_to_standby(self, job_id: str) -> BaseProcess | None:
        """The standby process, now running `job_id`; None if there is no live standby."""
        if self.standby is None:
            return None
        proc, writer = self.standby
        self.standby = None
        try:
            if not proc.is_alive():
                proc.join()
                return None
            writer.send(job_id)
        except OSError:
            return None  # it died between the check and the send
        finally:
            writer.close()
        return proc

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
        proc = self._hand_to_standby(job_id)
        if proc is None:
            proc = self._ctx.Process(
                target=child_main, args=(job_id, self.settings), name=f"job-{job_id}", daemon=True
            )
            proc.start()
        self.children[job_id] = proc
        self.launches[job_id] = self.launches.get(job_id, 0) + 1
        log.info("job %s: started process %s", job_id, proc.pid)
