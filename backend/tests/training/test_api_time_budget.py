"""The time budget is a limit: a job ends by its budget plus a small grace, and a target with
too many classes for its rows is refused before anything is queued (preview and create alike)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.training.api_helpers import API, frame_csv, upload_dataset, wait_finished


def _classes_frame(n_classes: int, per_class: int, features: int = 20) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = n_classes * per_class
    frame = pd.DataFrame({f"x{j}": rng.normal(size=n).round(4) for j in range(features)})
    frame["kind"] = [f"k{i % n_classes:03d}" for i in range(n)]
    return frame


def test_a_target_with_too_many_classes_is_refused_by_preview_and_create(
    client: TestClient, alice: SignedIn
) -> None:
    dataset_id = upload_dataset(client, alice, frame_csv(_classes_frame(426, 3, 2)), "many")
    body = {"dataset_id": dataset_id, "target": "kind"}
    r = client.post(f"{API}/preview", headers=alice.headers, json=body)
    assert r.status_code == 200, r.text
    preview = r.json()
    assert preview["usable"] is False
    assert "426 classes for 1278 rows" in preview["problem"]
    r = client.post(API, headers=alice.headers, json={**body, "time_budget_s": 10})
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid_target"
    assert error["message"] == preview["problem"]
    assert client.get(API, headers=alice.headers).json()["total"] == 0


def test_a_job_whose_first_model_outlasts_the_budget_fails_by_budget_plus_grace(
    client: TestClient, alice: SignedIn
) -> None:
    # 150 classes: gradient boosting fits 150 trees per round, minutes for one model here.
    dataset_id = upload_dataset(client, alice, frame_csv(_classes_frame(150, 8)), "slow")
    r = client.post(
        API,
        headers=alice.headers,
        json={
            "dataset_id": dataset_id,
            "target": "kind",
            "time_budget_s": 10,
            "algorithms": ["gradient_boosting"],
        },
    )
    assert r.status_code == 202, r.text
    job = wait_finished(client, alice, r.json()["id"], timeout=120)
    assert job["status"] == "failed", job
    assert "No model finished within the 10 s time budget (+11 s grace)" in job["error"]
    assert job["progress"]["step"] == "failed"
    took = datetime.fromisoformat(job["finished_at"]) - datetime.fromisoformat(job["started_at"])
    # 10 s budget + 11 s grace (counted from the handler's start) + the monitor's poll.
    assert took.total_seconds() < 10 + 11 + 5, f"the job ran {took}"
