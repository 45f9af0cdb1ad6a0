"""Register, login, refresh rotation with reuse detection, logout, and /users/me."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from tests.conftest import SignedIn


class TestRegister:
    def test_register_returns_the_user_without_secrets(self, client: TestClient) -> None:
        r = client.post(
            "/api/v1/auth/register",
            json={"email": "New@Example.com", "password": "long enough 1", "full_name": "Ann"},
        )
        assert r.status_code == 201
        body = r.json()
        assert body["email"] == "new@example.com"
        assert body["role"] == "user"
        assert body["full_name"] == "Ann"
        assert "password" not in str(body).lower()

    def test_duplicate_email_is_409_case_insensitively(self, client: TestClient) -> None:
        payload = {"email": "dup@example.com", "password": "long enough 1"}
        assert client.post("/api/v1/auth/register", json=payload).status_code == 201
        payload["email"] = "DUP@example.com"
        r = client.post("/api/v1/auth/register", json=payload)
        assert r.status_code == 409
        assert r.json()["error"]["code"] == "email_taken"

    @pytest.mark.parametrize(
        ("password", "fragment"),
        [
            ("short1", "shorter than 8"),
            ("1234567890", "only digits"),
            ("pw-user@example.com", "matches your email"),
        ],
    )
    def test_weak_password_gets_a_readable_422(
        self, client: TestClient, password: str, fragment: str
    ) -> None:
        r = client.post(
            "/api/v1/auth/register", json={"email": "pw-user@example.com", "password": password}
        )
        assert r.status_code == 422
        assert fragment in r.json()["error"]["message"]

    def test_invalid_email_is_422(self, client: TestClient) -> None:
        r = client.post(
            "/api/v1/auth/register", json={"email": "nope", "password": "long enough 1"}
        )
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "validation_error"
        assert "email" in r.json()["error"]["message"]

    def test_unknown_fields_are_rejected(self, client: TestClient) -> None:
        r = client.post(
            "/api/v1/auth/register",
            json={"email": "a@example.com", "password": "long enough 1", "role": "admin"},
        )
        assert r.status_code == 422

    def test_malformed_json_is_a_clean_4xx(self, client: TestClient) -> None:
        r = client.post(
            "/api/v1/auth/register",
            content=b"{not json",
            headers={"Content-Type": "application/json"},
        )
        assert 400 <= r.status_code < 500
        assert "error" in r.json()


class TestLogin:
    def test_login_returns_a_bearer_pair(self, make_user: Callable[..., SignedIn]) -> None:
        user = make_user()
        assert user.access_token.count(".") == 2
        assert user.refresh_token.startswith("rt_")

    def test_wrong_password_is_401(self, client: TestClient, alice: SignedIn) -> None:
        r = client.post(
            "/api/v1/auth/login", data={"username": alice.email, "password": "wrong password"}
        )
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "invalid_credentials"

    def test_unknown_user_gets_the_same_answer(self, client: TestClient) -> None:
        r = client.post(
            "/api/v1/auth/login", data={"username": "ghost@example.com", "password": "whatever1"}
        )
        assert r.status_code == 401
        assert r.json()["error"]["message"] == "Incorrect email or password"

    def test_login_form_missing_fields_is_422(self, client: TestClient) -> None:
        r = client.post("/api/v1/auth/login", data={"username": "x@example.com"})
        assert r.status_code == 422


class TestMe:
    def test_me_returns_the_signed_in_user(self, client: TestClient, alice: SignedIn) -> None:
        r = client.get("/api/v1/users/me", headers=alice.headers)
        assert r.status_code == 200
        assert r.json()["email"] == alice.email

    def test_me_without_token_is_401_with_bearer_challenge(self, client: TestClient) -> None:
        r = client.get("/api/v1/users/me")
        assert r.status_code == 401
        assert r.headers["www-authenticate"] == "Bearer"
        assert r.json()["error"]["code"] == "not_authenticated"


class TestRefresh:
    def test_refresh_rotates_the_pair(self, client: TestClient, alice: SignedIn) -> None:
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
        assert r.status_code == 200
        new = r.json()
        assert new["refresh_token"] != alice.refresh_token
        me = client.get(
            "/api/v1/users/me", headers={"Authorization": f"Bearer {new['access_token']}"}
        )
        assert me.status_code == 200

    def test_reusing_a_rotated_token_revokes_the_whole_family(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        first = client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
        newer = first.json()["refresh_token"]
        reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
        assert reuse.status_code == 401
        assert reuse.json()["error"]["code"] == "token_reused"
        # the legitimate newer token died with its family
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": newer})
        assert r.status_code == 401

    def test_unknown_refresh_token_is_401(self, client: TestClient) -> None:
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": "rt_forged"})
        assert r.status_code == 401
        assert r.json()["error"]["code"] == "invalid_token"

    def test_other_sign_ins_survive_a_reuse_attack(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        second = client.post(
            "/api/v1/auth/login", data={"username": alice.email, "password": alice.password}
        ).json()
        client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
        client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
        assert r.status_code == 200


class TestLogout:
    def test_logout_revokes_the_refresh_token(self, client: TestClient, alice: SignedIn) -> None:
        r = client.post(
            "/api/v1/auth/logout",
            json={"refresh_token": alice.refresh_token},
            headers=alice.headers,
        )
        assert r.status_code == 204
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
        assert r.status_code == 401

    def test_logout_cannot_revoke_another_users_token(
        self, client: TestClient, alice: SignedIn, bob: SignedIn
    ) -> None:
        client.post(
            "/api/v1/auth/logout", json={"refresh_token": bob.refresh_token}, headers=alice.headers
        )
        r = client.post("/api/v1/auth/refresh", json={"refresh_token": bob.refresh_token})
        assert r.status_code == 200

    def test_logout_needs_authentication(self, client: TestClient, alice: SignedIn) -> None:
        r = client.post("/api/v1/auth/logout", json={"refresh_token": alice.refresh_token})
        assert r.status_code == 401
