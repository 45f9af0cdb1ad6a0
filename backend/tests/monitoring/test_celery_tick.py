"""Full stack: a real Celery worker (solo pool, real Redis) runs "monitoring.tick" as beat sends it.

Needs Redis (the `redis_url` fixture: this xdist worker's own database); skipped without it unless
REDIS_REQUIRED=1.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.config import Settings
from csv_analyzer.monitoring.models import DriftReference, SchedulerLease
from csv_analyzer.monitoring.scheduler import DRIFT_LEASE
from csv_analyzer.monitoring.tasks import TASK_NAME
from csv_analyzer.registry.models import ModelVersion
from csv_analyzer.worker import make_celery
from tests.conftest import TEST_SECRET, SignedIn
from tests.monitoring.support import log_predictions, make_frame, register, upload_frame, user_id

pytestmark = [pytest.mark.redis, pytest.mark.slow]


@pytest.fixture
def worker(redis_url: str, settings: Settings, tmp_path: Path) -> Iterator[Path]:
    """`celery -A csv_analyzer.worker worker --pool solo` on the test DB; its log file."""
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "REDIS_URL": redis_url,
        "DATABASE_URL": settings.resolved_database_url,
        "DATA_DIR": str(settings.data_dir),
        "JWT_SECRET": TEST_SECRET,
        "ENVIRONMENT": "test",
    }
    cmd = [sys.executable, "-m", "celery", "-A", "csv_analyzer.worker", "worker"]
    cmd += ["--pool", "solo", "--loglevel", "INFO", "--without-mingle", "--without-gossip"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, env=env, cwd=tmp_path, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while "ready." not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the worker did not start:\n{log.read_text(errors='replace')[-3000:]}")
        time.sleep(0.2)
    yield log
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def test_worker_runs_the_tick_and_checks_drift(
    client: TestClient,
    alice: SignedIn,
    db_session: Session,
    settings: Settings,
    redis_url: str,
    worker: Path,
) -> None:
    train = make_frame(1_000, seed=1)
    dataset_id = upload_frame(client, alice, train, "customers")
    model = register(
        db_session, owner_id=user_id(db_session, alice), dataset_id=dataset_id, frame=train
    )
    log_predictions(db_session, model, make_frame(300, seed=2, x_mean=1.5))

    app = make_celery(settings.model_copy(update={"redis_url": redis_url}))
    app.send_task(TASK_NAME)

    version_id = db_session.scalars(
        select(ModelVersion.id).where(ModelVersion.model_id == model.id)
    ).one()
    deadline = time.monotonic() + 60
    while True:  # the worker backfills the reference when it checks the champion's drift
        db_session.expire_all()
        reference = db_session.get(DriftReference, version_id)
        if reference is not None:
            break
        assert time.monotonic() < deadline, worker.read_text(errors="replace")[-3000:]
        time.sleep(0.5)
    assert reference.source == "backfill"
    lease = db_session.get(SchedulerLease, DRIFT_LEASE)
    assert lease is not None
    assert f"Task {TASK_NAME}" in worker.read_text(errors="replace")
