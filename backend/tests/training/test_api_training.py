"""Training end to end through the API: a real job process, MLflow tracking and registry."""

from __future__ import annotations

import os

import mlflow
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from tests.conftest import SignedIn
from tests.training.api_helpers import (
    API,
    frame_csv,
    iris_csv,
    upload_dataset,
    wait_finished,
    wait_status,
)

pytestmark = pytest.mark.slow


def test_training_job_trains_registers_and_the_model_loads_from_the_registry(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    dataset_id = upload_dataset(client, alice, iris_csv(), "iris")
    r = client.post(
        API,
        headers=alice.headers,
        json={
            "dataset_id": dataset_id,
            "target": "species",
            "time_budget_s": 10,
            "model_name": "Iris species",
            "algorithms": ["linear", "decision_tree"],
        },
    )
    assert r.status_code == 202, r.text
    created = r.json()
    assert created["status"] in ("queued", "running")
    assert created["registered_model_name"] == f"{created['config']['mlflow_model_name']}"

    job = wait_finished(client, alice, created["id"], timeout=180)
    assert job["status"] == "succeeded", job["error"]
    result = job["result"]
    assert result["task"] == "classification"
    assert result["metric"] == "log_loss"
    assert {row["algorithm"] for row in result["leaderboard"]} <= {"linear", "decision_tree"}
    assert result["holdout_metrics"]["accuracy"] > result["baseline_metrics"]["accuracy"]
    assert {c["name"] for c in result["feature_schema"]} == {
        "sepal length (cm)",
        "sepal width (cm)",
        "petal length (cm)",
        "petal width (cm)",
    }
    dropped = {d["name"] for d in result["dropped_columns"]}
    assert {"row_id", "constant"} <= dropped
    assert {f["feature"] for f in result["feature_importances"]} == {
        c["name"] for c in result["feature_schema"]
    }
    coverage = result["plots"]["feature_importance_coverage"]
    assert (coverage["computed"], coverage["total"], coverage["complete"]) == (4, 4, True)
    assert coverage["summary"] == "all 4 features measured"
    assert len(result["dataset_sha256"]) == 64
    assert job["progress"]["fraction"] == 1.0
    assert job["progress"]["trials_done"] >= 1
    assert job["progress"]["history"]
    assert job["progress"]["metric"] == "log_loss"
    assert job["progress"]["greater_is_better"] is False
    live = job["progress"]["leaderboard"]
    assert live
    assert {row["algorithm"] for row in live} <= {"linear", "decision_tree"}
    assert job["progress"]["leaderboard_total"] >= len(live)
    assert job["model_version"] == 1
    assert job["mlflow_run_id"]
    assert job["mlflow_run_url"] is None  # no MLFLOW_UI_URL configured
    settings.mlflow_ui_url = "http://mlflow.example:5000/"
    linked = client.get(f"{API}/{job['id']}", headers=alice.headers).json()
    assert linked["mlflow_run_url"] == (
        f"http://mlflow.example:5000/#/experiments/{job['mlflow_experiment_id']}"
        f"/runs/{job['mlflow_run_id']}"
    )
    assert result["registry"]["version"] == 1
    assert result["registry"]["gate"]["decision"] == "champion"
    assert job["duration_s"] > 0

    listed = client.get(API, headers=alice.headers, params={"dataset_id": dataset_id}).json()
    assert [item["id"] for item in listed["items"]] == [job["id"]]
    assert listed["items"][0]["model_version"] == 1
    assert listed["items"][0]["progress"]["history"] == []
    assert listed["items"][0]["progress"]["leaderboard"] == []

    os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
    mlflow.set_tracking_uri(settings.resolved_mlflow_tracking_uri)
    mlflow.set_registry_uri(settings.resolved_mlflow_registry_uri)
    name = job["registered_model_name"]
    assert name.startswith(job["config"]["mlflow_model_name"].split("-")[0])
    model = mlflow.pyfunc.load_model(f"models:/{name}/{job['model_version']}")
    rows = pd.DataFrame(
        {
            "sepal length (cm)": [5.1, 6.7],
            "sepal width (cm)": [3.5, 3.0],
            "petal length (cm)": [1.4, 5.2],
            "petal width (cm)": [0.2, 2.3],
        }
    )
    assert list(model.predict(rows)) == ["setosa", "virginica"]
    run = mlflow.get_run(job["mlflow_run_id"])
    assert run.data.params["target"] == "species"
    assert "holdout_accuracy" in run.data.metrics
    assert run.data.tags["csv_analyzer.dataset_sha256"] == result["dataset_sha256"]

    r = client.post(f"{API}/{job['id']}/cancel", headers=alice.headers)
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "job_finished"


def test_running_training_job_is_cancelled_quickly(client: TestClient, alice: SignedIn) -> None:
    dataset_id = upload_dataset(client, alice, iris_csv(), "iris")
    r = client.post(
        API,
        headers=alice.headers,
        json={"dataset_id": dataset_id, "target": "species", "time_budget_s": 600},
    )
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    wait_status(client, alice, job_id, "running", timeout=120)
    r = client.post(f"{API}/{job_id}/cancel", headers=alice.headers)
    assert r.status_code == 200, r.text
    assert r.json()["cancel_requested"] is True
    job = wait_finished(client, alice, job_id, timeout=20)
    assert job["status"] == "cancelled"
    assert job["model_version"] is None
    assert job["result"] is None


def test_job_the_engine_cannot_train_fails_with_a_readable_reason(
    client: TestClient, alice: SignedIn
) -> None:
    frame = pd.DataFrame({"flat": ["same"] * 40, "y": ["a", "b"] * 20})
    dataset_id = upload_dataset(client, alice, frame_csv(frame), "flat")
    r = client.post(
        API,
        headers=alice.headers,
        json={"dataset_id": dataset_id, "target": "y", "time_budget_s": 10},
    )
    assert r.status_code == 202, r.text
    job = wait_finished(client, alice, r.json()["id"], timeout=120)
    assert job["status"] == "failed"
    assert job["error"].startswith("No usable feature columns")
    assert "flat: constant" in job["error"]
    assert job["model_version"] is None
