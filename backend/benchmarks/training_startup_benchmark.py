"""Training start-up: from a job's start to its first finished trial, through the real worker.

Starts a real `csv-analyzer serve` (embedded mode: one spawned worker process per job) on
loopback, uploads a 10,000-row dataset, then submits training jobs one after another and polls
each every 20 ms. Printed per job: the time from the job's ``started_at`` (the worker's claim)
and from its submission (``created_at``: what a person waits) to the first poll that shows a
finished trial, and to the job's end; the load average beside every figure. The poll interval
bounds the error (about +20 ms plus one request). Each job follows ``--gap`` idle seconds, as
between a person's jobs: time for the queue's standby process to import the libraries
(``WORKER_STANDBY=false`` measures cold processes).

    cd backend && uv run python benchmarks/training_startup_benchmark.py [--rows 10000] [--jobs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx2 as httpx
from soak_benchmark import PASSWORD, dataset_csv, free_port, server, sign_in

POLL_S = 0.02


def first_trial_s(
    c: httpx.Client, h: dict[str, str], dataset_id: str
) -> tuple[float, float, float]:
    job = c.post(
        "/api/v1/training-jobs",
        json={
            "dataset_id": dataset_id,
            "target": "churned",
            "time_budget_s": 20,
            "model_name": "startup",
        },
        headers=h,
    )
    job.raise_for_status()
    job_id = job.json()["id"]
    first: float | None = None
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        status = c.get(f"/api/v1/training-jobs/{job_id}", headers=h).json()
        seen = time.time()
        if first is None and (status["progress"].get("trials_done") or 0) >= 1:
            first = seen
        if status["status"] in {"succeeded", "failed", "cancelled"}:
            break
        time.sleep(POLL_S)
    if status["status"] != "succeeded" or first is None or status["started_at"] is None:
        raise RuntimeError(f"training ended {status['status']}: {status.get('error')}")
    started = datetime.fromisoformat(status["started_at"]).timestamp()
    created = datetime.fromisoformat(status["created_at"]).timestamp()
    return first - started, first - created, seen - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=3)
    parser.add_argument(
        "--gap", type=float, default=20.0, help="idle seconds before each job (warms a standby)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work, port = Path(tmp), free_port()
        with server(work, port):
            base = f"http://127.0.0.1:{port}"
            with httpx.Client(base_url=base, timeout=120) as c:
                email = "startup@example.com"
                c.post("/api/v1/auth/register", json={"email": email, "password": PASSWORD})
                h = sign_in(c, email)
                up = c.post(
                    "/api/v1/datasets",
                    files={"file": ("churn.csv", dataset_csv(args.rows, 1), "text/csv")},
                    headers=h,
                )
                up.raise_for_status()
                firsts, submitted = [], []
                for i in range(args.jobs):
                    time.sleep(args.gap)  # an idle queue, as between a person's two jobs
                    first, from_submit, total = first_trial_s(c, h, up.json()["id"])
                    firsts.append(first)
                    submitted.append(from_submit)
                    print(
                        f"job {i + 1}: first finished trial {first:5.2f} s after start "
                        f"({from_submit:5.2f} s after submission), job done {total:5.1f} s  "
                        f"(load {os.getloadavg()[0]:.2f})",
                        flush=True,
                    )
    print(
        f"{args.rows} rows: median start -> first trial {statistics.median(firsts):.2f} s, "
        f"submission -> first trial {statistics.median(submitted):.2f} s "
        f"(goal <= 2 s; load {os.getloadavg()[0]:.2f})"
    )


if __name__ == "__main__":
    main()
