"""Profiling a version through the HTTP API: statistics, chart data, computed once per version."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, DATA, stored_files, upload_ok


class TestProfile:
    def test_profile_of_bench_file(self, client: TestClient, alice: SignedIn) -> None:
        content = (DATA / "sacramento_housing.csv").read_bytes()
        dataset_id = upload_ok(client, alice, content)["id"]
        r = client.get(f"{API}/{dataset_id}/profile", headers=alice.headers)
        assert r.status_code == 200, r.text
        profile = r.json()
        assert (profile["version"], profile["rows"], profile["columns"]) == (1, 932, 10)
        by_name = {c["name"]: c for c in profile["column_profiles"]}
        price = by_name["price"]
        assert price["missing"] == 0
        assert price["min"] <= price["mean"] <= price["max"]
        assert sum(price["histogram"]["counts"]) == 932
        city = by_name["city"]
        assert city["bars"]["labels"][0] == "SACRAMENTO"
        assert "price" in profile["correlation"]["columns"]
        assert [c["name"] for c in profile["missing"]["columns"]] == list(by_name)

    def test_profile_is_cached_in_the_store(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        dataset_id = upload_ok(client, alice, b"a,b\n1,x\n2,y\n,x\n")["id"]
        first = client.get(f"{API}/{dataset_id}/profile", headers=alice.headers).json()
        assert "profile.json" in {p.name for p in stored_files(app)}
        second = client.get(f"{API}/{dataset_id}/profile", headers=alice.headers).json()
        assert first == second
        assert {c["name"]: c["missing"] for c in first["column_profiles"]} == {"a": 1, "b": 0}

    def test_profile_of_unknown_version_is_404(self, client: TestClient, alice: SignedIn) -> None:
        dataset_id = upload_ok(client, alice, b"a\n1\n")["id"]
        r = client.get(f"{API}/{dataset_id}/profile", headers=alice.headers, params={"version": 2})
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "version_not_found"
