"""Helpers for the training API tests: small bench CSVs uploaded through the datasets API."""

from __future__ import annotations

import io
import time
from typing import Any

import pandas as pd
from fastapi.testclient import TestClient
from sklearn.datasets import load_iris

from tests.conftest import SignedIn

API = "/api/v1/training-jobs"


def iris_csv() -> bytes:
    frame = load_iris(as_frame=True).frame
    frame["species"] = frame.pop("target").map({0: "setosa", 1: "versicolor", 2: "virginica"})
    frame.insert(0, "row_id", range(len(frame)))
    frame["constant"] = "same"
    return frame.to_csv(index=False).encode()


def frame_csv(frame: pd.DataFrame) -> bytes:
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue().encode()


def upload_dataset(client: TestClient, user: SignedIn, content: bytes, name: str) -> str:
    r = client.post(
        "/api/v1/datasets",
        headers=user.headers,
        files={"file": (f"{name}.csv", content, "text/csv")},
        data={"name": name},
    )
    assert r.status_code == 201, r.text
    dataset_id: str = r.json()["id"]
    return dataset_id


def wait_finished(
    client: TestClient, user: SignedIn, job_id: str, timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(f"{API}/{job_id}", headers=user.headers)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        if body["status"] in ("succeeded", "failed", "cancelled"):
            return body
        assert time.monotonic() < deadline, f"still {body['status']}: {body['progress']}"
        time.sleep(0.5)


def wait_status(
    client: TestClient, user: SignedIn, job_id: str, status: str, timeout: float
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        body: dict[str, Any] = client.get(f"{API}/{job_id}", headers=user.headers).json()
        if body["status"] == status:
            return body
        assert time.monotonic() < deadline, f"still {body['status']} ({body['error']})"
        time.sleep(0.2)
