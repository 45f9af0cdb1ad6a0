"""`jobs.sleep`: a job that only waits, reports progress and honours cancel.

It exercises the whole path (queue, claim, heartbeat, cancel, final state) without any feature
code, for smoke-testing a deployment's workers and for the job system's own tests.
"""

from __future__ import annotations

import time

from pydantic import BaseModel, Field

from csv_analyzer.jobs.context import JobContext, JobFailed
from csv_analyzer.jobs.specs import read_spec
from csv_analyzer.json_types import JsonObject

TICK_S = 0.1


class SleepSpec(BaseModel):
    seconds: float = Field(default=1.0, ge=0, le=600)
    ignore_cancel: bool = False
    fail: str | None = None


def sleep(ctx: JobContext) -> JsonObject:
    """Sleep `payload.seconds` (max 600) in small steps; fail with `payload.fail` if given.

    `payload.ignore_cancel` makes it deaf to cancel requests, like one very long trial.
    """
    spec = read_spec(SleepSpec, ctx.payload, "sleep job")
    seconds = spec.seconds
    start = time.monotonic()
    ctx.update_progress(fraction=0.0, step="sleeping", force=True)
    while (elapsed := time.monotonic() - start) < seconds:
        if not spec.ignore_cancel:
            ctx.check_cancel()
        ctx.update_progress(fraction=round(elapsed / seconds, 3) if seconds else 1.0)
        time.sleep(TICK_S)
    if spec.fail:
        raise JobFailed(spec.fail)
    return {"slept_s": round(time.monotonic() - start, 3), "worker_id": ctx.worker_id}
