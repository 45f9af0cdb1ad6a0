"""Retraining schedules: CRUD through the API, and a due schedule firing a real training job."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from csv_analyzer.datasets.models import Dataset, DatasetVersion
from csv_analyzer.db import utcnow
from csv_analyzer.jobs.models import Job
from csv_analyzer.monitoring import schedules
from csv_analyzer.monitoring.models import RetrainSchedule, SchedulerLease
from csv_analyzer.monitoring.scheduler import tick
from csv_analyzer.registry.models import RegisteredModel
from csv_analyzer.training.models import TrainingRun
from csv_analyzer.training.service import mlflow_model_name
from tests.conftest import SignedIn
from tests.monitoring.support import make_frame, register, upload_frame, user_id
from tests.training.api_helpers import API as TRAINING
from tests.training.api_helpers import wait_finished

MODELS = "/api/v1/models"


def trained_model(
    client: TestClient, user: SignedIn, session: Session, *, name: str = "churn"
) -> RegisteredModel:
    """A registered model plus the successful training job that produced it (rows only)."""
    frame = make_frame(300, seed=1)
    dataset_id = upload_frame(client, user, frame, "customers")
    owner = user_id(session, user)
    registry_name = mlflow_model_name(owner, name)
    payload: dict[str, Any] = {
        "dataset_id": dataset_id,
        "dataset_version": 1,
        "target": "label",
        "task": "auto",
        "features": None,
        "algorithms": ["linear"],
        "hyperparameters": None,
        "time_budget_s": 10,
        "metric": None,
        "folds": 2,
        "holdout_share": 0.2,
        "seed": 0,
        "model_name": name,
        "mlflow_model_name": registry_name,
    }
    version_id = session.scalars(
        select(DatasetVersion.id).where(DatasetVersion.dataset_id == dataset_id)
    ).one()
    job = Job(
        owner_id=owner,
        kind="training.run",
        status="succeeded",
        payload=payload,
        progress={},
        finished_at=utcnow(),
    )
    session.add(job)
    session.flush()
    session.add(
        TrainingRun(
            id=job.id,
            owner_id=owner,
            dataset_id=dataset_id,
            dataset_version_id=version_id,
            dataset_version=1,
            target="label",
            task="auto",
            model_name=name,
            mlflow_model_name=registry_name,
        )
    )
    session.commit()
    model = register(
        session,
        owner_id=owner,
        dataset_id=dataset_id,
        frame=frame,
        name=name,
        training_job_id=job.id,
    )
    model.mlflow_name = registry_name
    session.commit()
    return model


class TestScheduleApi:
    def test_put_get_disable_delete(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        model = trained_model(client, alice, db_session)
        url = f"{MODELS}/{model.id}/schedule"

        r = client.put(url, headers=alice.headers, json={"cadence": "Daily"})
        assert r.status_code == 200, r.text
        created = r.json()
        assert created["cadence"] == "daily"
        assert created["enabled"] is True
        nxt = datetime.fromisoformat(created["next_run_at"])
        assert (nxt.hour, nxt.minute) == (3, 0)
        assert timedelta(0) < nxt - datetime.now(UTC) <= timedelta(days=1)
        assert client.get(url, headers=alice.headers).json() == created

        r = client.put(
            url, headers=alice.headers, json={"cadence": "0 6 * * 1-5", "enabled": False}
        )
        assert r.status_code == 200
        assert (r.json()["cadence"], r.json()["next_run_at"]) == ("0 6 * * 1-5", None)

        assert client.delete(url, headers=alice.headers).status_code == 204
        r = client.get(url, headers=alice.headers)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "schedule_not_found"

    @pytest.mark.parametrize(
        ("cadence", "message"),
        [("every day", "five-field cron"), ("*/10 * * * *", "more often than once an hour")],
    )
    def test_invalid_cadence_is_422(
        self, client: TestClient, alice: SignedIn, db_session: Session, cadence: str, message: str
    ) -> None:
        model = trained_model(client, alice, db_session)
        r = client.put(
            f"{MODELS}/{model.id}/schedule", headers=alice.headers, json={"cadence": cadence}
        )
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "invalid_cadence"
        assert message in r.json()["error"]["message"]

    def test_model_without_a_training_job_is_not_retrainable(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        model = register(
            db_session,
            owner_id=user_id(db_session, alice),
            dataset_id=None,
            frame=make_frame(50, seed=1),
        )
        r = client.put(
            f"{MODELS}/{model.id}/schedule", headers=alice.headers, json={"cadence": "weekly"}
        )
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "not_retrainable"


def _make_due(session: Session, model_id: str) -> None:
    schedule = session.scalars(
        select(RetrainSchedule).where(RetrainSchedule.model_id == model_id)
    ).one()
    schedule.next_run_at = utcnow() - timedelta(minutes=1)
    session.commit()


def _add_current_version(session: Session, dataset_id: str) -> None:
    """A version 2 (a restore of v1, sharing its file) that becomes the dataset's current one."""
    v1 = session.scalars(
        select(DatasetVersion).where(DatasetVersion.dataset_id == dataset_id)
    ).one()
    session.add(
        DatasetVersion(
            dataset_id=dataset_id,
            number=2,
            parent_number=1,
            origin="restore",
            parquet_key=v1.parquet_key,
            parquet_bytes=v1.parquet_bytes,
            row_count=v1.row_count,
            column_count=v1.column_count,
            column_types=v1.column_types,
            columns_summary=v1.columns_summary,
        )
    )
    session.get_one(Dataset, dataset_id).current_version = 2
    session.commit()


def train_for_real(client: TestClient, user: SignedIn, *, name: str) -> tuple[str, str]:
    """Upload a dataset and train a tiny model through the API; (model id, dataset id)."""
    dataset_id = upload_frame(client, user, make_frame(300, seed=1), "customers")
    r = client.post(
        TRAINING,
        headers=user.headers,
        json={
            "dataset_id": dataset_id,
            "target": "label",
            "time_budget_s": 10,
            "algorithms": ["linear"],
            "folds": 2,
            "model_name": name,
        },
    )
    assert r.status_code == 202, r.text
    job = wait_finished(client, user, r.json()["id"], timeout=240)
    assert job["status"] == "succeeded", job["error"]
    return job["result"]["registry"]["model_id"], dataset_id


@pytest.mark.slow
def test_due_schedule_retrains_on_the_current_version_and_records_the_outcome(
    client: TestClient, app: FastAPI, alice: SignedIn, db_session: Session
) -> None:
    model_id, dataset_id = train_for_real(client, alice, name="churn")
    url = f"{MODELS}/{model_id}/schedule"
    assert client.put(url, headers=alice.headers, json={"cadence": "weekly"}).status_code == 200
    _add_current_version(db_session, dataset_id)
    _make_due(db_session, model_id)
    state = app.state
    # The app's own scheduler thread may have ticked while the model trained (it holds the lease
    # for a minute); this test is about firing, so free the lease as a new minute would.
    db_session.execute(delete(SchedulerLease))
    db_session.commit()

    result = tick(state.settings, state.sessionmaker, state.store, state.job_queue)

    assert result.ran
    assert len(result.fired) == 1
    outcome = client.get(url, headers=alice.headers).json()["last_outcome"]
    assert outcome["status"] in ("queued", "running")
    assert outcome["dataset_version"] == 2
    job_id = outcome["job_id"]
    job = client.get(f"{TRAINING}/{job_id}", headers=alice.headers).json()
    assert job["config"]["algorithms"] == ["linear"]
    assert job["config"]["time_budget_s"] == 10
    assert job["config"]["model_name"] == "churn"

    deadline = time.monotonic() + 240
    while True:  # the app's embedded queue runs the job in its own process
        body = client.get(url, headers=alice.headers).json()
        if body["last_outcome"]["status"] not in ("queued", "running"):
            break
        assert time.monotonic() < deadline, body
        time.sleep(1)
    outcome = body["last_outcome"]
    assert outcome["status"] == "succeeded", outcome
    assert outcome["job_id"] == job_id
    assert outcome["model_version"] == 2
    # Same data, same seed: not strictly better, so the gate keeps v1 as champion.
    assert outcome["gate_decision"] == "challenger"
    assert "not better beyond noise" in outcome["gate_reason"]  # retrained on the same rows
    model = client.get(f"{MODELS}/{model_id}", headers=alice.headers).json()
    assert (model["champion_version"], model["challenger_version"]) == (1, 2)
    assert datetime.fromisoformat(body["next_run_at"]) > datetime.now(UTC)
    assert body["last_run_at"] is not None
    # The fired schedule is not due again: another scheduler process starts nothing.
    assert schedules.fire_due_schedules(state.sessionmaker, state.store, state.job_queue) == []
