"""The two batch routes (a CSV upload, a dataset version) and the deprecated route of earlier
releases that takes either."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from tests.conftest import SignedIn
from tests.predictions.support import Fitted, fit_pipeline, make_frame
from tests.predictions.test_batch_api import wait_finished
from tests.registry.support import register, user_id

API = "/api/v1/models"


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    return fit_pipeline(make_frame(200))


@pytest.mark.slow
def test_an_upload_to_the_upload_route_is_scored_row_by_row(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(12).copy()
    frame["amount"] = frame["amount"].astype(object)
    frame.loc[3, "amount"] = "n/a?"
    base = f"{API}/{version.model_id}/batch-predictions"
    r = client.post(
        f"{base}/upload",
        files={"file": ("more.csv", frame.to_csv(index=False).encode(), "text/csv")},
        data={"version": "1"},
        headers=alice.headers,
    )
    assert r.status_code == 202, r.text
    body = wait_finished(client, alice, f"{base}/{r.json()['id']}", timeout=120)
    assert body["status"] == "succeeded", body["error"]
    assert body["summary"] == "11 of 12 rows scored"
    assert body["problems"] == [{"row": 3, "error": "'amount': 'n/a?' (expected a number)"}]


def test_the_upload_route_wants_a_file_and_a_version_number(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted, model_name="routes")
    base = f"{API}/{version.model_id}/batch-predictions"
    r = client.post(f"{base}/upload", json={"dataset_id": "x"}, headers=alice.headers)
    assert r.status_code in (415, 422), r.text
    r = client.post(
        f"{base}/upload",
        files={"file": ("a.csv", b"x\n1\n", "text/csv")},
        data={"version": "latest"},
        headers=alice.headers,
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_version"


def test_another_users_model_is_404_before_the_upload_is_read(
    client: TestClient, settings: Settings, alice: SignedIn, bob: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted, model_name="private")
    r = client.post(
        f"{API}/{version.model_id}/batch-predictions/upload",
        content=b"this is not even multipart",
        headers={**bob.headers, "Content-Type": "multipart/form-data; boundary=zzz"},
    )
    assert r.status_code == 404, r.text
    assert r.json()["error"]["code"] == "model_not_found"


def test_the_dataset_route_validates_its_json_body(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted, model_name="dataset-route")
    r = client.post(
        f"{API}/{version.model_id}/batch-predictions/dataset",
        json={"dataset_version": 1},
        headers=alice.headers,
    )
    assert r.status_code == 422, r.text
    assert "dataset_id" in r.text
    r = client.post(
        f"{API}/{version.model_id}/batch-predictions/dataset",
        json={"dataset_id": "no-such-dataset"},
        headers=alice.headers,
    )
    assert r.status_code == 404, r.text


def test_the_openapi_document_describes_each_route_with_one_body(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    base = "/api/v1/models/{model_id}/batch-predictions"
    upload = paths[f"{base}/upload"]["post"]["requestBody"]["content"]
    assert list(upload) == ["multipart/form-data"]
    assert upload["multipart/form-data"]["schema"]["required"] == ["file"]
    dataset = paths[f"{base}/dataset"]["post"]["requestBody"]["content"]
    assert list(dataset) == ["application/json"]
    legacy = paths[base]["post"]
    assert legacy["deprecated"] is True
    assert list(legacy["requestBody"]["content"]) == ["application/json"]
