"""Predict over HTTP with a real registered model: JWT and API tokens, schema errors, the log."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from csv_analyzer.registry.models import ModelVersion
from tests.conftest import SignedIn
from tests.predictions.support import Fitted, fit_pipeline, make_frame, rows_of
from tests.registry.support import register, user_id

API = "/api/v1/models"


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    return fit_pipeline(make_frame(200))


@pytest.fixture
def version(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> ModelVersion:
    return register(settings, user_id(client, alice), fitted)


def api_token(client: TestClient, user: SignedIn) -> tuple[str, str]:
    r = client.post("/api/v1/tokens", json={"name": "ci"}, headers=user.headers)
    assert r.status_code == 201, r.text
    return r.json()["id"], r.json()["token"]


def log_of(client: TestClient, user: SignedIn, model_id: str, query: str = "") -> dict[str, Any]:
    r = client.get(f"{API}/{model_id}/predictions{query}", headers=user.headers)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


class TestPredict:
    def test_champion_predicts_labels_and_probabilities_with_a_jwt(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        rows = rows_of(fitted.frame, 3)
        expected = fitted.pipeline.predict(fitted.frame.head(3)).tolist()
        r = client.post(
            f"{API}/{version.model_id}/predict", json={"rows": rows}, headers=alice.headers
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["model_version"] == 1
        assert body["predictions"] == expected
        assert set(body["probabilities"][0]) == {"no", "yes"}
        assert body["warnings"] == []
        assert body["extra_columns"] == []

    def test_a_version_predicts_with_an_api_token_and_the_log_names_the_token(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        token_id, secret = api_token(client, alice)
        rows = [rows_of(fitted.frame, 1)[0] | {"colour": "purple", "unused": 1}]
        r = client.post(
            f"{API}/{version.model_id}/versions/1/predict",
            json={"rows": rows},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["extra_columns"] == ["unused"]
        assert r.json()["warnings"][0]["code"] == "unseen_category"
        entry = log_of(client, alice, version.model_id)["items"][0]
        assert entry["source"] == "api"
        assert entry["caller_token_id"] == token_id
        assert entry["inputs"][0]["colour"] == "purple"

    def test_a_revoked_token_is_401(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        token_id, secret = api_token(client, alice)
        assert client.delete(f"/api/v1/tokens/{token_id}", headers=alice.headers).status_code == 204
        r = client.post(
            f"{API}/{version.model_id}/predict",
            json={"rows": rows_of(fitted.frame, 1)},
            headers={"Authorization": f"Bearer {secret}"},
        )
        assert r.status_code == 401

    def test_schema_errors_are_422_with_row_column_and_value(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        rows = rows_of(fitted.frame, 2)
        rows[1]["amount"] = "lots"
        r = client.post(
            f"{API}/{version.model_id}/predict", json={"rows": rows}, headers=alice.headers
        )
        assert r.status_code == 422
        error = r.json()["error"]
        assert error["code"] == "invalid_rows"
        assert error["details"]["errors"][0] == {
            "row": 1,
            "column": "amount",
            "value": "lots",
            "problem": "expected a number",
        }
        del rows[0]["comment"]  # required: no missing value in training
        r = client.post(
            f"{API}/{version.model_id}/predict", json={"rows": rows[:1]}, headers=alice.headers
        )
        assert r.status_code == 422
        assert "comment" in r.json()["error"]["message"]

    def test_more_than_10000_rows_is_422(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        rows = rows_of(fitted.frame, 1) * 10_001
        r = client.post(
            f"{API}/{version.model_id}/predict", json={"rows": rows}, headers=alice.headers
        )
        assert r.status_code == 422
        assert "10,000" in r.json()["error"]["message"]

    def test_the_form_gets_contributions_and_is_logged_as_form(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        body = {"rows": rows_of(fitted.frame, 1), "source": "form", "explain": True}
        r = client.post(f"{API}/{version.model_id}/predict", json=body, headers=alice.headers)
        assert r.status_code == 200, r.text
        contributions = r.json()["contributions"]
        assert 0 < len(contributions) <= 10
        assert {c["feature"] for c in contributions} <= {f["name"] for f in fitted.schema}
        assert log_of(client, alice, version.model_id, "?source=form")["total"] == 1
        assert log_of(client, alice, version.model_id, "?source=api")["total"] == 0

    def test_unknown_version_and_missing_champion(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        body = {"rows": rows_of(fitted.frame, 1)}
        r = client.post(
            f"{API}/{version.model_id}/versions/5/predict", json=body, headers=alice.headers
        )
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "model_version_not_found"


class TestLog:
    def test_log_filters_export_and_metrics(
        self, client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted
    ) -> None:
        url = f"{API}/{version.model_id}/predict"
        for n in (1, 150):
            r = client.post(url, json={"rows": rows_of(fitted.frame, n)}, headers=alice.headers)
            assert r.status_code == 200
        page = log_of(client, alice, version.model_id, "?version=1&limit=1")
        assert page["total"] == 2
        newest = page["items"][0]
        assert newest["n_rows"] == 150
        assert newest["inputs_truncated"] is True
        assert len(newest["inputs"]) == 100
        assert newest["latency_ms"] > 0
        assert log_of(client, alice, version.model_id, "?version=2")["total"] == 0
        assert log_of(client, alice, version.model_id, "?since=2999-01-01T00:00:00Z")["total"] == 0

        r = client.get(f"{API}/{version.model_id}/predictions/export", headers=alice.headers)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        records = list(csv.DictReader(io.StringIO(r.text)))
        assert [int(rec["n_rows"]) for rec in records] == [1, 150]
        assert (
            json.loads(records[0]["outputs"])["predictions"]
            == fitted.pipeline.predict(fitted.frame.head(1)).tolist()
        )

        metrics = client.get("/metrics").text
        assert (
            f'csv_analyzer_predictions_total{{model="{version.model_id}",version="1"}} 151.0'
            in metrics
        )
        assert "csv_analyzer_prediction_latency_seconds_bucket" in metrics
        assert (
            f'csv_analyzer_champion_metric{{metric="accuracy",model="{version.model_id}"}}'
            in metrics
        )

    def test_retention_deletes_old_rows(
        self,
        app: FastAPI,
        client: TestClient,
        alice: SignedIn,
        version: ModelVersion,
        fitted: Fitted,
    ) -> None:
        from datetime import timedelta

        from sqlalchemy import update

        from csv_analyzer.db import utcnow
        from csv_analyzer.predictions.log_writer import purge_old_predictions
        from csv_analyzer.predictions.models import PredictionLog

        url = f"{API}/{version.model_id}/predict"
        for _ in range(2):
            client.post(url, json={"rows": rows_of(fitted.frame, 1)}, headers=alice.headers)
        assert log_of(client, alice, version.model_id)["total"] == 2
        sm = app.state.sessionmaker
        with sm.begin() as session:
            oldest = session.query(PredictionLog.id).order_by(PredictionLog.created_at).first()[0]
            session.execute(
                update(PredictionLog)
                .where(PredictionLog.id == oldest)
                .values(created_at=utcnow() - timedelta(days=91))
            )
        assert purge_old_predictions(sm, 90) == 1
        assert log_of(client, alice, version.model_id)["total"] == 1


def test_other_users_models_and_logs_are_404(
    client: TestClient, alice: SignedIn, bob: SignedIn, version: ModelVersion, fitted: Fitted
) -> None:
    base = f"{API}/{version.model_id}"
    body = {"rows": rows_of(fitted.frame, 1)}
    _, bob_token = api_token(client, bob)
    calls = [
        client.post(f"{base}/predict", json=body, headers=bob.headers),
        client.post(f"{base}/versions/1/predict", json=body, headers=bob.headers),
        client.post(f"{base}/predict", json=body, headers={"Authorization": f"Bearer {bob_token}"}),
        client.get(f"{base}/predictions", headers=bob.headers),
        client.get(f"{base}/predictions/export", headers=bob.headers),
    ]
    assert [r.status_code for r in calls] == [404] * len(calls)
