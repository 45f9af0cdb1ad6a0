"""NaN and infinite filter values are refused with a 422 naming the value, never a 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, csv_bytes, table_counts, upload_ok


@pytest.fixture
def dataset_id(client: TestClient, alice: SignedIn) -> str:
    rows = [("name", "age")] + [(f"n{i}", 20 + i) for i in range(6)]
    dataset_id: str = upload_ok(client, alice, csv_bytes(rows))["id"]
    return dataset_id


@pytest.mark.parametrize("column", ["age", "name"])
@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_a_non_finite_filter_rows_value_is_a_422(
    client: TestClient, alice: SignedIn, dataset_id: str, column: str, literal: str
) -> None:
    body = (
        '{"operations": [{"op": "filter_rows", "filters": '
        f'[{{"column": "{column}", "op": "gt", "value": {literal}}}]}}]}}'
    )
    r = client.post(
        f"{API}/{dataset_id}/versions",
        content=body,
        headers={**alice.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert "finite" in r.json()["error"]["message"]
    assert table_counts(client.app) == (1, 1)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["NaN", "nan", "inf", "-Infinity"])
def test_a_non_finite_browse_filter_on_a_number_column_is_a_422(
    client: TestClient, alice: SignedIn, dataset_id: str, value: str
) -> None:
    r = client.get(
        f"{API}/{dataset_id}/rows", headers=alice.headers, params={"filter": f"age:gt:{value}"}
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "invalid_filter_value"
