"""Send again the queued jobs whose Redis message was lost (Redis restarted without persistence,
flushed, or the send failed after the commit), so no job stays `queued` forever.

A job's Celery task id is its job id, so the broker can be asked precisely which jobs it still
holds: messages waiting in the queue (one Redis list per priority step) and messages delivered to
a worker but not yet acknowledged (kombu's `unacked` hash; tasks are acked late). A queued job
found in neither is re-sent. Re-sending is safe even in a race: the runner's conditional claim
makes a second delivery a no-op.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from celery import Celery
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.db import utcnow
from csv_analyzer.jobs.models import Job, JobStatus

log = logging.getLogger(__name__)

RESEND_AFTER_S = 120.0
"""How long a job must have been queued before its message is looked for (a younger one may be
between its commit and its send)."""

# kombu's Redis transport: one list per priority step (the plain name holds priority 0) and the
# hash of delivered, unacknowledged messages.
PRIORITY_STEPS = (3, 6, 9)
PRIORITY_SEPARATOR = "\x06\x16"
UNACKED_KEY = "unacked"


def _task_id(raw: bytes | str) -> str | None:
    try:
        message: Any = json.loads(raw)
    except ValueError:
        return None
    if isinstance(message, list) and message:  # unacked entries are [message, exchange, key]
        message = message[0]
    headers = message.get("headers") if isinstance(message, dict) else None
    task_id = headers.get("id") if isinstance(headers, dict) else None
    return task_id if isinstance(task_id, str) else None


def _ids(raws: Iterable[bytes | str]) -> set[str]:
    return {task_id for raw in raws if (task_id := _task_id(raw)) is not None}


def broker_task_ids(client: Any, queue: str) -> set[str]:
    """Ids of the tasks Redis holds for `queue`: waiting (any priority) or delivered, unacked."""
    names = [queue, *(f"{queue}{PRIORITY_SEPARATOR}{step}" for step in PRIORITY_STEPS)]
    held: set[str] = set()
    for name in names:
        held |= _ids(client.lrange(name, 0, -1))
    held |= _ids(client.hvals(UNACKED_KEY))
    return held


def resend_lost_jobs(
    sm: sessionmaker[Session], app: Celery, *, older_than_s: float = RESEND_AFTER_S
) -> list[str]:
    """Re-send every job queued for over `older_than_s` that the broker no longer holds."""
    cutoff = utcnow() - timedelta(seconds=older_than_s)
    with sm() as session:
        waiting = session.execute(
            select(Job.id, Job.kind).where(
                Job.status == JobStatus.QUEUED.value, Job.created_at < cutoff
            )
        ).all()
    if not waiting:
        return []
    queue = str(app.conf.task_default_queue)
    with app.connection_for_write() as connection:
        held = broker_task_ids(connection.default_channel.client, queue)
    lost = [(job_id, kind) for job_id, kind in waiting if job_id not in held]
    for job_id, kind in lost:
        log.warning("job %s: its message is no longer in Redis; sending it again", job_id)
        app.send_task(kind, args=[job_id], task_id=job_id)
    return [job_id for job_id, _ in lost]
