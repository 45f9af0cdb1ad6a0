"""The web app's refresh token lives in an httpOnly cookie that scripts never see."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import SignedIn

COOKIE = "csv_analyzer_refresh"


def _login(client: TestClient, user: SignedIn) -> TestClient:
    r = client.post("/api/v1/auth/login", data={"username": user.email, "password": user.password})
    assert r.status_code == 200, r.text
    return client


def _set_cookie(client: TestClient, user: SignedIn) -> str:
    r = client.post("/api/v1/auth/login", data={"username": user.email, "password": user.password})
    return r.headers["set-cookie"]


def test_login_sets_an_httponly_strict_cookie_scoped_to_the_auth_routes(
    client: TestClient, alice: SignedIn
) -> None:
    header = _set_cookie(client, alice).lower()
    assert header.startswith(f"{COOKIE}=rt_")
    for flag in ("httponly", "samesite=strict", "path=/api/v1/auth", "max-age="):
        assert flag in header
    assert "secure" not in header  # plain http (127.0.0.1): a Secure cookie would never return


def test_the_cookie_is_secure_under_https(alice: SignedIn, client: TestClient) -> None:
    r = client.post(
        "https://testserver/api/v1/auth/login",
        data={"username": alice.email, "password": alice.password},
    )
    assert "secure" in r.headers["set-cookie"].lower()


def test_refresh_from_the_cookie_never_puts_a_refresh_token_in_the_body(
    client: TestClient, alice: SignedIn
) -> None:
    _login(client, alice)
    before = client.cookies.get(COOKIE)
    r = client.post("/api/v1/auth/refresh")
    assert r.status_code == 200, r.text
    assert r.json()["refresh_token"] is None
    assert r.json()["access_token"]
    after = client.cookies.get(COOKIE)
    assert after
    assert after != before
    me = client.get(
        "/api/v1/users/me", headers={"Authorization": f"Bearer {r.json()['access_token']}"}
    )
    assert me.status_code == 200


def test_without_a_cookie_or_body_refresh_is_401(client: TestClient) -> None:
    r = client.post("/api/v1/auth/refresh")
    assert (r.status_code, r.json()["error"]["code"]) == (401, "invalid_token")


def test_two_tabs_refreshing_with_one_cookie_do_not_end_the_session(
    client: TestClient, alice: SignedIn
) -> None:
    _login(client, alice)
    shared = client.cookies.get(COOKIE)
    assert shared is not None
    first = client.post("/api/v1/auth/refresh")
    assert first.status_code == 200
    client.cookies.clear()
    client.cookies.set(COOKIE, shared)  # the slower tab sends the old one
    late = client.post("/api/v1/auth/refresh")
    assert (late.status_code, late.json()["error"]["code"]) == (401, "token_rotated")
    client.cookies.clear()
    client.cookies.set(COOKIE, first.cookies[COOKIE])
    again = client.post("/api/v1/auth/refresh")  # its retry carries the newer cookie
    assert again.status_code == 200, again.text


def test_a_replayed_body_token_still_revokes_the_family(
    client: TestClient, alice: SignedIn
) -> None:
    client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
    reuse = client.post("/api/v1/auth/refresh", json={"refresh_token": alice.refresh_token})
    assert reuse.json()["error"]["code"] == "token_reused"


def test_logout_revokes_the_cookies_sign_in_and_clears_it(
    client: TestClient, alice: SignedIn
) -> None:
    _login(client, alice)
    access = client.post("/api/v1/auth/refresh").json()["access_token"]
    cookie = client.cookies.get(COOKIE)
    out = client.post("/api/v1/auth/logout", headers={"Authorization": f"Bearer {access}"})
    assert out.status_code == 204
    assert (
        f'{COOKIE}=""' in out.headers["set-cookie"]
        or "max-age=0" in out.headers["set-cookie"].lower()
    )
    client.cookies.clear()
    client.cookies.set(COOKIE, cookie or "")
    r = client.post("/api/v1/auth/refresh")
    assert r.status_code == 401
