"""The job queue as a FastAPI dependency (created by the app factory, one per app)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from csv_analyzer.jobs.queue import JobQueue


def get_queue(request: Request) -> JobQueue:
    queue: JobQueue = request.app.state.job_queue
    return queue


QueueDep = Annotated[JobQueue, Depends(get_queue)]
