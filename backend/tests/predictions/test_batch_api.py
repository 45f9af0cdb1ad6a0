"""Batch scoring end to end: a real job process scores a CSV upload with a row-level problem."""

from __future__ import annotations

import csv
import io
import time
from typing import Any

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from tests.conftest import SignedIn
from tests.predictions.support import Fitted, fit_pipeline, make_frame
from tests.registry.support import register, user_id

API = "/api/v1/models"


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    return fit_pipeline(make_frame(200))


def wait_finished(client: TestClient, user: SignedIn, url: str, timeout: float) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        r = client.get(url, headers=user.headers)
        assert r.status_code == 200, r.text
        body: dict[str, Any] = r.json()
        if body["status"] in ("succeeded", "failed", "cancelled"):
            return body
        assert time.monotonic() < deadline, f"still {body['status']}: {body['progress']}"
        time.sleep(0.3)


@pytest.mark.slow
def test_batch_upload_scores_rows_and_reports_a_bad_row_without_failing(
    client: TestClient, settings: Settings, alice: SignedIn, bob: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(30).copy()
    frame["amount"] = frame["amount"].astype(object)
    frame.loc[7, "amount"] = "lots"  # the wrong type: row 7 gets an error, the others predictions
    content = frame.to_csv(index=False).encode()
    base = f"{API}/{version.model_id}/batch-predictions"
    r = client.post(base, files={"file": ("in.csv", content, "text/csv")}, headers=alice.headers)
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    assert r.json()["status"] == "queued"

    # Someone else's user sees nothing of it, while it runs or after.
    assert client.get(f"{base}/{job_id}", headers=bob.headers).status_code == 404

    body = wait_finished(client, alice, f"{base}/{job_id}", timeout=120)
    assert body["status"] == "succeeded", body["error"]
    assert (body["rows_total"], body["rows_scored"], body["rows_failed"]) == (30, 29, 1)
    assert body["rows"] == 30  # the deprecated name still answers
    assert body["summary"] == "29 of 30 rows scored"
    assert body["problems"] == [{"row": 7, "error": "'amount': 'lots' (expected a number)"}]
    assert body["progress"]["fraction"] == 1.0

    r = client.get(f"{base}/{job_id}/download", headers=alice.headers)
    assert r.status_code == 200
    out = list(csv.DictReader(io.StringIO(r.text)))
    assert len(out) == 30
    assert set(out[0]) >= {
        "x",
        "prediction",
        "probability_no",
        "probability_yes",
        "_prediction_error",
    }
    assert out[7]["prediction"] == ""
    assert "lots" in out[7]["_prediction_error"]
    good = frame.drop(index=7)
    expected = fitted.pipeline.predict(good.assign(amount=good["amount"].astype(float)))
    assert [row["prediction"] for i, row in enumerate(out) if i != 7] == expected.tolist()

    listed = client.get(base, headers=alice.headers).json()
    assert listed["total"] == 1
    assert (listed["items"][0]["id"], listed["items"][0]["summary"]) == (
        job_id,
        "29 of 30 rows scored",
    )
    assert client.get(base, headers=bob.headers).status_code == 404

    log = client.get(f"{API}/{version.model_id}/predictions?source=batch", headers=alice.headers)
    entry = log.json()["items"][0]
    assert (entry["n_rows"], entry["batch_job_id"]) == (30, job_id)

    for url in (f"{base}/{job_id}", f"{base}/{job_id}/download"):
        assert client.get(url, headers=bob.headers).status_code == 404
    assert (
        client.post(
            base, files={"file": ("in.csv", content, "text/csv")}, headers=bob.headers
        ).status_code
        == 404
    )


@pytest.mark.slow
def test_a_batch_in_which_no_row_is_scored_fails_with_its_counts(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(12).assign(amount="lots")
    base = f"{API}/{version.model_id}/batch-predictions"
    content = frame.to_csv(index=False).encode()
    r = client.post(base, files={"file": ("in.csv", content, "text/csv")}, headers=alice.headers)
    assert r.status_code == 202, r.text
    body = wait_finished(client, alice, f"{base}/{r.json()['id']}", timeout=120)
    assert body["status"] == "failed"
    assert body["error"] == (
        "no row could be scored: all 12 rows failed "
        "(first problem: 'amount': 'lots' (expected a number))"
    )
    assert (body["rows_total"], body["rows_scored"], body["rows_failed"]) == (12, 0, 12)
    assert body["summary"] == "0 of 12 rows scored"
    assert len(body["problems"]) == 12
    assert body["download_url"] is None
    assert client.get(f"{base}/{body['id']}/download", headers=alice.headers).status_code == 409
    log = client.get(f"{API}/{version.model_id}/predictions?source=batch", headers=alice.headers)
    assert log.json()["items"] == []  # nothing was predicted, nothing is logged


@pytest.mark.slow
def test_a_file_without_a_required_column_fails_the_job_with_its_name(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    content = fitted.frame.head(5).drop(columns=["comment"]).to_csv(index=False).encode()
    base = f"{API}/{version.model_id}/batch-predictions"
    r = client.post(base, files={"file": ("in.csv", content, "text/csv")}, headers=alice.headers)
    assert r.status_code == 202, r.text
    body = wait_finished(client, alice, f"{base}/{r.json()['id']}", timeout=120)
    assert body["status"] == "failed"
    assert body["error"] == "the file lacks required columns: comment"
    assert client.get(f"{base}/{body['id']}/download", headers=alice.headers).status_code == 409


def test_batch_from_another_users_dataset_is_404(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted, make_dataset: Any
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    r = client.post(
        f"{API}/{version.model_id}/batch-predictions",
        json={"dataset_id": "nope"},
        headers=alice.headers,
    )
    assert r.status_code == 404
    r = client.post(
        f"{API}/{version.model_id}/batch-predictions", json={"bad": 1}, headers=alice.headers
    )
    assert r.status_code == 422


@pytest.mark.slow
def test_batch_scores_a_dataset_version(
    client: TestClient, settings: Settings, alice: SignedIn, bob: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = make_frame(40, seed=3)
    r = client.post(
        "/api/v1/datasets",
        files={"file": ("new.csv", frame.to_csv(index=False).encode(), "text/csv")},
        headers=alice.headers,
    )
    assert r.status_code == 201, r.text
    dataset_id = r.json()["id"]
    base = f"{API}/{version.model_id}/batch-predictions"
    r = client.post(base, json={"dataset_id": dataset_id}, headers=bob.headers)
    assert r.status_code == 404  # bob: neither the model nor the dataset is his
    r = client.post(base, json={"dataset_id": dataset_id, "version": 1}, headers=alice.headers)
    assert r.status_code == 202, r.text
    body = wait_finished(client, alice, f"{base}/{r.json()['id']}", timeout=120)
    assert body["status"] == "succeeded", body["error"]
    assert (body["rows_total"], body["rows_scored"], body["rows_failed"]) == (40, 40, 0)
    out = list(
        csv.DictReader(io.StringIO(client.get(body["download_url"], headers=alice.headers).text))
    )
    expected = fitted.pipeline.predict(frame.drop(columns=["label", "value"]))
    assert [row["prediction"] for row in out] == expected.tolist()
    log = client.get(f"{API}/{version.model_id}/predictions?source=batch", headers=alice.headers)
    assert log.json()["items"][0]["inputs"][0]["x"] == pytest.approx(
        frame["x"].iloc[0], nan_ok=True
    )
