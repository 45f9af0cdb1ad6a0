"""Personal API tokens: shown once, hashed at rest, listed, revoked, expiring, owner-scoped."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.db import utcnow
from csv_analyzer.tokens.models import ApiToken
from tests.conftest import SignedIn


def _create(client: TestClient, user: SignedIn, **body: object) -> dict[str, object]:
    r = client.post("/api/v1/tokens", json={"name": "ci", **body}, headers=user.headers)
    assert r.status_code == 201, r.text
    data: dict[str, object] = r.json()
    return data


def test_token_is_shown_once_and_stored_hashed(
    client: TestClient, alice: SignedIn, db_session: Session
) -> None:
    created = _create(client, alice)
    secret = str(created["token"])
    assert secret.startswith("csa_")
    listed = client.get("/api/v1/tokens", headers=alice.headers).json()
    assert [t["id"] for t in listed] == [created["id"]]
    assert "token" not in listed[0]
    stored = db_session.scalars(select(ApiToken)).one()
    assert secret not in (stored.token_hash, stored.prefix)
    assert secret.startswith(stored.prefix)


def test_revoked_token_stops_working(client: TestClient, alice: SignedIn) -> None:
    created = _create(client, alice)
    r = client.delete(f"/api/v1/tokens/{created['id']}", headers=alice.headers)
    assert r.status_code == 204
    listed = client.get("/api/v1/tokens", headers=alice.headers).json()
    assert listed[0]["revoked_at"] is not None


def test_other_users_token_is_404(client: TestClient, alice: SignedIn, bob: SignedIn) -> None:
    created = _create(client, alice)
    r = client.delete(f"/api/v1/tokens/{created['id']}", headers=bob.headers)
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "api_token_not_found"
    assert client.get("/api/v1/tokens", headers=bob.headers).json() == []


def test_api_tokens_cannot_manage_the_account(client: TestClient, alice: SignedIn) -> None:
    secret = _create(client, alice)["token"]
    r = client.get("/api/v1/tokens", headers={"Authorization": f"Bearer {secret}"})
    assert r.status_code == 401


def test_invalid_body_is_422(client: TestClient, alice: SignedIn) -> None:
    r = client.post("/api/v1/tokens", json={"name": ""}, headers=alice.headers)
    assert r.status_code == 422
    r = client.post(
        "/api/v1/tokens", json={"name": "x", "expires_in_days": 0}, headers=alice.headers
    )
    assert r.status_code == 422


def test_caller_resolution_accepts_valid_and_rejects_expired_tokens(
    client: TestClient, alice: SignedIn, db_session: Session
) -> None:
    from csv_analyzer.errors import Unauthorized
    from csv_analyzer.tokens.service import user_from_api_token

    secret = str(_create(client, alice, expires_in_days=1)["token"])
    assert user_from_api_token(db_session, secret).email == alice.email
    token = db_session.scalars(select(ApiToken)).one()
    token.expires_at = utcnow() - timedelta(seconds=1)
    db_session.commit()
    with pytest.raises(Unauthorized, match="expired") as caught:
        user_from_api_token(db_session, secret)
    assert caught.value.code == "token_expired"
