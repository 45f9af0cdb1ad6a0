"""Celery side of monitoring (full stack): the "monitoring.tick" task and its beat entry.

`register_monitoring_tasks` is passed to `jobs.celery_app.make_celery` by the worker's composition
root (`csv_analyzer.worker`), so a worker runs the tick
and `celery beat` sends it every `TICK_S` seconds; the DB leases in `scheduler.tick` keep a
second beat (or an API process) from doing the same work twice.
"""

from __future__ import annotations

from datetime import timedelta

from celery import Celery

from csv_analyzer.config import Settings
from csv_analyzer.monitoring.scheduler import TICK_S

TASK_NAME = "monitoring.tick"


def run_tick(settings: Settings) -> dict[str, list[str] | int | None]:
    """One monitoring tick in a worker process, with its own engine, store and queue."""
    from csv_analyzer.db import make_engine, make_sessionmaker
    from csv_analyzer.jobs.queue import make_queue
    from csv_analyzer.monitoring.scheduler import tick
    from csv_analyzer.storage import make_store

    engine = make_engine(settings.resolved_database_url)
    try:
        sm = make_sessionmaker(engine)
        result = tick(settings, sm, make_store(settings), make_queue(settings, sm), period_s=TICK_S)
        return {"ran": result.ran, "fired": result.fired, "drift_checked": result.drift_checked}
    finally:
        engine.dispose()


def register_monitoring_tasks(app: Celery, settings: Settings) -> None:
    """Add the "monitoring.tick" task and its beat schedule entry to a Celery app."""

    @app.task(name=TASK_NAME, ignore_result=True)  # type: ignore[untyped-decorator]
    def monitoring_tick() -> dict[str, list[str] | int | None]:
        return run_tick(settings)

    schedule = dict(app.conf.beat_schedule or {})
    schedule[TASK_NAME] = {
        "task": TASK_NAME,
        "schedule": timedelta(seconds=TICK_S),
        # A tick that waited longer than a period is stale: the next one does the same work.
        "options": {"expires": TICK_S},
    }
    app.conf.beat_schedule = schedule
