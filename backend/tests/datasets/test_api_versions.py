"""Cleaning a dataset into new versions, overriding types, and restoring old versions."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, stored_files, table_counts, upload_ok

PEOPLE = b"""name,age,city,zip
Ann,31,Paris,02134
Bob,,Berlin,10115
Cid,40,Paris,75001
Bob,,Berlin,10115
"""


@pytest.fixture
def people(client: TestClient, alice: SignedIn) -> str:
    dataset_id: str = upload_ok(client, alice, PEOPLE)["id"]
    return dataset_id


def new_version(
    client: TestClient, user: SignedIn, dataset_id: str, *operations: dict[str, Any], **extra: Any
) -> dict[str, Any]:
    r = client.post(
        f"{API}/{dataset_id}/versions",
        headers=user.headers,
        json={"operations": list(operations), **extra},
    )
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def all_rows(
    client: TestClient, user: SignedIn, dataset_id: str, **params: Any
) -> list[dict[str, Any]]:
    r = client.get(f"{API}/{dataset_id}/rows", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    rows: list[dict[str, Any]] = r.json()["rows"]
    return rows


IMPUTE_AGE = {"op": "impute", "column": "age", "strategy": "median"}
DROP_ZIP = {"op": "drop_columns", "columns": ["zip"]}


class TestCleaning:
    def test_versions_2_and_3_and_old_versions_stay_browsable(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        v2 = new_version(client, alice, people, IMPUTE_AGE)
        assert (v2["number"], v2["parent_number"], v2["origin"]) == (2, 1, "operations")
        assert v2["operations"] == [{**IMPUTE_AGE, "value": None}]
        assert v2["is_current"] is True
        assert {c["name"]: c["missing"] for c in v2["columns_summary"]}["age"] == 0
        assert v2["cleaning_report"]["rows_after"] == 4
        v3 = new_version(client, alice, people, DROP_ZIP, {"op": "drop_duplicates"})
        assert (v3["number"], v3["parent_number"], v3["rows"], v3["columns"]) == (3, 2, 3, 3)
        assert "zip" not in v3["column_types"]

        detail = client.get(f"{API}/{people}", headers=alice.headers).json()
        assert (detail["current_version"], detail["versions_count"], detail["rows"]) == (3, 3, 3)
        history = client.get(f"{API}/{people}/versions", headers=alice.headers).json()
        assert [(v["number"], v["is_current"]) for v in history] == [
            (1, False),
            (2, False),
            (3, True),
        ]

        # Old versions are untouched.
        v1_rows = all_rows(client, alice, people, version=1)
        assert [r["age"] for r in v1_rows] == [31, None, 40, None]
        assert v1_rows[0]["zip"] == "02134"
        ages = [r["age"] for r in all_rows(client, alice, people, version=2)]
        assert ages[0::2] == [31, 40]
        assert ages[1] == ages[3]
        assert 35 <= ages[1] <= 36  # the median, kept an integer
        assert [r["__row_id"] for r in all_rows(client, alice, people)] == [0, 1, 2]

    def test_base_version_branches_from_an_older_version(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        new_version(client, alice, people, DROP_ZIP)
        v3 = new_version(client, alice, people, IMPUTE_AGE, base_version=1)
        assert (v3["number"], v3["parent_number"]) == (3, 1)
        assert "zip" in v3["column_types"]

    def test_type_override_is_a_cast_operation(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        v1 = client.get(f"{API}/{people}/versions/1", headers=alice.headers).json()
        assert v1["column_types"]["zip"] != "numeric"
        v2 = new_version(
            client, alice, people, {"op": "cast_column", "column": "age", "to": "numeric"}
        )
        assert v2["column_types"]["age"] == "numeric"

    def test_invalid_operation_is_422_naming_index_and_column_and_writes_nothing(
        self, client: TestClient, app: FastAPI, alice: SignedIn, people: str
    ) -> None:
        files_before = stored_files(app)
        r = client.post(
            f"{API}/{people}/versions",
            headers=alice.headers,
            json={"operations": [IMPUTE_AGE, {"op": "drop_columns", "columns": ["height"]}]},
        )
        assert r.status_code == 422
        error = r.json()["error"]
        assert error["code"] == "unknown_column"
        assert "Operation 2" in error["message"]
        assert "height" in error["message"]
        assert (error["details"]["index"], error["details"]["column"]) == (1, "height")
        assert table_counts(app) == (1, 1)
        assert stored_files(app) == files_before

    def test_failing_cast_is_422_with_sample_values(
        self, client: TestClient, app: FastAPI, alice: SignedIn, people: str
    ) -> None:
        r = client.post(
            f"{API}/{people}/versions",
            headers=alice.headers,
            json={"operations": [{"op": "cast_column", "column": "city", "to": "numeric"}]},
        )
        assert r.status_code == 422
        error = r.json()["error"]
        assert error["details"]["column"] == "city"
        assert "Operation 1" in error["message"]
        assert table_counts(app) == (1, 1)

    @pytest.mark.parametrize(
        "body",
        [
            {"operations": []},
            {"operations": [{"op": "explode"}]},
            {"operations": [{"op": "impute", "column": "age", "strategy": "constant"}]},
            {"operations": [IMPUTE_AGE], "surprise": 1},
        ],
        ids=["empty", "unknown op", "constant without value", "extra field"],
    )
    def test_malformed_request_is_422_and_writes_nothing(
        self, client: TestClient, app: FastAPI, alice: SignedIn, people: str, body: dict[str, Any]
    ) -> None:
        r = client.post(f"{API}/{people}/versions", headers=alice.headers, json=body)
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "validation_error"
        assert table_counts(app) == (1, 1)

    def test_unknown_base_version_is_404(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        r = client.post(
            f"{API}/{people}/versions",
            headers=alice.headers,
            json={"base_version": 7, "operations": [IMPUTE_AGE]},
        )
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "version_not_found"


class TestRestore:
    def test_restore_adds_a_version_sharing_the_old_data(
        self, client: TestClient, app: FastAPI, alice: SignedIn, people: str
    ) -> None:
        new_version(client, alice, people, DROP_ZIP)
        files_before = stored_files(app)
        r = client.post(f"{API}/{people}/restore", headers=alice.headers, json={"version": 1})
        assert r.status_code == 201, r.text
        v3 = r.json()
        assert (v3["number"], v3["parent_number"], v3["origin"], v3["is_current"]) == (
            3,
            1,
            "restore",
            True,
        )
        assert "zip" in v3["column_types"]
        assert stored_files(app) == files_before  # no copy of the data
        assert all_rows(client, alice, people)[0]["zip"] == "02134"
        assert client.get(f"{API}/{people}", headers=alice.headers).json()["current_version"] == 3

    def test_restoring_the_current_version_is_409(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        r = client.post(f"{API}/{people}/restore", headers=alice.headers, json={"version": 1})
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "already_current"

    def test_restoring_an_unknown_version_is_404(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        r = client.post(f"{API}/{people}/restore", headers=alice.headers, json={"version": 5})
        assert r.status_code == 404
