"""GET /models/{id}/drift and /monitoring against a real DB, object store and prediction log."""

from __future__ import annotations

from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from csv_analyzer.db import utcnow
from csv_analyzer.monitoring.models import DriftReference
from csv_analyzer.monitoring.scheduler import tick
from csv_analyzer.registry.models import ModelVersion, RegisteredModel
from tests.conftest import SignedIn
from tests.monitoring.support import (
    log_predictions,
    make_frame,
    register,
    upload_frame,
    user_id,
)

MODELS = "/api/v1/models"


def setup_model(
    client: TestClient, alice: SignedIn, db_session: Session, name: str = "churn"
) -> RegisteredModel:
    train = make_frame(1_000, seed=1)
    dataset_id = upload_frame(client, alice, train, "customers")
    owner = user_id(db_session, alice)
    return register(db_session, owner_id=owner, dataset_id=dataset_id, frame=train, name=name)


class TestDrift:
    def test_same_distribution_is_ok_and_the_reference_is_backfilled(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        model = setup_model(client, alice, db_session)
        log_predictions(db_session, model, make_frame(600, seed=2))

        r = client.get(f"{MODELS}/{model.id}/drift", headers=alice.headers)

        assert r.status_code == 200, r.text
        body = r.json()
        assert body["status"] == "ok"
        assert body["model_version"] == 1
        assert body["reference_source"] == "backfill"
        assert body["n_reference"] == 1_000
        assert body["n_current"] == 600
        assert {f["name"] for f in body["features"]} == {"x", "amount", "colour"}
        x = next(f for f in body["features"] if f["name"] == "x")
        assert x["kind"] == "numeric"
        assert len(x["chart"]) == 11
        assert x["ks_statistic"] is not None
        assert body["thresholds"] == {"warning_psi": 0.1, "alert_psi": 0.25, "min_samples": 200}
        assert db_session.get(DriftReference, _version_id(db_session, model.id)) is not None

    def test_shifted_inputs_are_drift_and_published_to_prometheus(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        model = setup_model(client, alice, db_session, name="prices")
        log_predictions(db_session, model, make_frame(300, seed=2, x_mean=1.5))

        body = client.get(f"{MODELS}/{model.id}/drift", headers=alice.headers).json()

        assert body["status"] == "drift"
        assert body["features"][0]["name"] == "x"  # most drifted first
        assert body["features"][0]["status"] == "drift"
        assert body["drifted_share"] > 0
        metrics = client.get("/metrics").text
        assert 'csv_analyzer_drift_status{model="prices"} 2.0' in metrics
        assert 'csv_analyzer_drift_score{feature="x",model="prices"}' in metrics

    def test_window_and_last_n_choose_the_rows(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        model = setup_model(client, alice, db_session)
        old = utcnow() - timedelta(hours=30)
        log_predictions(db_session, model, make_frame(400, seed=3, x_mean=2.0), created_at=old)
        log_predictions(db_session, model, make_frame(100, seed=2))

        day = client.get(f"{MODELS}/{model.id}/drift", headers=alice.headers).json()
        week = client.get(
            f"{MODELS}/{model.id}/drift", headers=alice.headers, params={"window_hours": 48}
        ).json()
        last = client.get(
            f"{MODELS}/{model.id}/drift", headers=alice.headers, params={"last_n": 300}
        ).json()

        assert (day["n_current"], day["status"]) == (100, "insufficient_data")
        assert (week["n_current"], week["status"]) == (500, "drift")
        assert last["n_current"] == 300
        assert last["window"]["since"] is None

    def test_stored_training_reference_is_used(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        from csv_analyzer.monitoring.references import store_reference

        train = make_frame(1_000, seed=1)
        model = register(
            db_session, owner_id=user_id(db_session, alice), dataset_id=None, frame=train
        )
        version = db_session.get_one(ModelVersion, _version_id(db_session, model.id))
        assert store_reference(
            db_session,
            model_version_id=version.id,
            frame=train,
            feature_schema=version.feature_schema,
        )
        log_predictions(db_session, model, make_frame(300, seed=2))

        body = client.get(f"{MODELS}/{model.id}/drift", headers=alice.headers).json()

        assert body["reference_source"] == "training"
        assert body["status"] == "ok"

    def test_no_reference_and_no_dataset_is_409(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        model = register(
            db_session,
            owner_id=user_id(db_session, alice),
            dataset_id=None,
            frame=make_frame(100, seed=1),
        )
        r = client.get(f"{MODELS}/{model.id}/drift", headers=alice.headers)
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "no_drift_reference"

    def test_scheduled_check_covers_champions_with_recent_predictions(
        self, client: TestClient, app: FastAPI, alice: SignedIn, db_session: Session
    ) -> None:
        model = setup_model(client, alice, db_session, name="hourly")
        log_predictions(db_session, model, make_frame(300, seed=2, x_mean=1.5))
        state = app.state

        first = tick(state.settings, state.sessionmaker, state.store, state.job_queue)
        again = tick(state.settings, state.sessionmaker, state.store, state.job_queue)

        assert first.ran
        assert first.drift_checked == 1
        assert not again.ran  # the lease: once per period, whoever ticks
        assert 'csv_analyzer_drift_status{model="hourly"} 2.0' in client.get("/metrics").text


class TestUsage:
    def test_requests_rows_and_latency_are_bucketed(
        self, client: TestClient, alice: SignedIn, db_session: Session
    ) -> None:
        model = setup_model(client, alice, db_session)
        log_predictions(
            db_session,
            model,
            make_frame(200, seed=2),
            latency_ms=10.0,
            created_at=utcnow() - timedelta(hours=3),
        )
        log_predictions(db_session, model, make_frame(50, seed=2), per_request=10, latency_ms=4.0)

        r = client.get(f"{MODELS}/{model.id}/monitoring", headers=alice.headers)

        assert r.status_code == 200, r.text
        body = r.json()
        assert body["bucket_seconds"] == 1800
        assert (body["requests"], body["rows"]) == (7, 250)
        assert body["by_version"] == {"1": 7}
        assert body["by_source"] == {"api": 7}
        busy = [b for b in body["series"] if b["requests"]]
        assert [(b["requests"], b["rows"], b["latency_ms_max"]) for b in busy] == [
            (2, 200, 10.0),
            (5, 50, 4.0),
        ]
        assert sum(b["requests"] for b in body["series"]) == 7
        assert len(body["series"]) in (48, 49)


class TestOwnership:
    def test_other_users_model_is_404_on_every_monitoring_route(
        self, client: TestClient, alice: SignedIn, bob: SignedIn, db_session: Session
    ) -> None:
        model = setup_model(client, alice, db_session)
        base = f"{MODELS}/{model.id}"
        responses = [
            client.get(f"{base}/drift", headers=bob.headers),
            client.get(f"{base}/monitoring", headers=bob.headers),
            client.get(f"{base}/schedule", headers=bob.headers),
            client.put(f"{base}/schedule", headers=bob.headers, json={"cadence": "daily"}),
            client.delete(f"{base}/schedule", headers=bob.headers),
        ]
        assert [r.status_code for r in responses] == [404] * 5
        assert {r.json()["error"]["code"] for r in responses} == {"model_not_found"}

    def test_anonymous_is_401(self, client: TestClient) -> None:
        assert client.get(f"{MODELS}/x/drift").status_code == 401


def _version_id(session: Session, model_id: str) -> str:
    from sqlalchemy import select

    return session.scalars(select(ModelVersion.id).where(ModelVersion.model_id == model_id)).one()
