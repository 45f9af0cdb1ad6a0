"""`jobs.sleep`: a job that only waits, reports progress and honours cancel.

It exercises the whole path (queue, claim, heartbeat, cancel, final state) without any feature
code, for smoke-testing a deployment's workers and for the job system's own tests.
"""

from __future__ import annotations

import time
from typing import Any

from csv_analyzer.jobs.context import JobContext, JobFailed

TICK_S = 0.1


def sleep(ctx: JobContext) -> dict[str, Any]:
    """Sleep `payload.seconds` (max 600) in small steps; fail with `payload.fail` if given.

    `payload.ignore_cancel` makes it deaf to cancel requests, like one very long trial.
    """
    seconds = min(float(ctx.payload.get("seconds", 1.0)), 600.0)
    start = time.monotonic()
    ctx.update_progress(fraction=0.0, step="sleeping", force=True)
    while (elapsed := time.monotonic() - start) < seconds:
        if not ctx.payload.get("ignore_cancel"):
            ctx.check_cancel()
        ctx.update_progress(fraction=round(elapsed / seconds, 3))
        time.sleep(TICK_S)
    if ctx.payload.get("fail"):
        raise JobFailed(str(ctx.payload["fail"]))
    return {"slept_s": round(time.monotonic() - start, 3), "worker_id": ctx.worker_id}
