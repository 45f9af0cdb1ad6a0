"""The Celery app is configured for long CPU jobs and names one task per job kind."""

from __future__ import annotations

from csv_analyzer.config import Settings
from csv_analyzer.jobs.celery_app import (
    HARD_TIME_LIMIT_S,
    MAX_JOB_S,
    SOFT_TIME_LIMIT_S,
    VISIBILITY_TIMEOUT_S,
    make_celery,
)
from csv_analyzer.jobs.runner import HANDLERS


def test_settings_for_long_jobs_redelivered_safely(settings: Settings) -> None:
    app = make_celery(settings.model_copy(update={"redis_url": "redis://127.0.0.1:6379/15"}))
    conf = app.conf
    assert conf.broker_url == "redis://127.0.0.1:6379/15"
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.worker_max_tasks_per_child == 1
    assert MAX_JOB_S < SOFT_TIME_LIMIT_S < HARD_TIME_LIMIT_S < VISIBILITY_TIMEOUT_S
    assert conf.broker_transport_options["visibility_timeout"] > 2 * 3600
    assert (conf.task_soft_time_limit, conf.task_time_limit) == (
        SOFT_TIME_LIMIT_S,
        HARD_TIME_LIMIT_S,
    )
    assert set(HANDLERS) | {"jobs.reap"} <= set(app.tasks)
    assert "training.run" in app.tasks
    assert conf.beat_schedule["jobs.reap"]["task"] == "jobs.reap"
