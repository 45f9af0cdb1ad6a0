"""A column unique per row is an identifier whatever its name: typed so, left out, never a target."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.training.api_helpers import frame_csv, upload_dataset

PREVIEW = "/api/v1/training-jobs/preview"


@pytest.fixture
def housing(client: TestClient, alice: SignedIn) -> str:
    """Like the Ames file: a 9-digit parcel number, a short free-text note, a real driver."""
    rng = np.random.default_rng(0)
    n = 600
    area = rng.integers(500, 4_000, n)
    frame = pd.DataFrame(
        {
            "PID": rng.choice(np.arange(526_301_100, 924_152_030), n, replace=False),
            "note": [f"seen by agent {i} on visit {rng.integers(1, 9)}" for i in range(n)],
            "Gr_Liv_Area": area,
            "Neighborhood": rng.choice(["NAmes", "OldTown", "Edwards"], n),
            "SalePrice": area * 120 + rng.normal(0, 20_000, n),
        }
    )
    return upload_dataset(client, alice, frame_csv(frame), "ames")


def _types(client: TestClient, user: SignedIn, dataset_id: str) -> dict[str, str]:
    r = client.get(f"/api/v1/datasets/{dataset_id}", headers=user.headers)
    return dict(r.json()["version"]["column_types"])


def test_a_parcel_number_and_a_near_unique_note_are_identifiers(
    client: TestClient, alice: SignedIn, housing: str
) -> None:
    types = _types(client, alice, housing)
    assert types["PID"] == "identifier"
    assert types["note"] == "identifier"
    assert types["Gr_Liv_Area"] == "integer"  # repeated values: a quantity


def test_identifiers_are_left_out_of_the_features_by_default(
    client: TestClient, alice: SignedIn, housing: str
) -> None:
    r = client.post(
        PREVIEW, json={"dataset_id": housing, "target": "SalePrice"}, headers=alice.headers
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert "PID" not in body["features"]
    assert "note" not in body["features"]
    assert {"Gr_Liv_Area", "Neighborhood"} <= set(body["features"])
    excluded = {e["name"]: e["reason"] for e in body["suggested_exclusions"]}
    assert "identifier" in excluded["PID"]


def test_the_user_can_include_an_identifier_on_purpose(
    client: TestClient, alice: SignedIn, housing: str
) -> None:
    body = {"dataset_id": housing, "target": "SalePrice", "features": ["PID", "Gr_Liv_Area"]}
    r = client.post(PREVIEW, json=body, headers=alice.headers)
    assert r.status_code == 200, r.text
    assert set(r.json()["features"]) == {"PID", "Gr_Liv_Area"}


def test_an_identifier_target_is_refused_by_preview_and_create_alike(
    client: TestClient, alice: SignedIn, housing: str
) -> None:
    body = {"dataset_id": housing, "target": "PID"}
    preview = client.post(PREVIEW, json=body, headers=alice.headers)
    assert preview.status_code == 200
    assert preview.json()["usable"] is False
    assert "identifier" in preview.json()["problem"]
    create = client.post(
        "/api/v1/training-jobs", json={**body, "time_budget_s": 10}, headers=alice.headers
    )
    assert create.status_code == 422
    assert create.json()["error"]["code"] == "invalid_target"
    assert "identifier" in create.json()["error"]["message"]
