"""The code a worker runs for one job id, whichever queue delivered it.

Guarantees: the claim is a conditional UPDATE (queued -> running), so a redelivered message is a
no-op; a monitor thread writes `heartbeat_at` every `job_heartbeat_s` and turns the row's
`cancel_requested` into the handler's `should_cancel()`; the final state is written only while the
row is still `running` (a job the reaper already failed stays failed).
"""

from __future__ import annotations

import importlib
import logging
import os
import socket
import threading
import time

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.db import make_engine, make_sessionmaker, utcnow
from csv_analyzer.jobs.context import Handler, JobCancelled, JobContext, JobFailed
from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.json_types import JsonObject

log = logging.getLogger(__name__)

# kind -> "module:function"; imported lazily so the jobs package depends on no feature.
HANDLERS: dict[str, str] = {
    "training.run": "csv_analyzer.training.tasks:run_training",
    "predictions.batch": "csv_analyzer.predictions.tasks:run_batch",
    "jobs.sleep": "csv_analyzer.jobs.diagnostics:sleep",
}
# What a worker process sets up before a job, "module:function(settings)"; resolved like HANDLERS.
PROCESS_SETUP: tuple[str, ...] = ("csv_analyzer.datasets.sql:configure_from",)
# Modules a process started ahead of its job imports while it waits (the handlers and what they
# import lazily): seconds of scikit-learn, pandas, LightGBM and MLflow imports off a job's start.
PRELOAD: tuple[str, ...] = (
    "csv_analyzer.training.tasks",
    "csv_analyzer.training.tracking",
    "csv_analyzer.predictions.tasks",
)
MAX_ATTEMPTS = 3
CANCEL_POLL_S = 0.5
HARD_CANCEL_AFTER_S = 10.0  # a cancel waits at most this long for the handler's next check


def default_worker_id(prefix: str) -> str:
    return f"{prefix}:{socket.gethostname()}:{os.getpid()}"


def resolve_handler(kind: str) -> Handler:
    """The handler function registered for `kind`."""
    path = HANDLERS.get(kind)
    if path is None:
        raise JobFailed(f"no handler is registered for job kind {kind!r}")
    module_name, _, attr = path.partition(":")
    handler: Handler = getattr(importlib.import_module(module_name), attr)
    return handler


def preload() -> None:
    """Import every handler module and what it imports lazily (see `PRELOAD`)."""
    for module_name in PRELOAD:
        importlib.import_module(module_name)


def _prepare_process(settings: Settings) -> None:
    for path in PROCESS_SETUP:
        module_name, _, attr = path.partition(":")
        getattr(importlib.import_module(module_name), attr)(settings)


def claim(sm: sessionmaker[Session], job_id: str, worker_id: str) -> bool:
    """Move the job from queued to running for this worker; False if anyone else got it first."""
    now = utcnow()
    with sm.begin() as session:
        result = session.execute(
            update(Job)
            .where(
                Job.id == job_id,
                Job.status == JobStatus.QUEUED.value,
                Job.attempts < MAX_ATTEMPTS,
            )
            .values(
                status=JobStatus.RUNNING.value,
                worker_id=worker_id,
                started_at=now,
                heartbeat_at=now,
                attempts=Job.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def finish(
    sm: sessionmaker[Session],
    job_id: str,
    status: JobStatus,
    *,
    result: JsonObject | None = None,
    error: str | None = None,
    progress: JsonObject | None = None,
    only_from: tuple[JobStatus, ...] = (JobStatus.RUNNING,),
) -> bool:
    """Write a final state if the job is still in one of `only_from`; True if it was written."""
    values: dict[str, object] = {"status": status.value, "finished_at": utcnow(), "error": error}
    if result is not None:
        values["result"] = result
    if progress is not None:
        values["progress"] = progress
    with sm.begin() as session:
        res = session.execute(
            update(Job)
            .where(Job.id == job_id, Job.status.in_([s.value for s in only_from]))
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(res, "rowcount", 0) == 1)


class Monitor(threading.Thread):
    """Heartbeat writer and cancel-flag reader for one running job.

    With `hard_cancel_after_s`, a handler that has not stopped that long after a cancel request
    (one long trial) is not waited for: the job is marked cancelled and the process exits. Only
    for processes that run a single job (embedded job processes, Celery prefork children).
    """

    def __init__(
        self, ctx: JobContext, heartbeat_s: float, hard_cancel_after_s: float | None = None
    ) -> None:
        super().__init__(name=f"job-monitor-{ctx.job_id}", daemon=True)
        self.ctx = ctx
        self.heartbeat_s = heartbeat_s
        self.hard_cancel_after_s = hard_cancel_after_s
        self.stopped = threading.Event()

    def run(self) -> None:
        last_beat = time.monotonic()
        cancel_seen: float | None = None
        while not self.stopped.wait(CANCEL_POLL_S):
            now = time.monotonic()
            beat = now - last_beat >= self.heartbeat_s
            try:
                self._tick(beat=beat)
            except Exception:  # a lost tick is retried; the reaper judges only long silences
                log.warning("job %s: monitor tick failed", self.ctx.job_id, exc_info=True)
                continue
            if beat:
                last_beat = now
            if self.ctx.cancel_event.is_set() and self.hard_cancel_after_s is not None:
                cancel_seen = cancel_seen or now
                late = now - cancel_seen >= self.hard_cancel_after_s
                if late and not self.ctx.critical and not self.stopped.is_set():
                    self._hard_cancel()
            overdue = self.ctx.deadline is not None and now >= self.ctx.deadline
            single = self.hard_cancel_after_s is not None  # a process of its own: it may exit
            if overdue and single and not self.ctx.critical and not self.stopped.is_set():
                self._hard_fail()

    def _tick(self, *, beat: bool) -> None:
        with self.ctx.sessionmaker.begin() as session:
            if beat:
                session.execute(
                    update(Job)
                    .where(Job.id == self.ctx.job_id, Job.status == JobStatus.RUNNING.value)
                    .values(heartbeat_at=utcnow())
                )
            flag = session.scalar(select(Job.cancel_requested).where(Job.id == self.ctx.job_id))
        if flag:
            self.ctx.cancel_event.set()

    def _hard_fail(self) -> None:
        """The handler overran its deadline (one step it cannot interrupt, such as a long fit):
        fail the job with the handler's reason and end this single-job process."""
        message = self.ctx.overrun_message()
        log.warning("job %s: past its deadline; stopping the process: %s", self.ctx.job_id, message)
        progress = {**self.ctx.progress, "step": JobStatus.FAILED.value}
        finish(
            self.ctx.sessionmaker,
            self.ctx.job_id,
            JobStatus.FAILED,
            error=message,
            progress=progress,
        )
        logging.shutdown()
        os._exit(0)

    def _hard_cancel(self) -> None:
        log.warning(
            "job %s: still busy after a cancel request; stopping the process", self.ctx.job_id
        )
        progress = {**self.ctx.progress, "step": JobStatus.CANCELLED.value}
        finish(self.ctx.sessionmaker, self.ctx.job_id, JobStatus.CANCELLED, progress=progress)
        logging.shutdown()
        os._exit(0)


def run_job(
    job_id: str,
    settings: Settings,
    *,
    worker_id: str | None = None,
    hard_cancel_after_s: float | None = None,
) -> str | None:
    """Claim and run one job to a final state; the state written, or None if not claimed.

    `hard_cancel_after_s`: see `Monitor`; only where the process serves this job alone.
    """
    worker_id = worker_id or default_worker_id("worker")
    _prepare_process(settings)
    engine = make_engine(settings.resolved_database_url)
    sm = make_sessionmaker(engine)
    try:
        if not claim(sm, job_id, worker_id):
            log.info("job %s: not claimable (already taken, finished or over attempts)", job_id)
            return None
        with sm() as session:
            job = session.get_one(Job, job_id)
            ctx = JobContext(
                job_id=job.id,
                owner_id=job.owner_id,
                kind=job.kind,
                payload=dict(job.payload or {}),
                settings=settings,
                sessionmaker=sm,
                worker_id=worker_id,
                progress=dict(job.progress or {}),
            )
            if job.cancel_requested:
                ctx.cancel_event.set()
        monitor = Monitor(ctx, settings.job_heartbeat_s, hard_cancel_after_s)
        monitor.start()
        try:
            return _execute(ctx, sm).value
        finally:
            monitor.stopped.set()
            monitor.join(timeout=5)
    finally:
        engine.dispose()


def _execute(ctx: JobContext, sm: sessionmaker[Session]) -> JobStatus:
    log.info("job %s (%s): started on %s", ctx.job_id, ctx.kind, ctx.worker_id)
    result: JsonObject | None = None
    error: str | None = None
    try:
        ctx.check_cancel()
        result = resolve_handler(ctx.kind)(ctx) or {}
        status = JobStatus.SUCCEEDED
    except JobCancelled:
        status = JobStatus.CANCELLED
    except JobFailed as e:
        status, error, result = JobStatus.FAILED, str(e), e.result
    except Exception as e:
        log.exception("job %s (%s) crashed", ctx.job_id, ctx.kind)
        status, error = JobStatus.FAILED, describe_crash(e)
    progress = {**ctx.progress, "step": status.value}
    if status is JobStatus.SUCCEEDED:
        progress["fraction"] = 1.0
    if not finish(sm, ctx.job_id, status, result=result, error=error, progress=progress):
        log.warning("job %s: ended as %s but the row had left 'running'", ctx.job_id, status)
    log.info("job %s (%s): %s", ctx.job_id, ctx.kind, status.value)
    return status


def describe_crash(exc: BaseException) -> str:
    """A readable one-line reason for an unexpected exception."""
    name = type(exc).__name__
    if name == "SoftTimeLimitExceeded":
        return "the job exceeded its time limit"
    if isinstance(exc, MemoryError):
        return "the worker ran out of memory"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"internal error ({name}{': ' + text[:300] if text else ''})"
