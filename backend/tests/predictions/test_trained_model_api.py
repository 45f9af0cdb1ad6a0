"""From a training job to predictions: the version training registers is recorded, gated, served."""

from __future__ import annotations

import io
import zipfile

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.training.api_helpers import API as TRAINING_API
from tests.training.api_helpers import iris_csv, upload_dataset, wait_finished

pytestmark = pytest.mark.slow


def test_a_trained_model_is_champion_and_predicts_through_the_api(
    client: TestClient, alice: SignedIn, bob: SignedIn
) -> None:
    dataset_id = upload_dataset(client, alice, iris_csv(), "iris")
    r = client.post(
        TRAINING_API,
        headers=alice.headers,
        json={
            "dataset_id": dataset_id,
            "target": "species",
            "time_budget_s": 10,
            "model_name": "Iris",
            "algorithms": ["hist_gradient_boosting"],
            "hyperparameters": {"hist_gradient_boosting": {"max_iter": 30}},
        },
    )
    assert r.status_code == 202, r.text
    job = wait_finished(client, alice, r.json()["id"], timeout=240)
    assert job["status"] == "succeeded", job["error"]
    registry = job["result"]["registry"]
    assert registry["version"] == 1
    assert registry["gate"]["decision"] == "champion"

    model_id = registry["model_id"]
    detail = client.get(f"/api/v1/models/{model_id}", headers=alice.headers).json()
    assert detail["champion_version"] == 1
    assert detail["versions"][0]["training_job_id"] == job["id"]
    assert detail["versions"][0]["dataset_id"] == dataset_id
    version = client.get(f"/api/v1/models/{model_id}/versions/1", headers=alice.headers).json()
    assert version["serving_path"] == "compiled", version["serving_reason"]
    assert version["serving_reason"] is None
    assert version["serving_trees"] == "treelite"

    row = {
        "sepal length (cm)": 6.7,
        "sepal width (cm)": 3.0,
        "petal length (cm)": 5.2,
        "petal width (cm)": 2.3,
    }
    r = client.post(
        f"/api/v1/models/{model_id}/predict", json={"rows": [row]}, headers=alice.headers
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["predictions"] == ["virginica"]
    assert set(body["probabilities"][0]) == {"setosa", "versicolor", "virginica"}
    r = client.post(f"/api/v1/models/{model_id}/predict", json={"rows": [row]}, headers=bob.headers)
    assert r.status_code == 404
    r = client.get(f"/api/v1/models/{model_id}/versions/1/export", headers=alice.headers)
    assert r.status_code == 200
    assert "MLmodel" in zipfile.ZipFile(io.BytesIO(r.content)).namelist()
