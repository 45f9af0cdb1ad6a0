"""Listing, reading, renaming and deleting datasets through the HTTP API."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import (
    API,
    assert_nothing_left,
    csv_bytes,
    stored_files,
    table_counts,
    upload_ok,
)

SMALL = csv_bytes([["a", "b"], [1, "x"], [2, "y"], [3, "x"]])


class TestListDatasets:
    def test_newest_first_with_shape_and_version_count(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        ids = [upload_ok(client, alice, SMALL, name=f"d{i}")["id"] for i in range(3)]
        r = client.get(API, headers=alice.headers)
        assert r.status_code == 200
        page = r.json()
        assert (page["total"], page["offset"], page["limit"]) == (3, 0, 50)
        assert [d["id"] for d in page["items"]] == ids[::-1]
        first = page["items"][0]
        assert (first["name"], first["rows"], first["columns"]) == ("d2", 3, 2)
        assert first["versions_count"] == 1
        assert "updated_at" in first

    def test_paging(self, client: TestClient, alice: SignedIn) -> None:
        ids = [upload_ok(client, alice, SMALL, name=f"d{i}")["id"] for i in range(3)]
        r = client.get(API, headers=alice.headers, params={"offset": 1, "limit": 1})
        page = r.json()
        assert page["total"] == 3
        assert [d["id"] for d in page["items"]] == [ids[1]]

    def test_limit_over_200_is_422(self, client: TestClient, alice: SignedIn) -> None:
        assert client.get(API, headers=alice.headers, params={"limit": 201}).status_code == 422

    def test_empty_list(self, client: TestClient, alice: SignedIn) -> None:
        assert client.get(API, headers=alice.headers).json()["items"] == []


class TestDatasetDetail:
    def test_detail_has_current_version(self, client: TestClient, alice: SignedIn) -> None:
        created = upload_ok(client, alice, SMALL)
        r = client.get(f"{API}/{created['id']}", headers=alice.headers)
        assert r.status_code == 200
        body = r.json()
        assert body["version"]["number"] == 1
        assert body["version"]["column_types"] == created["version"]["column_types"]

    def test_unknown_dataset_is_404(self, client: TestClient, alice: SignedIn) -> None:
        r = client.get(f"{API}/{'0' * 32}", headers=alice.headers)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "dataset_not_found"

    def test_rename(self, client: TestClient, alice: SignedIn) -> None:
        created = upload_ok(client, alice, SMALL)
        r = client.patch(f"{API}/{created['id']}", headers=alice.headers, json={"name": " New "})
        assert r.status_code == 200
        assert r.json()["name"] == "New"
        assert client.get(f"{API}/{created['id']}", headers=alice.headers).json()["name"] == "New"

    def test_rename_to_blank_is_422(self, client: TestClient, alice: SignedIn) -> None:
        created = upload_ok(client, alice, SMALL)
        r = client.patch(f"{API}/{created['id']}", headers=alice.headers, json={"name": "  "})
        assert r.status_code == 422

    def test_versions_list_and_one_version(self, client: TestClient, alice: SignedIn) -> None:
        created = upload_ok(client, alice, SMALL)
        r = client.get(f"{API}/{created['id']}/versions", headers=alice.headers)
        assert r.status_code == 200
        assert [v["number"] for v in r.json()] == [1]
        r = client.get(f"{API}/{created['id']}/versions/1", headers=alice.headers)
        assert r.json()["rows"] == 3
        r = client.get(f"{API}/{created['id']}/versions/2", headers=alice.headers)
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "version_not_found"


class TestDeleteDataset:
    def test_delete_removes_rows_and_files(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        created = upload_ok(client, alice, SMALL)
        assert stored_files(app)
        r = client.delete(f"{API}/{created['id']}", headers=alice.headers)
        assert r.status_code == 204
        assert_nothing_left(app)
        assert client.get(f"{API}/{created['id']}", headers=alice.headers).status_code == 404

    def test_delete_keeps_other_datasets(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        keep = upload_ok(client, alice, SMALL)
        gone = upload_ok(client, alice, SMALL)
        client.delete(f"{API}/{gone['id']}", headers=alice.headers)
        assert table_counts(app) == (1, 1)
        assert all(keep["id"] in str(p) for p in stored_files(app))
