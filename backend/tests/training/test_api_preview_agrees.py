"""Preview and create judge a target alike: what one accepts the other accepts, and what one
refuses the other refuses with the same reason."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.training.api_helpers import API, frame_csv, upload_dataset


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(1)
    n = 40
    return pd.DataFrame(
        {
            "x": rng.normal(size=n).round(3),
            "day": rng.choice(["2024-01-01", "2024-02-15", "2024-03-31"], size=n),
            "moment": rng.choice(["2024-01-01 10:00:00", "2024-01-02 11:30:00"], size=n),
        }
    )


@pytest.fixture
def dataset_id(client: TestClient, alice: SignedIn) -> str:
    return upload_dataset(client, alice, frame_csv(_frame()), "dates")


def _preview(client: TestClient, user: SignedIn, **body: Any) -> Any:
    return client.post(f"{API}/preview", headers=user.headers, json=body)


@pytest.mark.parametrize(
    ("target", "labels"), [("day", {"2024-01-01", "2024-02-15", "2024-03-31"}), ("moment", None)]
)
def test_a_date_target_previews_and_trains_alike(
    client: TestClient, alice: SignedIn, dataset_id: str, target: str, labels: set[str] | None
) -> None:
    r = _preview(client, alice, dataset_id=dataset_id, target=target)
    assert r.status_code == 200, r.text
    preview = r.json()
    assert preview["usable"] is True
    assert preview["task"] == "classification"
    shown = {c["label"] for c in preview["classes"]}
    assert all(isinstance(label, str) for label in shown)
    if labels is not None:
        assert shown == labels
    r = client.post(
        API,
        headers=alice.headers,
        json={"dataset_id": dataset_id, "target": target, "time_budget_s": 10},
    )
    assert r.status_code == 202, r.text
    r = client.post(f"{API}/{r.json()['id']}/cancel", headers=alice.headers)
    assert r.status_code in (200, 409), r.text
