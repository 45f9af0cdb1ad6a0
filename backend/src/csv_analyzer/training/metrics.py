"""Prometheus metrics of training and the job queue, counted from the job table at scrape time.

The job rows are the truth and are written by several processes (API, job processes, Celery
workers on other machines), so a collector that reads them gives every scrape the same answer
without multiprocess bookkeeping. Every API process reports the same values: aggregate with
`max`, not `sum`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.observability import SCRAPE_TIME_REGISTRY

log = logging.getLogger(__name__)

KIND = "training.run"
DURATION_BUCKETS = (10.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1200.0, 1800.0, 3600.0, 7200.0)


class JobsCollector(Collector):
    """Training job counts by state, failures, durations, queue depth and worker heartbeats."""

    def __init__(self) -> None:
        self.sm: sessionmaker[Session] | None = None

    def describe(self) -> Iterator[Metric]:
        return iter(())  # families depend on the database; nothing to check at registration

    def collect(self) -> Iterator[Metric]:
        if self.sm is None:
            return
        try:
            with self.sm() as session:
                families = list(_families(session))
        except Exception:  # a scrape must not fail because the database blinked
            log.warning("job metrics unavailable", exc_info=True)
            return
        yield from families


def _families(session: Session) -> Iterator[Metric]:
    by_state = dict(
        session.execute(
            select(Job.status, func.count()).where(Job.kind == KIND).group_by(Job.status)
        ).all()
    )
    states = GaugeMetricFamily(
        "csv_analyzer_training_jobs", "Training jobs by state.", labels=["state"]
    )
    for state in JobStatus:
        states.add_metric([state.value], float(by_state.get(state.value, 0)))
    yield states
    failed = CounterMetricFamily(
        "csv_analyzer_training_jobs_failed", "Training jobs that ended failed."
    )
    failed.add_metric([], float(by_state.get(JobStatus.FAILED.value, 0)))
    yield failed
    yield _durations(session)
    depth = GaugeMetricFamily(
        "csv_analyzer_queue_depth", "Jobs waiting for a worker, by kind.", labels=["kind"]
    )
    for kind, count in session.execute(
        select(Job.kind, func.count())
        .where(Job.status == JobStatus.QUEUED.value)
        .group_by(Job.kind)
    ).all():
        depth.add_metric([kind], float(count))
    yield depth
    beats = GaugeMetricFamily(
        "csv_analyzer_worker_heartbeat_timestamp_seconds",
        "Last heartbeat of each worker running a job (Unix time).",
        labels=["worker"],
    )
    for worker, beat in session.execute(
        select(Job.worker_id, func.max(Job.heartbeat_at))
        .where(Job.status == JobStatus.RUNNING.value, Job.worker_id.is_not(None))
        .group_by(Job.worker_id)
    ).all():
        if isinstance(beat, datetime):
            beats.add_metric([str(worker)], _timestamp(beat))
    yield beats


def _timestamp(value: datetime) -> float:
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()


def _durations(session: Session) -> Metric:
    rows = session.execute(
        select(Job.started_at, Job.finished_at).where(
            Job.kind == KIND,
            Job.status == JobStatus.SUCCEEDED.value,
            Job.started_at.is_not(None),
            Job.finished_at.is_not(None),
        )
    ).all()
    seconds = [(end - start).total_seconds() for start, end in rows if start and end]
    buckets = [
        (str(float(le)), float(sum(1 for s in seconds if s <= le))) for le in DURATION_BUCKETS
    ]
    buckets.append(("+Inf", float(len(seconds))))
    family = HistogramMetricFamily(
        "csv_analyzer_training_duration_seconds", "Wall time of succeeded training jobs."
    )
    family.add_metric([], buckets, sum_value=sum(seconds))
    return family


COLLECTOR = JobsCollector()
_registered = False


def install(sm: sessionmaker[Session]) -> None:
    """Point the collector at this app's database; register it once per process."""
    global _registered
    COLLECTOR.sm = sm
    if not _registered:
        SCRAPE_TIME_REGISTRY.register(COLLECTOR)
        _registered = True
