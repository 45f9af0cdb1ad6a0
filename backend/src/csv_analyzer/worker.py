"""The worker's composition root: `celery -A csv_analyzer.worker worker` (and `beat`).

It builds the Celery app of `jobs.celery_app` and adds the features' periodic tasks, so the jobs
package stays free of features.
"""

from __future__ import annotations

from celery import Celery

from csv_analyzer.config import Settings, get_settings
from csv_analyzer.jobs import celery_app
from csv_analyzer.monitoring.tasks import register_monitoring_tasks

EXTENSIONS: tuple[celery_app.CeleryExtension, ...] = (register_monitoring_tasks,)


def make_celery(settings: Settings) -> Celery:
    """The worker's Celery app: every job kind, the reaper and monitoring's tick in beat."""
    return celery_app.make_celery(settings, EXTENSIONS)


_app: Celery | None = None


def __getattr__(name: str) -> Celery:
    # `celery -A csv_analyzer.worker` looks up `app`: built on first use, so importing this module
    # does not read the environment.
    global _app
    if name in ("app", "celery"):
        if _app is None:
            _app = make_celery(get_settings())
        return _app
    raise AttributeError(name)
