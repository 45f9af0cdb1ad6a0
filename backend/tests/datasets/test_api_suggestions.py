"""Cleaning suggestions through the HTTP API: each is applicable as is."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, upload_ok

MESSY = (
    b"id,age,city,empty\n"
    + b"".join(
        b"%d,%s,%s,\n"
        % (i, b"" if i % 3 == 0 else str(20 + i % 40).encode(), b"  Paris" if i % 2 else b"Rome")
        for i in range(60)
    )
    + b"1,21,  Paris,\n" * 3
)


class TestSuggestions:
    def test_suggestions_have_reasons_and_apply_cleanly(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        created = upload_ok(client, alice, MESSY)
        r = client.get(f"{API}/{created['id']}/suggestions", headers=alice.headers)
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["version"] == 1
        items = body["items"]
        assert items
        kinds = {s["kind"] for s in items}
        assert "duplicate_rows" in kinds
        for s in items:
            assert s["reason"]
            assert s["severity"] in ("high", "medium", "low")
        # Every suggested operation is accepted by the versions endpoint.
        for s in items:
            r = client.post(
                f"{API}/{created['id']}/versions",
                headers=alice.headers,
                json={"base_version": 1, "operations": [s["operation"]]},
            )
            assert r.status_code == 201, (s, r.text)

    def test_clean_dataset_may_have_no_suggestions(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        created = upload_ok(client, alice, b"a,b\n1,x\n2,y\n3,z\n4,x\n")
        r = client.get(f"{API}/{created['id']}/suggestions", headers=alice.headers)
        assert r.status_code == 200
        assert isinstance(r.json()["items"], list)
