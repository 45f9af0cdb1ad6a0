"""Browsing a version's rows through the HTTP API: paging, sorting, every filter, bad queries."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, upload_ok

PEOPLE = b"""name,age,city,score,joined
Ann,31,Paris,1.5,2024-01-02
Bob,25,Berlin,,2023-05-06
Cid,40,Paris,3.25,2022-12-31
Dee,,Rome,2.0,
Eve,35,Berlin,4.5,2021-07-08
"""


@pytest.fixture
def people(client: TestClient, alice: SignedIn) -> str:
    dataset_id: str = upload_ok(client, alice, PEOPLE)["id"]
    return dataset_id


def rows(client: TestClient, user: SignedIn, dataset_id: str, **params: Any) -> dict[str, Any]:
    r = client.get(f"{API}/{dataset_id}/rows", headers=user.headers, params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def names(page: dict[str, Any]) -> list[str]:
    return [row["name"] for row in page["rows"]]


class TestRows:
    def test_first_page_in_file_order_with_typed_columns(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        page = rows(client, alice, people)
        assert (page["total"], page["offset"], page["limit"], page["version"]) == (5, 0, 100, 1)
        assert [c["name"] for c in page["columns"]] == ["name", "age", "city", "score", "joined"]
        types = {c["name"]: c["type"] for c in page["columns"]}
        assert types["age"] == "integer"
        assert types["score"] == "numeric"
        assert types["joined"] == "datetime"
        assert names(page) == ["Ann", "Bob", "Cid", "Dee", "Eve"]
        assert [row["__row_id"] for row in page["rows"]] == [0, 1, 2, 3, 4]
        assert page["rows"][0]["joined"].startswith("2024-01-02")
        assert page["rows"][3]["age"] is None

    def test_paging(self, client: TestClient, alice: SignedIn, people: str) -> None:
        page = rows(client, alice, people, offset=1, limit=2)
        assert page["total"] == 5
        assert names(page) == ["Bob", "Cid"]

    def test_sort_descending_puts_missing_last(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        page = rows(client, alice, people, sort="age:desc")
        assert names(page) == ["Cid", "Eve", "Ann", "Bob", "Dee"]

    def test_sort_on_two_keys(self, client: TestClient, alice: SignedIn, people: str) -> None:
        page = rows(client, alice, people, sort="city:asc,age:desc")
        assert names(page) == ["Eve", "Bob", "Cid", "Ann", "Dee"]

    @pytest.mark.parametrize(
        ("condition", "expected"),
        [
            ("city:eq:Paris", ["Ann", "Cid"]),
            ("city:ne:Paris", ["Bob", "Dee", "Eve"]),
            ("age:lt:31", ["Bob"]),
            ("age:le:31", ["Ann", "Bob"]),
            ("score:gt:2", ["Cid", "Eve"]),
            ("score:ge:2", ["Cid", "Dee", "Eve"]),
            ("name:contains:E", ["Dee", "Eve"]),
            ("score:is_null", ["Bob"]),
            ("age:is_not_null", ["Ann", "Bob", "Cid", "Eve"]),
            ("joined:lt:2023-01-01", ["Cid", "Eve"]),
        ],
    )
    def test_each_filter_operator(
        self,
        client: TestClient,
        alice: SignedIn,
        people: str,
        condition: str,
        expected: list[str],
    ) -> None:
        page = rows(client, alice, people, filter=condition)
        assert names(page) == expected
        assert page["total"] == len(expected)

    def test_repeated_filters_are_combined_with_and(
        self, client: TestClient, alice: SignedIn, people: str
    ) -> None:
        page = rows(client, alice, people, filter=["city:eq:Berlin", "age:gt:30"])
        assert names(page) == ["Eve"]

    def test_currency_filter_value_is_read_as_upload_reads_it(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        homes = b'name,price\nA,"$100,000"\nB,"$300,000"\nC,"$450,500"\n'
        dataset_id = upload_ok(client, alice, homes)["id"]
        page = rows(client, alice, dataset_id, filter="price:ge:$300,000")
        assert names(page) == ["B", "C"]

    @pytest.mark.parametrize(
        ("params", "code", "names_part"),
        [
            ({"sort": "height:asc"}, "unknown_column", "height"),
            ({"sort": "age:sideways"}, "invalid_sort", "age:sideways"),
            ({"filter": "age:between:1"}, "invalid_filter", "between"),
            ({"filter": "age"}, "invalid_filter", "age"),
            ({"filter": "age:gt:old"}, "invalid_filter_value", "old"),
            ({"filter": "height:eq:1"}, "unknown_column", "height"),
        ],
    )
    def test_bad_sort_or_filter_is_422_naming_the_part(
        self,
        client: TestClient,
        alice: SignedIn,
        people: str,
        params: dict[str, str],
        code: str,
        names_part: str,
    ) -> None:
        r = client.get(f"{API}/{people}/rows", headers=alice.headers, params=params)
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        assert error["code"] == code
        assert names_part in error["message"]

    def test_limit_over_1000_is_422(self, client: TestClient, alice: SignedIn, people: str) -> None:
        r = client.get(f"{API}/{people}/rows", headers=alice.headers, params={"limit": 1001})
        assert r.status_code == 422

    def test_unknown_version_is_404(self, client: TestClient, alice: SignedIn, people: str) -> None:
        r = client.get(f"{API}/{people}/rows", headers=alice.headers, params={"version": 9})
        assert r.status_code == 404
        assert r.json()["error"]["code"] == "version_not_found"
