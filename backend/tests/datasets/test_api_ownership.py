"""Another user's dataset does not exist for you: every route answers 404 `dataset_not_found`."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, stored_files, table_counts, upload_ok

ROUTES: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "", {}),
    ("PATCH", "", {"json": {"name": "mine now"}}),
    ("DELETE", "", {}),
    ("GET", "/versions", {}),
    ("GET", "/versions/1", {}),
    ("POST", "/versions", {"json": {"operations": [{"op": "drop_columns", "columns": ["b"]}]}}),
    ("POST", "/restore", {"json": {"version": 1}}),
    ("GET", "/rows", {}),
    ("GET", "/rows", {"params": {"version": 1, "sort": "a:desc", "filter": "a:gt:0"}}),
    ("GET", "/profile", {}),
    ("GET", "/suggestions", {}),
    ("GET", "/download", {}),
    ("GET", "/download", {"params": {"format": "parquet"}}),
]


@pytest.fixture
def alices_dataset(client: TestClient, alice: SignedIn) -> str:
    dataset_id: str = upload_ok(client, alice, b"a,b\n1,x\n2,y\n")["id"]
    return dataset_id


class TestOwnership:
    @pytest.mark.parametrize(
        ("method", "suffix", "kwargs"),
        ROUTES,
        ids=[f"{m} {s or '/'} {sorted(k.get('params', {}))}" for m, s, k in ROUTES],
    )
    def test_other_users_dataset_is_404_on_every_route(
        self,
        client: TestClient,
        app: FastAPI,
        alice: SignedIn,
        bob: SignedIn,
        alices_dataset: str,
        method: str,
        suffix: str,
        kwargs: dict[str, Any],
    ) -> None:
        files = stored_files(app)
        r = client.request(method, f"{API}/{alices_dataset}{suffix}", headers=bob.headers, **kwargs)
        assert r.status_code == 404, r.text
        assert r.json()["error"]["code"] == "dataset_not_found"
        # Nothing changed for alice.
        assert table_counts(app) == (1, 1)
        assert stored_files(app) == files
        detail = client.get(f"{API}/{alices_dataset}", headers=alice.headers).json()
        assert (detail["name"], detail["current_version"]) == ("data", 1)

    def test_routes_answer_the_same_for_a_missing_dataset(
        self, client: TestClient, bob: SignedIn
    ) -> None:
        r = client.get(f"{API}/{'f' * 32}/rows", headers=bob.headers)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "dataset_not_found"

    def test_list_shows_only_your_datasets(
        self, client: TestClient, alice: SignedIn, bob: SignedIn, alices_dataset: str
    ) -> None:
        bobs = upload_ok(client, bob, b"c\n1\n")["id"]
        page = client.get(API, headers=bob.headers).json()
        assert [d["id"] for d in page["items"]] == [bobs]
        assert page["total"] == 1
        assert [d["id"] for d in client.get(API, headers=alice.headers).json()["items"]] == [
            alices_dataset
        ]

    @pytest.mark.parametrize(("method", "suffix", "kwargs"), ROUTES[:1] + ROUTES[7:8])
    def test_anonymous_is_401(
        self,
        client: TestClient,
        alices_dataset: str,
        method: str,
        suffix: str,
        kwargs: dict[str, Any],
    ) -> None:
        r = client.request(method, f"{API}/{alices_dataset}{suffix}", **kwargs)
        assert r.status_code == 401
