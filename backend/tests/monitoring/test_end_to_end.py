"""Train a tiny model for real, predict through the real API, and watch drift appear."""

from __future__ import annotations

import pandas as pd
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.config import Settings
from csv_analyzer.monitoring.models import DriftReference
from csv_analyzer.registry.models import ModelVersion
from tests.conftest import SignedIn
from tests.monitoring.support import make_frame, rows_of, upload_frame
from tests.training.api_helpers import API as TRAINING
from tests.training.api_helpers import wait_finished

pytestmark = pytest.mark.slow
MODELS = "/api/v1/models"


def predict(client: TestClient, user: SignedIn, model_id: str, frame: pd.DataFrame) -> None:
    rows = rows_of(frame)
    for start in range(0, len(rows), 100):  # the log keeps the first 100 rows of a request
        r = client.post(
            f"{MODELS}/{model_id}/predict",
            headers=user.headers,
            json={"rows": rows[start : start + 100]},
        )
        assert r.status_code == 200, r.text


def test_trained_model_has_a_training_reference_and_shifted_traffic_drifts(
    client: TestClient,
    app: FastAPI,
    alice: SignedIn,
    db_session: Session,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # MLflow resolves a `models:/m-<id>` source with a client on the *global* tracking URI
    # (ModelsArtifactRepository._get_model_uri_infos), whatever URI the caller passes; the
    # training ran in another process, so point the global default at the test's MLflow DB.
    monkeypatch.setenv("MLFLOW_TRACKING_URI", settings.resolved_mlflow_tracking_uri)
    dataset_id = upload_frame(client, alice, make_frame(600, seed=1), "customers")
    r = client.post(
        TRAINING,
        headers=alice.headers,
        json={
            "dataset_id": dataset_id,
            "target": "label",
            "time_budget_s": 10,
            "algorithms": ["linear"],
            "folds": 2,
            "model_name": "churn",
        },
    )
    assert r.status_code == 202, r.text
    job = wait_finished(client, alice, r.json()["id"], timeout=240)
    assert job["status"] == "succeeded", job["error"]
    model_id = job["result"]["registry"]["model_id"]
    version_id = db_session.scalars(
        select(ModelVersion.id).where(ModelVersion.model_id == model_id)
    ).one()
    reference = db_session.get(DriftReference, version_id)
    assert reference is not None
    assert reference.source == "training"
    assert reference.profile["prediction"]["kind"] == "categorical"

    predict(client, alice, model_id, make_frame(300, seed=2))
    app.state.prediction_log_writer.flush()
    calm = client.get(f"{MODELS}/{model_id}/drift", headers=alice.headers).json()

    predict(client, alice, model_id, make_frame(300, seed=3, x_mean=2.0))
    app.state.prediction_log_writer.flush()
    shifted = client.get(
        f"{MODELS}/{model_id}/drift", headers=alice.headers, params={"last_n": 300}
    ).json()

    assert (calm["status"], calm["n_current"], calm["reference_source"]) == (
        "ok",
        300,
        "training",
    )
    assert calm["prediction"]["status"] in ("ok", "warning")
    assert shifted["status"] == "drift"
    assert shifted["features"][0]["name"] == "x"
    assert shifted["prediction"]["psi"] > calm["prediction"]["psi"]
    usage = client.get(f"{MODELS}/{model_id}/monitoring", headers=alice.headers).json()
    assert (usage["requests"], usage["rows"]) == (6, 600)
