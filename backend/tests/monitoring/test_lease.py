"""The DB lease: one holder per period, taken over once it expires, never renewed early."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.db import make_engine, make_sessionmaker
from csv_analyzer.monitoring.lease import try_acquire
from csv_analyzer.monitoring.models import SchedulerLease


@pytest.fixture
def sm(settings: Settings) -> Iterator[sessionmaker[Session]]:
    engine = make_engine(settings.resolved_database_url)
    yield make_sessionmaker(engine)
    engine.dispose()


def test_only_one_holder_until_the_lease_expires(sm: sessionmaker[Session]) -> None:
    assert try_acquire(sm, "duty", "a", ttl_s=0.5)
    assert not try_acquire(sm, "duty", "b", ttl_s=0.5)
    assert not try_acquire(sm, "duty", "a", ttl_s=0.5)  # not even the holder: once per period
    time.sleep(0.6)
    assert try_acquire(sm, "duty", "b", ttl_s=60)
    with sm() as session:
        assert session.get_one(SchedulerLease, "duty").holder == "b"


def test_leases_are_independent_by_name(sm: sessionmaker[Session]) -> None:
    assert try_acquire(sm, "tick", "a", ttl_s=60)
    assert try_acquire(sm, "drift", "b", ttl_s=60)
