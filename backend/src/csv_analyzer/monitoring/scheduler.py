"""The monitoring tick: fire due retraining schedules, record finished runs, check drift hourly.

Embedded mode runs `tick` from a daemon thread started with the API (`MonitoringScheduler`);
the full stack runs it from Celery beat's "monitoring.tick" task on a worker. Either way a DB
lease named after each duty makes it run at most once per period however many API processes or
beats there are, and claiming a schedule is itself a conditional UPDATE.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from dataclasses import dataclass, field

from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.jobs.queue import JobQueue
from csv_analyzer.monitoring import lease, schedules, service
from csv_analyzer.storage import ObjectStore

log = logging.getLogger(__name__)

TICK_S = 60.0
DRIFT_CHECK_S = 3600.0
TICK_LEASE = "monitoring.tick"
DRIFT_LEASE = "monitoring.drift_check"


def holder_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"


@dataclass
class TickResult:
    ran: bool
    fired: list[str] = field(default_factory=list)
    outcomes_recorded: int = 0
    drift_checked: int | None = None  # None: not this tick


def tick(
    settings: Settings,
    sm: sessionmaker[Session],
    store: ObjectStore,
    queue: JobQueue,
    *,
    period_s: float = TICK_S,
    drift_every_s: float = DRIFT_CHECK_S,
) -> TickResult:
    """One pass of every periodic monitoring duty, if no other process did it this period."""
    me = holder_id()
    # A lease slightly shorter than the period: the next tick always finds it free again.
    if not lease.try_acquire(sm, TICK_LEASE, me, period_s * 0.9):
        return TickResult(ran=False)
    result = TickResult(ran=True)
    result.outcomes_recorded = schedules.refresh_pending_outcomes(sm)
    result.fired = schedules.fire_due_schedules(sm, store, queue)
    if lease.try_acquire(sm, DRIFT_LEASE, me, drift_every_s * 0.98):
        with sm() as session:
            result.drift_checked = service.check_all_champions(session, store, settings)
    return result


class MonitoringScheduler:
    """Embedded mode: a daemon thread calling `tick` every `period_s` (first call after one period)."""

    def __init__(
        self,
        settings: Settings,
        sm: sessionmaker[Session],
        store: ObjectStore,
        queue: JobQueue,
        *,
        period_s: float = TICK_S,
    ) -> None:
        self.settings = settings
        self.sm = sm
        self.store = store
        self.queue = queue
        self.period_s = period_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="monitoring-tick", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=timeout)

    def _loop(self) -> None:
        while not self._stop.wait(self.period_s):
            try:
                tick(self.settings, self.sm, self.store, self.queue, period_s=self.period_s)
            except Exception:
                log.exception("monitoring tick failed")


class _NoScheduler:
    def stop(self) -> None:
        """Nothing runs in this process."""


def start_scheduler(
    settings: Settings, sm: sessionmaker[Session], store: ObjectStore, queue: JobQueue
) -> MonitoringScheduler | _NoScheduler:
    """Start the embedded tick thread; with Redis (full stack) Celery beat ticks instead."""
    if settings.redis_url:
        return _NoScheduler()
    scheduler = MonitoringScheduler(settings, sm, store, queue)
    scheduler.start()
    return scheduler
