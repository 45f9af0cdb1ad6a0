"""Decisions on account enumeration and odd file names, pinned by tests."""

from __future__ import annotations

from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from tests.conftest import SignedIn


def _register(client: TestClient, email: str) -> int:
    body = {"email": email, "password": "correct horse 42"}
    return client.post("/api/v1/auth/register", json=body).status_code


def test_probing_taken_addresses_is_throttled_per_client(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    limit = settings.login_max_failures * 4
    codes = [_register(client, alice.email) for _ in range(limit)]
    assert codes == [409] * limit
    r = client.post(
        "/api/v1/auth/register", json={"email": alice.email, "password": "correct horse 42"}
    )
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0
    # Other clients are not affected.
    elsewhere = TestClient(client.app, client=("198.51.100.7", 5000))
    assert _register(elsewhere, "new-person@example.com") == 201


def test_successful_sign_ups_do_not_count(client: TestClient, settings: Settings) -> None:
    for i in range(settings.login_max_failures * 4 + 3):
        assert _register(client, f"new{i}@example.com") == 201


def test_a_nul_or_control_character_in_a_file_name_never_reaches_the_dataset_name(
    client: TestClient, alice: SignedIn
) -> None:
    # Built by hand: httpx would percent-encode the name; a hostile client sends the bytes.
    body = (
        b"--B\r\n"
        b'Content-Disposition: form-data; name="file"; filename="sales\x00\x0b2026.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
        b"a,b\n1,2\n\r\n--B--\r\n"
    )
    r = client.post(
        "/api/v1/datasets",
        content=body,
        headers={**alice.headers, "Content-Type": "multipart/form-data; boundary=B"},
    )
    assert r.status_code == 201, r.text
    assert r.json()["name"] == "sales2026"
