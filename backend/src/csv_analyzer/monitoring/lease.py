"""A named lease in the database, so that of several API processes only one runs a periodic duty.

`try_acquire` is a conditional UPDATE (only an expired lease can be taken, even by its holder)
with an INSERT for the first use; whichever process commits first holds the lease until
`expires_at`, and a holder that dies simply lets it expire. With a TTL just under a duty's
period this means "at most once per period" across every process: the tick, the hourly drift
check.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.db import utcnow
from csv_analyzer.monitoring.models import SchedulerLease


def try_acquire(sm: sessionmaker[Session], name: str, holder: str, ttl_s: float) -> bool:
    """Take the lease `name` for `ttl_s` seconds; False while anyone (even us) still holds it."""
    now = utcnow()
    expires = now + timedelta(seconds=ttl_s)
    with sm.begin() as session:
        result = session.execute(
            update(SchedulerLease)
            .where(
                SchedulerLease.name == name,
                SchedulerLease.expires_at <= now,
            )
            .values(holder=holder, expires_at=expires)
            .execution_options(synchronize_session=False)
        )
        if getattr(result, "rowcount", 0) == 1:
            return True
    try:
        with sm.begin() as session:
            if session.get(SchedulerLease, name) is not None:
                return False
            session.add(SchedulerLease(name=name, holder=holder, expires_at=expires))
    except IntegrityError:  # another process inserted it first
        return False
    return True
