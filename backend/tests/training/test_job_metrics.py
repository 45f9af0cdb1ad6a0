"""`/metrics` counts training jobs from the job table: states, failures, durations, queue, beats."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from csv_analyzer.auth.models import User
from csv_analyzer.db import utcnow
from csv_analyzer.jobs.models import Job


def _samples(client: TestClient) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = client.get("/metrics").text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
        if s.name.startswith(("csv_analyzer_training", "csv_analyzer_queue", "csv_analyzer_worker"))
    }


def test_job_metrics_reflect_the_job_rows(app: FastAPI) -> None:
    now = utcnow()
    with app.state.sessionmaker.begin() as session:
        user = User(email="m@example.com", password_hash="x")
        session.add(user)
        session.flush()

        def job(status: str, kind: str = "training.run", **kw: object) -> Job:
            return Job(owner_id=user.id, kind=kind, status=status, payload={}, progress={}, **kw)

        session.add_all(
            [
                job("failed"),
                job("failed"),
                job("succeeded", started_at=now - timedelta(seconds=45), finished_at=now),
                job("running", worker_id="celery:h:1", heartbeat_at=now),
                job("queued", kind="predictions.batch"),
            ]
        )
    # Outside `with`: no lifespan, no dispatcher, so nothing moves while we scrape.
    samples = _samples(TestClient(app))
    assert samples[("csv_analyzer_training_jobs", (("state", "failed"),))] == 2
    assert samples[("csv_analyzer_training_jobs", (("state", "running"),))] == 1
    assert samples[("csv_analyzer_training_jobs", (("state", "queued"),))] == 0
    assert samples[("csv_analyzer_training_jobs_failed_total", ())] == 2
    assert samples[("csv_analyzer_training_duration_seconds_bucket", (("le", "30.0"),))] == 0
    assert samples[("csv_analyzer_training_duration_seconds_bucket", (("le", "60.0"),))] == 1
    assert samples[("csv_analyzer_training_duration_seconds_count", ())] == 1
    assert samples[("csv_analyzer_queue_depth", (("kind", "predictions.batch"),))] == 1
    beat = samples[("csv_analyzer_worker_heartbeat_timestamp_seconds", (("worker", "celery:h:1"),))]
    assert abs(beat - now.timestamp()) < 1
