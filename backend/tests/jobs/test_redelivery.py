"""Queued jobs whose Redis message was lost are sent again, and only those (real Redis).

Needs Redis (the `redis_url` fixture: this worker's own database, flushed); without it the tests
skip, unless REDIS_REQUIRED=1 (CI), where they fail.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
import redis
from celery import Celery
from sqlalchemy import update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.db import utcnow
from csv_analyzer.jobs.celery_app import make_celery
from csv_analyzer.jobs.models import Job
from csv_analyzer.jobs.queue import CeleryQueue
from csv_analyzer.jobs.redelivery import (
    PRIORITY_SEPARATOR,
    RESEND_AFTER_S,
    UNACKED_KEY,
    broker_task_ids,
    resend_lost_jobs,
)

pytestmark = pytest.mark.redis


@pytest.fixture
def client(redis_url: str) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=2)
    yield client
    client.close()


@pytest.fixture
def app(job_settings: Settings, client: redis.Redis, redis_url: str) -> Iterator[Celery]:
    """A Celery app sending to a queue of this test's own."""
    celery = make_celery(job_settings.model_copy(update={"redis_url": redis_url}))
    queue = f"redelivery-test-{uuid.uuid4().hex}"
    celery.conf.task_default_queue = queue
    yield celery
    client.delete(queue, *(f"{queue}{PRIORITY_SEPARATOR}{s}" for s in (3, 6, 9)))


def queued_ids(client: redis.Redis, app: Celery) -> list[str]:
    raw = client.lrange(str(app.conf.task_default_queue), 0, -1)
    return [json.loads(m)["headers"]["id"] for m in raw]


def age(sm: sessionmaker[Session], job_id: str, seconds: float) -> None:
    with sm.begin() as session:
        session.execute(
            update(Job)
            .where(Job.id == job_id)
            .values(created_at=utcnow() - timedelta(seconds=seconds))
        )


def test_a_lost_job_is_sent_again_once(
    app: Celery, client: redis.Redis, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    lost = make_job()
    age(sm, lost, RESEND_AFTER_S + 10)
    assert resend_lost_jobs(sm, app) == [lost]
    assert queued_ids(client, app) == [lost]
    message = json.loads(client.lrange(str(app.conf.task_default_queue), 0, 0)[0])
    assert message["headers"]["task"] == "jobs.sleep"
    # Its message is there now: the next sweep leaves it alone.
    assert resend_lost_jobs(sm, app) == []
    assert queued_ids(client, app) == [lost]


def test_jobs_the_broker_holds_or_that_are_young_or_running_are_not_sent(
    app: Celery, client: redis.Redis, sm: sessionmaker[Session], make_job: Callable[..., str]
) -> None:
    queue = CeleryQueue.__new__(CeleryQueue)  # only its enqueue, with this test's app
    queue.app = app
    waiting = make_job()
    queue.enqueue(waiting, "jobs.sleep")
    delivered = make_job()
    queue.enqueue(delivered, "jobs.sleep")
    # A worker took `delivered` (acks late): kombu moved its message to the unacked hash.
    name = str(app.conf.task_default_queue)
    raw = next(r for r in client.lrange(name, 0, -1) if json.loads(r)["headers"]["id"] == delivered)
    client.lrem(name, 1, raw)
    tag = uuid.uuid4().hex
    client.hset(UNACKED_KEY, tag, json.dumps([json.loads(raw), "", name]))
    try:
        young = make_job()
        running = make_job()
        for job_id in (waiting, delivered, running):
            age(sm, job_id, RESEND_AFTER_S + 10)
        with sm.begin() as session:
            session.execute(update(Job).where(Job.id == running).values(status="running"))
        assert broker_task_ids(client, name) >= {waiting, delivered}
        assert resend_lost_jobs(sm, app) == []
        assert young not in queued_ids(client, app)
    finally:
        client.hdel(UNACKED_KEY, tag)
