"""Repeated failed logins are throttled per account and per address, with Retry-After."""

from __future__ import annotations

from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from tests.conftest import SignedIn


def _fail(client: TestClient, email: str) -> int:
    r = client.post("/api/v1/auth/login", data={"username": email, "password": "wrong-guess-1"})
    return r.status_code


def test_account_is_throttled_after_repeated_failures(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    codes = [_fail(client, alice.email) for _ in range(settings.login_max_failures)]
    assert codes == [401] * settings.login_max_failures
    r = client.post(
        "/api/v1/auth/login", data={"username": alice.email, "password": alice.password}
    )
    assert r.status_code == 429
    assert r.json()["error"]["code"] == "too_many_attempts"
    assert 0 < int(r.headers["retry-after"]) <= settings.login_lockout_s


def test_other_accounts_still_sign_in(
    client: TestClient, alice: SignedIn, bob: SignedIn, settings: Settings
) -> None:
    for _ in range(settings.login_max_failures):
        _fail(client, alice.email)
    r = client.post("/api/v1/auth/login", data={"username": bob.email, "password": bob.password})
    assert r.status_code == 200


def test_address_is_throttled_across_many_accounts(client: TestClient, settings: Settings) -> None:
    limit = settings.login_max_failures * 4
    for i in range(limit):
        _fail(client, f"spray{i}@example.com")
    assert _fail(client, "fresh-target@example.com") == 429


def test_success_clears_the_account_counter(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    for _ in range(settings.login_max_failures - 1):
        _fail(client, alice.email)
    ok = client.post(
        "/api/v1/auth/login", data={"username": alice.email, "password": alice.password}
    )
    assert ok.status_code == 200
    assert _fail(client, alice.email) == 401
