"""Tampered, expired and forged access tokens are rejected with clean 401s."""

from __future__ import annotations

import base64
import json
import time

import jwt
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from csv_analyzer.security import create_access_token
from tests.conftest import SignedIn


def _me(client: TestClient, token: str) -> tuple[int, str]:
    r = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    return r.status_code, r.json()["error"]["code"] if r.status_code != 200 else ""


def _b64(data: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _sub(token: str) -> str:
    sub: str = jwt.decode(token, options={"verify_signature": False})["sub"]
    return sub


def test_alg_none_token_is_rejected(client: TestClient, alice: SignedIn) -> None:
    claims = {"sub": _sub(alice.access_token), "typ": "access", "exp": time.time() + 600}
    forged = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}."
    assert _me(client, forged) == (401, "invalid_token")


def test_bad_signature_is_rejected(client: TestClient, alice: SignedIn) -> None:
    head, body, sig = alice.access_token.split(".")
    tampered = f"{head}.{body}.{sig[:-4]}AAAA"
    assert _me(client, tampered) == (401, "invalid_token")


def test_token_signed_with_another_key_is_rejected(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    token = create_access_token(
        subject=_sub(alice.access_token),
        secret="another-secret-that-is-long-enough-0123456789",
        algorithm=settings.jwt_algorithm,
        ttl_s=600,
    )
    assert _me(client, token) == (401, "invalid_token")


def test_modified_claims_break_the_signature(client: TestClient, alice: SignedIn) -> None:
    head, _body, sig = alice.access_token.split(".")
    claims = jwt.decode(alice.access_token, options={"verify_signature": False})
    claims["role"] = "admin"
    assert _me(client, f"{head}.{_b64(claims)}.{sig}") == (401, "invalid_token")


def test_expired_token_says_so(client: TestClient, alice: SignedIn, settings: Settings) -> None:
    token = create_access_token(
        subject=_sub(alice.access_token),
        secret=settings.jwt_secret.get_secret_value(),
        algorithm=settings.jwt_algorithm,
        ttl_s=-10,
    )
    assert _me(client, token) == (401, "token_expired")


def test_garbage_token_is_rejected(client: TestClient) -> None:
    assert _me(client, "not-a-jwt") == (401, "invalid_token")


def test_token_of_a_deleted_user_is_rejected(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    token = create_access_token(
        subject="0" * 32,
        secret=settings.jwt_secret.get_secret_value(),
        algorithm=settings.jwt_algorithm,
        ttl_s=600,
    )
    assert _me(client, token) == (401, "invalid_token")


def test_refresh_token_is_not_an_access_token(client: TestClient, alice: SignedIn) -> None:
    assert _me(client, alice.refresh_token) == (401, "invalid_token")
