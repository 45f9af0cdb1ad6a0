"""Register -> upload -> train -> predict through nginx, then check what Prometheus scraped."""

from __future__ import annotations

import time
from pathlib import Path

import httpx2 as httpx
import pytest

from stack_tests.conftest import REPO, Stack

pytestmark = pytest.mark.timeout(600)

DATASET = REPO.parent / "shared" / "bench" / "wine.csv"
FALLBACK = Path(__file__).parent / "data" / "wine.csv"


def _poll_job(client: httpx.Client, job_id: str, *, timeout: float = 240) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job: dict[str, object] = (
            client.get(f"/api/v1/training-jobs/{job_id}").raise_for_status().json()
        )
        if job["status"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(1)
    raise TimeoutError(f"training job {job_id} did not finish in {timeout}s")


def _prometheus_value(stack: Stack, query: str, *, timeout: float = 30) -> float:
    deadline = time.monotonic() + timeout
    value = 0.0
    while time.monotonic() < deadline:
        body = httpx.get(f"{stack.prometheus_url}/api/v1/query", params={"query": query}).json()
        results = body["data"]["result"]
        value = sum(float(r["value"][1]) for r in results)
        if value > 0:
            return value
        time.sleep(1)
    return value


def test_user_journey_through_nginx_is_scraped_by_prometheus(stack: Stack) -> None:
    data = DATASET if DATASET.is_file() else FALLBACK
    with httpx.Client(base_url=stack.nginx_url, timeout=60) as client:
        # the SPA and the API docs are served through the same edge
        assert client.get("/").status_code == 200
        assert client.get("/metrics").status_code == 404
        email, password = "stack@example.com", "stack test password 1"
        r = client.post("/api/v1/auth/register", json={"email": email, "password": password})
        assert r.status_code == 201, r.text
        r = client.post("/api/v1/auth/login", data={"username": email, "password": password})
        assert r.status_code == 200, r.text
        client.headers["Authorization"] = f"Bearer {r.json()['access_token']}"

        with data.open("rb") as f:
            r = client.post(
                "/api/v1/datasets",
                files={"file": ("wine.csv", f, "text/csv")},
                data={"name": "wine"},
            )
        assert r.status_code == 201, r.text
        dataset = r.json()

        r = client.post(
            "/api/v1/training-jobs",
            json={
                "dataset_id": dataset["id"],
                "target": "target",
                "time_budget_s": 10,
                "model_name": "wine-stack",
            },
        )
        assert r.status_code == 202, r.text
        job = _poll_job(client, r.json()["id"])
        assert job["status"] == "succeeded", job.get("error")

        model_id = _model_id(client, job)
        row = _example_row(client, model_id)
        r = client.post(f"/api/v1/models/{model_id}/predict", json={"rows": [row]})
        assert r.status_code == 200, r.text
        assert len(r.json()["predictions"]) == 1

    assert _prometheus_value(stack, 'up{job="api"}') == 1
    assert _prometheus_value(stack, 'up{job="worker"}') == 1
    assert _prometheus_value(stack, "csv_analyzer_worker_start_time_seconds") > 0
    assert _prometheus_value(stack, "sum(csv_analyzer_datasets_uploaded_total)") >= 1
    assert _prometheus_value(stack, "sum(csv_analyzer_predictions_total)") >= 1
    assert _prometheus_value(stack, 'sum(http_requests_total{handler="/api/v1/auth/login"})') >= 1
    assert _prometheus_value(stack, 'sum(csv_analyzer_training_jobs{state="succeeded"})') >= 1


def _model_id(client: httpx.Client, job: dict[str, object]) -> str:
    for key in ("model_id", "registered_model_id"):
        if job.get(key):
            return str(job[key])
    models = client.get("/api/v1/models").raise_for_status().json()
    items = models["items"] if isinstance(models, dict) else models
    return str(items[0]["id"])


def _example_row(client: httpx.Client, model_id: str) -> dict[str, object]:
    model = client.get(f"/api/v1/models/{model_id}").raise_for_status().json()
    versions = model["versions"]
    schema = versions[-1]["feature_schema"]
    return {f["name"]: f.get("example") for f in schema}
