"""How the full stack's Celery application is configured (`make_celery`).

The worker process starts from the composition root, `celery -A csv_analyzer.worker worker`, which
adds the features' periodic tasks (monitoring) through `extensions`: this package imports no feature.

Settings for long CPU jobs: late acks with one prefetched message and a fresh child per task;
a Redis visibility timeout and time limits above the longest training budget; a message whose
worker died is requeued (`task_reject_on_worker_lost`) and the runner's claim plus the job row's
attempts counter make that redelivery harmless. Progress and results live in the job row, not in
a Celery result backend.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

from billiard.process import current_process  # type: ignore[import-untyped]
from celery import Celery
from celery.signals import worker_ready

from csv_analyzer.config import Settings, get_settings
from csv_analyzer.jobs import worker_metrics  # noqa: F401 - connects the worker's metrics server
from csv_analyzer.jobs.runner import HANDLERS, HARD_CANCEL_AFTER_S, default_worker_id, run_job

log = logging.getLogger(__name__)

# Adds a feature's tasks and beat entries to the app (e.g. monitoring's tick).
CeleryExtension = Callable[[Celery, Settings], None]

MAX_JOB_S = 3600  # the longest time budget a user may ask for
SOFT_TIME_LIMIT_S = MAX_JOB_S + 15 * 60  # budget + loading, tracking, registering
HARD_TIME_LIMIT_S = SOFT_TIME_LIMIT_S + 5 * 60
VISIBILITY_TIMEOUT_S = 3 * 3600  # above the hard limit, else Redis hands a long job out twice
QUEUE_NAME = "csv_analyzer"


def make_celery(settings: Settings, extensions: Sequence[CeleryExtension] = ()) -> Celery:
    """A Celery app for `settings`, with one task per registered job kind plus "jobs.reap", and
    whatever `extensions` add (the composition root passes the features' periodic tasks)."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    reap_every = max(5, settings.job_stale_after_s // 3)
    app = Celery("csv_analyzer", broker=settings.redis_url or "redis://127.0.0.1:6379/0")
    app.conf.update(
        task_default_queue=QUEUE_NAME,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_soft_time_limit=SOFT_TIME_LIMIT_S,
        task_time_limit=HARD_TIME_LIMIT_S,
        worker_prefetch_multiplier=1,
        worker_max_tasks_per_child=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": VISIBILITY_TIMEOUT_S},
        task_serializer="json",
        accept_content=["json"],
        timezone="UTC",
        beat_schedule={
            "jobs.reap": {
                "task": "jobs.reap",
                "schedule": timedelta(seconds=reap_every),
                "options": {"expires": reap_every},
            }
        },
    )
    for kind in HANDLERS:
        _register_job_task(app, kind, settings)

    @app.task(name="jobs.reap", ignore_result=True)  # type: ignore[untyped-decorator]
    def reap() -> int:
        return len(_reap(settings, resend_with=app))

    for extend in extensions:
        extend(app, settings)
    return app


def _register_job_task(app: Celery, kind: str, settings: Settings) -> None:
    @app.task(name=kind, ignore_result=True)  # type: ignore[untyped-decorator]
    def run(job_id: str) -> str | None:
        # A prefork child runs one task and is replaced (max_tasks_per_child=1): it may exit
        # to honour a cancel; a solo/threads worker must not.
        single = current_process().name != "MainProcess"
        return run_job(
            job_id,
            settings,
            worker_id=default_worker_id("celery"),
            hard_cancel_after_s=HARD_CANCEL_AFTER_S if single else None,
        )


def _reap(settings: Settings, resend_with: Celery | None = None) -> list[str]:
    """Fail silent running jobs; with a Celery app, also re-send queued jobs Redis has lost."""
    from csv_analyzer.db import make_engine, make_sessionmaker
    from csv_analyzer.jobs.reaper import reap_stale_jobs
    from csv_analyzer.jobs.redelivery import resend_lost_jobs

    engine = make_engine(settings.resolved_database_url)
    try:
        sm = make_sessionmaker(engine)
        reaped = reap_stale_jobs(sm, settings.job_stale_after_s)
        if resend_with is not None:
            resend_lost_jobs(sm, resend_with)
        return reaped
    finally:
        engine.dispose()


@worker_ready.connect  # type: ignore[untyped-decorator]
def _reap_on_worker_start(**_kwargs: Any) -> None:
    """A worker that (re)starts fails the jobs a dead predecessor left `running`."""
    try:
        _reap(get_settings())
    except Exception:
        log.warning("reaping stale jobs at worker start failed", exc_info=True)
