"""A version with no rows (a filter that matched nothing) browses, profiles and downloads;
training on it is refused with a clear 422."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, csv_bytes, upload_ok

MATCH_NOTHING = {
    "op": "filter_rows",
    "filters": [{"column": "age", "op": "gt", "value": 1000}],
    "keep": True,
}


@pytest.fixture
def empty_dataset(client: TestClient, alice: SignedIn) -> str:
    rows = [("name", "age", "city")] + [
        (f"n{i}", 20 + i, "Paris" if i % 2 else "Rome") for i in range(10)
    ]
    dataset_id: str = upload_ok(client, alice, csv_bytes(rows))["id"]
    r = client.post(
        f"{API}/{dataset_id}/versions",
        headers=alice.headers,
        json={"operations": [MATCH_NOTHING]},
    )
    assert r.status_code == 201, r.text
    assert r.json()["rows"] == 0
    return dataset_id


class TestEmptyVersion:
    def test_rows_of_an_empty_version_answer_an_empty_page(
        self, client: TestClient, alice: SignedIn, empty_dataset: str
    ) -> None:
        for params in ({}, {"sort": "age:desc"}, {"filter": "city:eq:Paris"}, {"offset": 5}):
            r = client.get(f"{API}/{empty_dataset}/rows", headers=alice.headers, params=params)
            assert r.status_code == 200, (params, r.text)
            body = r.json()
            assert body["total"] == 0
            assert body["rows"] == []
            assert [c["name"] for c in body["columns"]][-3:] == ["name", "age", "city"]

    def test_profile_and_suggestions_of_an_empty_version(
        self, client: TestClient, alice: SignedIn, empty_dataset: str
    ) -> None:
        r = client.get(f"{API}/{empty_dataset}/profile", headers=alice.headers)
        assert r.status_code == 200, r.text
        assert r.json()["rows"] == 0
        r = client.get(f"{API}/{empty_dataset}/suggestions", headers=alice.headers)
        assert r.status_code == 200, r.text

    @pytest.mark.parametrize("fmt", ["csv", "parquet"])
    def test_download_of_an_empty_version(
        self, client: TestClient, alice: SignedIn, empty_dataset: str, fmt: str
    ) -> None:
        r = client.get(
            f"{API}/{empty_dataset}/download", headers=alice.headers, params={"format": fmt}
        )
        assert r.status_code == 200, r.text
        if fmt == "csv":
            assert r.content.decode().strip().replace('"', "").splitlines() == ["name,age,city"]

    def test_training_on_an_empty_version_is_a_clear_422(
        self, client: TestClient, alice: SignedIn, empty_dataset: str
    ) -> None:
        body = {"dataset_id": empty_dataset, "target": "city"}
        for path in ("/api/v1/training-jobs/preview", "/api/v1/training-jobs"):
            r = client.post(path, headers=alice.headers, json=body)
            assert r.status_code == 422, (path, r.text)
            error = r.json()["error"]
            assert error["code"] == "empty_dataset_version"
            assert "no rows" in error["message"]
