"""The Celery side: "monitoring.tick" is registered with a beat entry and ticks against the DB."""

from __future__ import annotations

from datetime import timedelta

from csv_analyzer.config import Settings
from csv_analyzer.monitoring.scheduler import TICK_S
from csv_analyzer.monitoring.tasks import TASK_NAME, run_tick
from csv_analyzer.worker import make_celery


def test_celery_app_has_the_tick_task_next_to_the_reaper_in_beat(settings: Settings) -> None:
    app = make_celery(settings)
    assert TASK_NAME in app.tasks
    beat = app.conf.beat_schedule
    assert beat[TASK_NAME]["task"] == TASK_NAME
    assert beat[TASK_NAME]["schedule"] == timedelta(seconds=TICK_S)
    assert "jobs.reap" in beat


def test_tick_task_runs_once_per_period_against_the_database(settings: Settings) -> None:
    # The task body; calling it through an app would reach whichever app registered the name
    # first in this process (Celery keeps one task per name across apps).
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    first = run_tick(settings)
    second = run_tick(settings)
    assert first == {"ran": True, "fired": [], "drift_checked": 0}
    assert second["ran"] is False
