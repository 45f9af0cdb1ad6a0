"""Job fixtures: fast heartbeat/stale settings, a user row, a job factory and state polling."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.db import make_engine, make_sessionmaker
from csv_analyzer.jobs.models import Job

STALE_AFTER_S = 5  # the smallest window Settings accepts
HEARTBEAT_S = 1


@pytest.fixture
def job_settings(settings: Settings) -> Settings:
    return settings.model_copy(
        update={"job_heartbeat_s": HEARTBEAT_S, "job_stale_after_s": STALE_AFTER_S}
    )


@pytest.fixture
def sm(job_settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(job_settings.resolved_database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


@pytest.fixture
def owner_id(sm: sessionmaker[Session]) -> str:
    with sm.begin() as session:
        user = User(email="jobs@example.com", password_hash="x")
        session.add(user)
        session.flush()
        return user.id


@pytest.fixture
def make_job(sm: sessionmaker[Session], owner_id: str) -> Callable[..., str]:
    def factory(*, kind: str = "jobs.sleep", **payload: Any) -> str:
        with sm.begin() as session:
            job = Job(owner_id=owner_id, kind=kind, payload=payload, progress={})
            session.add(job)
            session.flush()
            return job.id

    return factory


def load(sm: sessionmaker[Session], job_id: str) -> Job:
    with sm() as session:
        return session.get_one(Job, job_id)


def wait_for(
    sm: sessionmaker[Session], job_id: str, predicate: Callable[[Job], bool], timeout: float
) -> Job:
    """Poll the row until `predicate` holds; fail with the last state after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        job = load(sm, job_id)
        if predicate(job):
            return job
        if time.monotonic() > deadline:
            pytest.fail(f"job {job_id} still {job.status} ({job.error}) after {timeout}s")
        time.sleep(0.1)
