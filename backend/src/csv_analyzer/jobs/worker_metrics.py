"""Prometheus metrics of a Celery worker, served on WORKER_METRICS_PORT by the worker's main process.

Prefork children (one per task) write their metrics to PROMETHEUS_MULTIPROC_DIR; the main process
serves the aggregate, so a scrape sees every child's counters, not only its own.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from celery.signals import worker_init, worker_process_shutdown
from prometheus_client import REGISTRY, CollectorRegistry, Gauge, multiprocess, start_http_server

from csv_analyzer.config import get_settings

log = logging.getLogger(__name__)

WORKER_STARTED = Gauge(
    "csv_analyzer_worker_start_time_seconds",
    "When this Celery worker started (Unix time).",
    multiprocess_mode="max",
)


def metrics_registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return registry
    return REGISTRY


def start_metrics_server(port: int, host: str = "0.0.0.0") -> None:  # noqa: S104 - scraped in-network
    """Serve /metrics; 0 disables it."""
    if port <= 0:
        return
    start_http_server(port, addr=host, registry=metrics_registry())
    WORKER_STARTED.set_to_current_time()
    log.info("worker metrics on :%s/metrics", port)


@worker_init.connect  # type: ignore[untyped-decorator]
def _on_worker_init(**_kwargs: Any) -> None:
    settings = get_settings()
    try:
        start_metrics_server(settings.worker_metrics_port, settings.worker_metrics_host)
    except OSError:
        log.warning(
            "worker metrics port %s unavailable", settings.worker_metrics_port, exc_info=True
        )


@worker_process_shutdown.connect  # type: ignore[untyped-decorator]
def _on_child_exit(pid: int | None = None, **_kwargs: Any) -> None:
    # A finished child's live gauges must not linger in the aggregate.
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.mark_process_dead(pid or os.getpid())  # type: ignore[no-untyped-call]
