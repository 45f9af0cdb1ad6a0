"""Registry API against a real MLflow registry: gate, aliases (audited, mirrored), export, 404s."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from tests.conftest import SignedIn
from tests.predictions.support import Fitted, fit_pipeline, make_frame
from tests.registry.support import client_for, register, user_id

API = "/api/v1/models"


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    return fit_pipeline(make_frame(200))


def aliases_in_mlflow(settings: Settings, name: str) -> dict[str, str]:
    aliases = client_for(settings).get_registered_model(name).aliases
    return {alias: str(version) for alias, version in aliases.items()}


class TestChampionGate:
    def test_first_version_is_champion_in_our_db_and_in_mlflow(
        self, client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
    ) -> None:
        owner = user_id(client, alice)
        v1 = register(settings, owner, fitted, score=0.8, dataset_id=None)
        assert v1.gate["decision"] == "champion"
        assert v1.gate["reason"] == "first version of the model"
        body = client.get(f"{API}/{v1.model_id}", headers=alice.headers).json()
        assert body["champion_version"] == 1
        assert body["versions"][0]["aliases"] == ["champion"]
        assert aliases_in_mlflow(settings, f"{owner}.churn") == {"champion": "1"}

    def test_better_version_becomes_champion_worse_becomes_challenger(
        self,
        client: TestClient,
        settings: Settings,
        alice: SignedIn,
        fitted: Fitted,
        dataset_id: str,
    ) -> None:
        owner = user_id(client, alice)
        register(settings, owner, fitted, score=0.80, dataset_id=dataset_id)
        v2 = register(settings, owner, fitted, score=0.85, dataset_id=dataset_id)
        v3 = register(settings, owner, fitted, score=0.84, dataset_id=dataset_id)
        assert v2.gate["decision"] == "champion"
        assert v2.gate["champion_score"] == 0.80
        assert v2.gate["candidate_score"] == 0.85
        assert v3.gate["decision"] == "challenger"
        assert v3.gate["champion_version"] == 2
        assert "does not beat" in v3.gate["reason"]
        body = client.get(f"{API}/{v2.model_id}", headers=alice.headers).json()
        assert (body["champion_version"], body["challenger_version"]) == (2, 3)
        assert aliases_in_mlflow(settings, f"{owner}.churn") == {"champion": "2", "challenger": "3"}
        history = [(e["alias"], e["from_version"], e["to_version"]) for e in body["alias_history"]]
        assert history == [("challenger", None, 3), ("champion", 1, 2), ("champion", None, 1)]
        assert all(e["actor_id"] is None for e in body["alias_history"])

    def test_lower_is_better_metrics_are_compared_the_right_way(
        self,
        client: TestClient,
        settings: Settings,
        alice: SignedIn,
        dataset_id: str,
    ) -> None:
        reg = fit_pipeline(make_frame(200), target="value", drop=("label",))
        owner = user_id(client, alice)
        register(settings, owner, reg, model_name="price", score=5.0, dataset_id=dataset_id)
        v2 = register(settings, owner, reg, model_name="price", score=4.0, dataset_id=dataset_id)
        assert v2.gate["decision"] == "champion"
        assert v2.gate["greater_is_better"] is False

    def test_another_dataset_or_metric_is_not_comparable(
        self,
        client: TestClient,
        settings: Settings,
        alice: SignedIn,
        fitted: Fitted,
        dataset_id: str,
        make_dataset: Callable[[], str],
    ) -> None:
        owner = user_id(client, alice)
        register(settings, owner, fitted, score=0.5, dataset_id=dataset_id)
        other = register(settings, owner, fitted, score=0.99, dataset_id=make_dataset())
        metric = register(
            settings, owner, fitted, score=0.99, metric="f1_macro", dataset_id=dataset_id
        )
        assert other.gate["decision"] == "challenger"
        assert "another dataset" in other.gate["reason"]
        assert metric.gate["decision"] == "challenger"
        assert "not comparable" in metric.gate["reason"]


class TestAliases:
    def test_promote_and_roll_back_move_the_mlflow_alias_and_are_audited(
        self,
        client: TestClient,
        settings: Settings,
        alice: SignedIn,
        fitted: Fitted,
        dataset_id: str,
    ) -> None:
        owner = user_id(client, alice)
        register(settings, owner, fitted, score=0.9, dataset_id=dataset_id)
        v2 = register(settings, owner, fitted, score=0.7, dataset_id=dataset_id)
        url = f"{API}/{v2.model_id}/aliases/champion"
        r = client.put(
            url, json={"version": 2, "reason": "better on recent data"}, headers=alice.headers
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["champion_version"], body["challenger_version"]) == (2, None)
        assert aliases_in_mlflow(settings, f"{owner}.churn") == {"champion": "2"}
        latest = body["alias_history"][:2]
        assert {(e["alias"], e["from_version"], e["to_version"]) for e in latest} == {
            ("champion", 1, 2),
            ("challenger", 2, None),
        }
        assert all(e["actor_id"] == owner for e in latest)
        assert "better on recent data" in {e["reason"] for e in latest}

        r = client.put(url, json={"version": 1, "reason": "rollback"}, headers=alice.headers)
        assert r.json()["champion_version"] == 1
        assert aliases_in_mlflow(settings, f"{owner}.churn") == {"champion": "1"}
        assert r.json()["alias_history"][0]["reason"] == "rollback"

    def test_unknown_version_or_alias_is_refused(
        self, client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
    ) -> None:
        v1 = register(settings, user_id(client, alice), fitted)
        r = client.put(
            f"{API}/{v1.model_id}/aliases/champion", json={"version": 7}, headers=alice.headers
        )
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "model_version_not_found"
        r = client.put(
            f"{API}/{v1.model_id}/aliases/production", json={"version": 1}, headers=alice.headers
        )
        assert r.status_code == 422


class TestReading:
    def test_list_detail_and_version(
        self, client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
    ) -> None:
        owner = user_id(client, alice)
        v1 = register(settings, owner, fitted, model_name="a")
        register(settings, owner, fitted, model_name="b")
        page = client.get(f"{API}?limit=1", headers=alice.headers).json()
        assert page["total"] == 2
        assert len(page["items"]) == 1
        assert page["items"][0]["latest_version"] == 1
        r = client.get(f"{API}/{v1.model_id}/versions/1", headers=alice.headers)
        assert r.status_code == 200, r.text
        version = r.json()
        assert version["feature_schema"] == fitted.schema
        assert version["plots"]["confusion_matrix"] == {
            "labels": ["no", "yes"],
            "matrix": [[1, 0], [0, 1]],
        }
        assert version["plots"]["roc_curve"] == []
        assert version["feature_importances"][0]["feature"] == "x"
        assert version["model_uri"] == f"models:/{owner}.a/1"
        assert version["holdout_metrics"]["accuracy"] == 0.8
        assert version["summary"]["rows"]["holdout"] == 60
        assert version["gate"]["decision"] == "champion"
        assert (
            client.get(f"{API}/{v1.model_id}/versions/9", headers=alice.headers).status_code == 404
        )

    def test_export_is_a_zip_of_the_mlflow_model(
        self, client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
    ) -> None:
        v1 = register(settings, user_id(client, alice), fitted)
        r = client.get(f"{API}/{v1.model_id}/versions/1/export", headers=alice.headers)
        assert r.status_code == 200, r.text
        assert r.headers["content-type"] == "application/zip"
        names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
        assert "MLmodel" in names
        assert "model.pkl" in names

    def test_delete_removes_the_model_here_and_in_mlflow(
        self, client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
    ) -> None:
        owner = user_id(client, alice)
        v1 = register(settings, owner, fitted, model_name="gone")
        assert client.delete(f"{API}/{v1.model_id}", headers=alice.headers).status_code == 204
        assert client.get(f"{API}/{v1.model_id}", headers=alice.headers).status_code == 404
        assert client_for(settings).search_registered_models(f"name = '{owner}.gone'") == []


def test_other_users_models_are_404_on_every_registry_route(
    client: TestClient, settings: Settings, alice: SignedIn, bob: SignedIn, fitted: Fitted
) -> None:
    v1 = register(settings, user_id(client, alice), fitted)
    base = f"{API}/{v1.model_id}"
    calls = [
        client.get(base, headers=bob.headers),
        client.get(f"{base}/versions/1", headers=bob.headers),
        client.get(f"{base}/versions/1/export", headers=bob.headers),
        client.put(f"{base}/aliases/champion", json={"version": 1}, headers=bob.headers),
        client.delete(base, headers=bob.headers),
    ]
    assert [r.status_code for r in calls] == [404] * len(calls)
    assert client.get(API, headers=bob.headers).json()["total"] == 0
    assert client.get(base, headers=alice.headers).status_code == 200
