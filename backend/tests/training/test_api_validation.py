"""Bad training requests answer a clean 4xx before anything is queued; the preview explains."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.training.api_helpers import API, frame_csv, iris_csv, upload_dataset


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(0)
    n = 60
    return pd.DataFrame(
        {
            "x": rng.normal(size=n).round(3),
            "city": rng.choice(["Oslo", "Lima", "Pune"], size=n),
            "price": (rng.normal(size=n) * 100 + 500).round(2),
            "label": rng.choice(["spam", "ham"], size=n),
            "constant": ["same"] * n,
            "code": [f"C{i:04d}" for i in range(n)],
            "rare": ["a"] * (n - 1) + ["b"],
            "empty": [None] * n,
            "label_copy": None,
        }
    ).assign(label_copy=lambda f: f["label"])


@pytest.fixture
def dataset_id(client: TestClient, alice: SignedIn) -> str:
    return upload_dataset(client, alice, frame_csv(_frame()), "shop")


def _create(client: TestClient, user: SignedIn, **body: Any) -> Any:
    return client.post(API, headers=user.headers, json={"time_budget_s": 10, **body})


def _no_jobs(client: TestClient, user: SignedIn) -> None:
    assert client.get(API, headers=user.headers).json()["total"] == 0


@pytest.mark.parametrize(
    ("body", "code", "fragment"),
    [
        ({"target": "nope"}, "unknown_column", "nope"),
        ({"target": "label", "features": ["x", "ghost"]}, "unknown_column", "ghost"),
        ({"target": "label", "features": ["label"]}, "no_features", "No feature columns"),
        ({"target": "constant"}, "invalid_target", "constant"),
        ({"target": "empty"}, "invalid_target", "every row is missing"),
        ({"target": "code"}, "invalid_target", "identifier"),
        ({"target": "rare"}, "invalid_target", "fewer than 2 rows"),
        ({"target": "city", "task": "regression"}, "invalid_target", "not numeric"),
        ({"target": "label", "algorithms": ["magic"]}, "unknown_algorithm", "magic"),
        ({"target": "label", "metric": "rmse"}, "unknown_metric", "rmse"),
        ({"target": "price", "metric": "accuracy"}, "unknown_metric", "accuracy"),
        (
            {"target": "label", "hyperparameters": {"decision_tree": {"max_depth": -3}}},
            "invalid_hyperparameters",
            "decision_tree",
        ),
        (
            {"target": "label", "hyperparameters": {"lightgbm": {"bogus": 1}}},
            "invalid_hyperparameters",
            "bogus",
        ),
        ({"target": "label", "model_name": "!!!"}, "invalid_model_name", "letter"),
    ],
)
def test_unusable_request_is_422_with_the_reason(
    client: TestClient,
    alice: SignedIn,
    dataset_id: str,
    body: dict[str, Any],
    code: str,
    fragment: str,
) -> None:
    r = _create(client, alice, dataset_id=dataset_id, **body)
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == code
    assert fragment in error["message"]
    _no_jobs(client, alice)


@pytest.mark.parametrize(
    "body",
    [
        {"target": "label", "time_budget_s": 5},
        {"target": "label", "time_budget_s": 3601},
        {"target": "label", "folds": 1},
        {"target": "label", "holdout_share": 0.9},
        {"target": "label", "task": "clustering"},
        {"target": "label", "surprise": True},
        {"target": ""},
    ],
)
def test_out_of_range_options_are_422(
    client: TestClient, alice: SignedIn, dataset_id: str, body: dict[str, Any]
) -> None:
    r = client.post(API, headers=alice.headers, json={"dataset_id": dataset_id, **body})
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "validation_error"


def test_unknown_dataset_and_version_are_404(
    client: TestClient, alice: SignedIn, dataset_id: str
) -> None:
    r = _create(client, alice, dataset_id="0" * 32, target="label")
    assert (r.status_code, r.json()["error"]["code"]) == (404, "dataset_not_found")
    r = _create(client, alice, dataset_id=dataset_id, dataset_version=7, target="label")
    assert (r.status_code, r.json()["error"]["code"]) == (404, "version_not_found")


def test_preview_detects_the_task_and_suggests_exclusions(
    client: TestClient, alice: SignedIn, dataset_id: str
) -> None:
    r = client.post(
        f"{API}/preview", headers=alice.headers, json={"dataset_id": dataset_id, "target": "label"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["usable"] is True
    assert body["task"] == "classification"
    assert "label" in body["task_explanation"]
    assert body["default_metric"] == "roc_auc"
    assert "accuracy" in body["metrics"]
    assert sorted(c["label"] for c in body["classes"]) == ["ham", "spam"]
    reasons = {e["name"]: e["reason"] for e in body["suggested_exclusions"]}
    assert "constant" in reasons["constant"]
    assert "empty" in reasons
    assert "leakage" in reasons["label_copy"]
    assert {"x", "city", "price"} <= set(body["features"])
    assert "label_copy" not in body["features"]


def test_preview_of_a_numeric_target_is_regression(
    client: TestClient, alice: SignedIn, dataset_id: str
) -> None:
    body = client.post(
        f"{API}/preview", headers=alice.headers, json={"dataset_id": dataset_id, "target": "price"}
    ).json()
    assert (body["task"], body["default_metric"], body["classes"]) == ("regression", "rmse", None)


def test_preview_of_an_unusable_target_explains_the_problem(
    client: TestClient, alice: SignedIn, dataset_id: str
) -> None:
    body = client.post(
        f"{API}/preview",
        headers=alice.headers,
        json={"dataset_id": dataset_id, "target": "constant"},
    ).json()
    assert body["usable"] is False
    assert body["task"] is None
    assert "constant" in body["problem"]


class TestOwnership:
    """Bob sees none of Alice's training jobs and cannot train on her dataset."""

    def test_every_route_is_404_for_another_user(
        self, client: TestClient, alice: SignedIn, bob: SignedIn
    ) -> None:
        dataset_id = upload_dataset(client, alice, iris_csv(), "iris")
        r = client.post(
            API,
            headers=alice.headers,
            json={"dataset_id": dataset_id, "target": "species", "time_budget_s": 10},
        )
        assert r.status_code == 202, r.text
        job_id = r.json()["id"]
        for method, path in [("GET", f"{API}/{job_id}"), ("POST", f"{API}/{job_id}/cancel")]:
            r = client.request(method, path, headers=bob.headers)
            assert r.status_code == 404, (method, path, r.text)
            assert r.json()["error"]["code"] == "training_job_not_found"
        assert client.get(API, headers=bob.headers).json()["total"] == 0
        listed = client.get(API, headers=bob.headers, params={"dataset_id": dataset_id}).json()
        assert listed["items"] == []
        for path in (API, f"{API}/preview"):
            r = client.post(
                path, headers=bob.headers, json={"dataset_id": dataset_id, "target": "species"}
            )
            assert r.status_code == 404, r.text
            assert r.json()["error"]["code"] == "dataset_not_found"
        # Alice stops her job; it is still hers.
        r = client.post(f"{API}/{job_id}/cancel", headers=alice.headers)
        assert r.status_code in (200, 409), r.text

    def test_routes_need_authentication(self, client: TestClient) -> None:
        assert client.get(API).status_code == 401
        assert client.get(f"{API}/abc").status_code == 401
        assert client.post(f"{API}/abc/cancel").status_code == 401
