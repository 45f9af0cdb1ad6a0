"""One app per test module with two real users and one of each object alice can own.

The contract and route-coverage suites send hundreds of requests, so they share one migrated
database, one app and one set of objects per module instead of building them per test. The app's
lifespan is never started: the embedded job dispatcher and the monitoring scheduler stay off, so
queued jobs stay queued and no worker process is ever spawned.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, inspect, select, text

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.datasets.models import DatasetVersion
from csv_analyzer.db import make_engine, make_sessionmaker, new_id, utcnow
from csv_analyzer.jobs.models import Job
from csv_analyzer.main import create_app
from csv_analyzer.training.models import TrainingRun
from tests.conftest import TEST_DATABASE_URL, TEST_SECRET, SignedIn
from tests.monitoring.support import make_frame
from tests.predictions.support import fit_pipeline
from tests.registry.support import register
from tests.training.api_helpers import frame_csv

API = "/api/v1"
PASSWORD = "correct horse 42"
MODEL_NAME = "churn"


@contextmanager
def module_database(template: str, directory: Path) -> Iterator[str]:
    """A copy of the migrated template (SQLite), or the worker's PostgreSQL DB emptied afterwards."""
    if not TEST_DATABASE_URL:
        path = directory / "world.db"
        shutil.copyfile(template, path)
        yield f"sqlite:///{path}"
        return
    yield template
    engine = create_engine(template)
    tables = [t for t in inspect(engine).get_table_names() if t != "alembic_version"]
    if tables:
        with engine.begin() as conn:
            quoted = ", ".join(f'"{t}"' for t in tables)
            conn.execute(text(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE"))
    engine.dispose()


def world_settings(database_url: str, directory: Path) -> Settings:
    return Settings(
        environment="test",
        data_dir=directory / "var",
        database_url=database_url,
        jwt_secret=TEST_SECRET,  # type: ignore[arg-type]
        frontend_dist=directory / "dist",
        redis_url="",
        password_hash_memory_kib=1024,
        password_hash_time_cost=1,
        _env_file=None,  # type: ignore[call-arg]
    )


def build_app(settings: Settings) -> FastAPI:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return create_app(settings)


def sign_up(client: TestClient, email: str) -> SignedIn:
    r = client.post(f"{API}/auth/register", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    r = client.post(f"{API}/auth/login", data={"username": email, "password": PASSWORD})
    assert r.status_code == 200, r.text
    body = r.json()
    return SignedIn(email, PASSWORD, body["access_token"], body["refresh_token"])


@dataclass
class Owned:
    """Ids of one of each object a user can own (every path parameter the API has)."""

    dataset_id: str = ""
    training_job_id: str = ""  # queued (it can still be cancelled)
    model_id: str = ""
    token_id: str = ""
    batch_job_id: str = ""  # queued (its download is a 409)
    upload_id: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def path_values(o: Owned) -> dict[tuple[str, str], str]:
    """How to name `o`'s objects in a path: (segment before the parameter, parameter) -> value."""
    return {
        ("datasets", "dataset_id"): o.dataset_id,
        ("versions", "number"): "1",
        ("training-jobs", "job_id"): o.training_job_id,
        ("models", "model_id"): o.model_id,
        ("versions", "version"): "1",
        ("aliases", "alias"): "champion",
        ("batch-predictions", "job_id"): o.batch_job_id,
        ("tokens", "token_id"): o.token_id,
        ("uploads", "upload_id"): o.upload_id,
    }


FRAME = make_frame(80, seed=3)


def _ok(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text
    body: dict[str, Any] = r.json()
    return body


def seed(client: TestClient, settings: Settings, user: SignedIn, *, model: bool = True) -> Owned:
    """Create, through the API where it is cheap, one of each of `user`'s objects."""
    owned = Owned(upload_id=new_id())
    owned.dataset_id = _ok(
        client.post(
            f"{API}/datasets",
            headers=user.headers,
            params={"upload_id": owned.upload_id},
            files={"file": ("customers.csv", frame_csv(FRAME), "text/csv")},
            data={"name": "customers"},
        ),
        201,
    )["id"]
    owned.training_job_id = _queue_training(client, user, owned.dataset_id)
    if model:
        seed_model(client, settings, user, owned)
        token = _ok(client.post(f"{API}/tokens", headers=user.headers, json={"name": "ci"}), 201)
        owned.token_id, owned.extra["token"] = token["id"], token["token"]
    return owned


def _queue_training(client: TestClient, user: SignedIn, dataset_id: str) -> str:
    body = {
        "dataset_id": dataset_id,
        "target": "label",
        "algorithms": ["linear"],
        "time_budget_s": 10,
        "folds": 2,
    }
    r = client.post(f"{API}/training-jobs", headers=user.headers, json=body)
    job_id: str = _ok(r, 202)["id"]
    return job_id


def seed_model(client: TestClient, settings: Settings, user: SignedIn, owned: Owned) -> None:
    """A real MLflow model version trained on the dataset, the succeeded training job behind it
    (rows only: a schedule needs one to repeat), a retraining schedule and a queued batch job."""
    h = user.headers
    engine = make_engine(settings.resolved_database_url)
    sessions = make_sessionmaker(engine)
    with sessions() as session:
        owner = session.scalars(select(User.id).where(User.email == user.email)).one()
        version_id = session.scalars(
            select(DatasetVersion.id).where(DatasetVersion.dataset_id == owned.dataset_id)
        ).first()
    fitted = owned.extra.get("fitted") or fit_pipeline(FRAME, drop=())
    owned.extra["fitted"] = fitted
    version = register(settings, owner, fitted, model_name=MODEL_NAME, dataset_id=owned.dataset_id)
    owned.model_id = version.model_id
    with sessions() as session:
        job = Job(
            owner_id=owner,
            kind="training.run",
            status="succeeded",
            payload={"dataset_id": owned.dataset_id, "target": "label"},
            finished_at=utcnow(),
        )
        session.add(job)
        session.flush()
        session.add(
            TrainingRun(
                id=job.id,
                owner_id=owner,
                dataset_id=owned.dataset_id,
                dataset_version_id=version_id,
                dataset_version=1,
                target="label",
                task="auto",
                model_name=MODEL_NAME,
                mlflow_model_name=f"{owner}.{MODEL_NAME}",
                model_version=version.version,
            )
        )
        session.commit()
    engine.dispose()
    _ok(
        client.put(f"{API}/models/{owned.model_id}/schedule", headers=h, json={"cadence": "daily"}),
        200,
    )
    owned.batch_job_id = _ok(
        client.post(
            f"{API}/models/{owned.model_id}/batch-predictions",
            headers=h,
            json={"dataset_id": owned.dataset_id},
        ),
        202,
    )["id"]


@dataclass
class World:
    app: FastAPI
    client: TestClient
    settings: Settings
    alice: SignedIn
    bob: SignedIn
    owned: Owned


@contextmanager
def open_world(database_url: str, directory: Path) -> Iterator[World]:
    settings = world_settings(database_url, directory)
    app = build_app(settings)
    client = TestClient(app)  # no `with`: no lifespan (see the module docstring)
    try:
        alice = sign_up(client, "alice@example.com")
        bob = sign_up(client, "bob@example.com")
        owned = seed(client, settings, alice)
        yield World(app, client, settings, alice, bob, owned)
    finally:
        client.close()
        app.state.engine.dispose()


def reseed(world: World) -> None:
    """Recreate whatever the previous requests deleted, revoked or finished."""
    c, h, owned = world.client, world.alice.headers, world.owned
    if c.get(f"{API}/datasets/{owned.dataset_id}", headers=h).status_code == 404:
        fresh = seed(c, world.settings, world.alice, model=False)
        owned.dataset_id, owned.training_job_id = fresh.dataset_id, fresh.training_job_id
    job = c.get(f"{API}/training-jobs/{owned.training_job_id}", headers=h).json()
    if job.get("status") != "queued":
        owned.training_job_id = _queue_training(c, world.alice, owned.dataset_id)
    if c.get(f"{API}/models/{owned.model_id}", headers=h).status_code == 404:
        seed_model(c, world.settings, world.alice, owned)
    if c.get(f"{API}/models/{owned.model_id}/schedule", headers=h).status_code == 404:
        _ok(
            c.put(f"{API}/models/{owned.model_id}/schedule", headers=h, json={"cadence": "daily"}),
            200,
        )
    tokens = {t["id"]: t for t in c.get(f"{API}/tokens", headers=h).json()}
    if owned.token_id not in tokens or tokens[owned.token_id]["revoked_at"] is not None:
        token = _ok(c.post(f"{API}/tokens", headers=h, json={"name": "ci"}), 201)
        owned.token_id, owned.extra["token"] = token["id"], token["token"]
