"""How a committed job reaches a worker: `CeleryQueue` (Redis) or `LocalQueue` (embedded).

Either way the queue only carries the job id; the row in the database is the truth, and every
delivery goes through the runner's conditional claim, so duplicates are harmless.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Protocol

from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.jobs.reaper import reap_interval, reap_stale_jobs

log = logging.getLogger(__name__)


class JobQueue(Protocol):
    """Delivers committed jobs to workers. Call `enqueue` only after the job row is committed."""

    def enqueue(self, job_id: str, kind: str) -> None: ...

    def start(self) -> None:
        """Begin background duties (dispatching, reaping); called when the API starts."""

    def stop(self) -> None:
        """End them; called when the API shuts down."""


class PeriodicReaper:
    """A daemon thread failing jobs whose worker went silent, every `interval_s` seconds."""

    def __init__(
        self,
        sm: sessionmaker[Session],
        stale_after_s: float,
        interval_s: float,
        also: Callable[[], object] | None = None,
    ) -> None:
        self.sm = sm
        self.stale_after_s = stale_after_s
        self.interval_s = interval_s
        self.also = also  # another sweep run on the same beat (the Celery queue's redelivery)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="job-reaper", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                reap_stale_jobs(self.sm, self.stale_after_s)
            except Exception:
                log.warning("reaping stale jobs failed", exc_info=True)
            if self.also is not None:
                try:
                    self.also()
                except Exception:
                    log.warning("the periodic job sweep failed", exc_info=True)


class CeleryQueue:
    """Sends a Celery task named after the job kind (e.g. "training.run") to Redis."""

    def __init__(self, settings: Settings, sm: sessionmaker[Session]) -> None:
        from csv_analyzer.jobs.celery_app import make_celery

        self.settings = settings
        self.sm = sm
        self.app = make_celery(settings)
        self._reaper = PeriodicReaper(
            sm, settings.job_stale_after_s, reap_interval(settings), also=self.resend_lost
        )

    def enqueue(self, job_id: str, kind: str) -> None:
        # The task id is the job id, so the redelivery sweep can find the job's message.
        self.app.send_task(kind, args=[job_id], task_id=job_id)

    def resend_lost(self) -> list[str]:
        """Send again the queued jobs whose message Redis no longer holds."""
        from csv_analyzer.jobs.redelivery import resend_lost_jobs

        return resend_lost_jobs(self.sm, self.app)

    def start(self) -> None:
        # The API reaps too: a deployment without Celery beat still fails silent jobs.
        reap_stale_jobs(self.sm, self.settings.job_stale_after_s)
        self._reaper.start()

    def stop(self) -> None:
        self._reaper.stop()


def make_queue(settings: Settings, sm: sessionmaker[Session]) -> JobQueue:
    """Celery when `REDIS_URL` is set, else the embedded process-per-job queue."""
    if settings.redis_url:
        return CeleryQueue(settings, sm)
    from csv_analyzer.jobs.local import LocalQueue

    return LocalQueue(settings, sm)
