"""What a job handler receives: its payload, progress reporting and the cooperative cancel flag."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.json_types import JsonObject

PROGRESS_MIN_INTERVAL_S = 0.5  # progress rows are cheap but trials can finish many times a second


class JobCancelled(Exception):
    """Raised by a handler (or `JobContext.check_cancel`) to end the job as cancelled."""


class JobFailed(Exception):
    """Raised by a handler to end the job as failed with a message meant for the user.

    ``result`` (optional) is stored on the job too: what the handler found before giving up
    (e.g. a batch's row counts and first problems), so a failure can say why in detail.
    """

    def __init__(self, message: str, result: JsonObject | None = None) -> None:
        super().__init__(message)
        self.result = result


Handler = Callable[["JobContext"], JsonObject | None]


@dataclass
class JobContext:
    """Handed to a job handler; everything it may touch besides its own domain code."""

    job_id: str
    owner_id: str
    kind: str
    payload: JsonObject
    settings: Settings
    sessionmaker: sessionmaker[Session]
    worker_id: str
    cancel_event: threading.Event = field(default_factory=threading.Event)
    progress: JsonObject = field(default_factory=dict)
    # Set while the handler must not be killed for a cancel (e.g. registering a model).
    critical: bool = False
    # When the job was claimed (monotonic): budgets count from here, imports included.
    started: float = field(default_factory=time.monotonic)
    # A monotonic time by which the handler must be done (its time budget plus a grace); past
    # it, a single-job process fails the job with `overrun_message()` and exits.
    deadline: float | None = None
    overrun_message: Callable[[], str] = field(default=lambda: "the job ran past its time limit")
    _last_write: float = 0.0

    def should_cancel(self) -> bool:
        """True once the user asked to cancel (the monitor thread polls the row)."""
        return self.cancel_event.is_set()

    def check_cancel(self) -> None:
        """Raise `JobCancelled` if a cancel was requested."""
        if self.should_cancel():
            raise JobCancelled("cancelled by the user")

    def update_progress(self, *, force: bool = False, **fields: Any) -> None:
        """Merge `fields` into the progress JSON and write it (at most every half second)."""
        self.progress.update(fields)
        now = time.monotonic()
        if not force and now - self._last_write < PROGRESS_MIN_INTERVAL_S:
            return
        self._last_write = now
        with self.sessionmaker.begin() as session:
            session.execute(
                update(Job)
                .where(Job.id == self.job_id, Job.status == JobStatus.RUNNING.value)
                .values(progress=dict(self.progress))
            )
