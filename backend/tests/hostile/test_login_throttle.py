"""Sign-in throttling holds under concurrency and cannot be steered by a forged address."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.auth.throttle import address_key
from csv_analyzer.config import Settings
from csv_analyzer.main import create_app
from tests.conftest import SignedIn


def _login(client: TestClient, email: str, password: str, **headers: str) -> int:
    r = client.post(
        "/api/v1/auth/login", data={"username": email, "password": password}, headers=headers
    )
    return r.status_code


def test_forty_concurrent_guesses_get_at_most_the_limit_of_401s(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    with ThreadPoolExecutor(max_workers=20) as pool:
        codes = Counter(pool.map(lambda _: _login(client, alice.email, "wrong-guess-1"), range(40)))
    assert codes[401] <= settings.login_max_failures, codes
    assert codes[401] + codes[429] == 40, codes
    # Attempts refused in the burst were never checked, so they leave nothing behind; but
    # however the burst went, no more than the limit of guesses is ever checked in a window.
    after = [_login(client, alice.email, "wrong-guess-2") for _ in range(10)]
    assert codes[401] + after.count(401) == settings.login_max_failures, (codes, after)
    assert _login(client, alice.email, alice.password) == 429  # now locked


def test_a_refused_attempt_does_not_extend_the_lock(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    for _ in range(settings.login_max_failures):
        _login(client, alice.email, "wrong-guess-1")
    first = client.post(
        "/api/v1/auth/login", data={"username": alice.email, "password": "wrong-guess-2"}
    )
    second = client.post(
        "/api/v1/auth/login", data={"username": alice.email, "password": "wrong-guess-3"}
    )
    assert first.status_code == second.status_code == 429
    assert int(second.headers["retry-after"]) <= int(first.headers["retry-after"])


@pytest.fixture
def behind_proxy(settings: Settings) -> Iterator[TestClient]:
    """The app as compose runs it: only the proxy (here the test client's peer) is trusted."""
    application = create_app(settings.model_copy(update={"forwarded_allow_ips": "testclient"}))
    with TestClient(application) as c:
        yield c
    application.state.engine.dispose()


def _register(client: TestClient, email: str) -> None:
    body = {"email": email, "password": "correct horse 42"}
    assert client.post("/api/v1/auth/register", json=body).status_code == 201


def test_one_attacker_behind_the_proxy_locks_out_only_their_own_address(
    behind_proxy: TestClient, settings: Settings
) -> None:
    _register(behind_proxy, "victim@example.com")
    attacker = {"X-Forwarded-For": "203.0.113.7"}
    for i in range(settings.login_max_failures * 4):
        _login(behind_proxy, f"spray{i}@example.com", "nope-nope-1", **attacker)
    assert _login(behind_proxy, "fresh@example.com", "nope-nope-1", **attacker) == 429
    victim = {"X-Forwarded-For": "198.51.100.20"}
    assert _login(behind_proxy, "victim@example.com", "correct horse 42", **victim) == 200


def test_a_spoofed_forwarded_header_is_ignored_without_a_trusted_proxy(
    client: TestClient, make_user: object, settings: Settings
) -> None:
    """Embedded mode trusts no proxy: rotating X-Forwarded-For does not dodge the address limit."""
    for i in range(settings.login_max_failures * 4):
        fake = {"X-Forwarded-For": f"192.0.2.{i + 1}"}
        _login(client, f"spray{i}@example.com", "nope-nope-1", **fake)
    assert (
        _login(client, "fresh@example.com", "nope-nope-1", **{"X-Forwarded-For": "192.0.2.99"})
        == 429
    )


def test_a_spoofed_address_cannot_lock_out_another_client(
    client: TestClient, alice: SignedIn, settings: Settings
) -> None:
    """Failures sent 'as' someone else's address land on the sender's own address."""
    victim_ip = "198.51.100.20"
    for i in range(settings.login_max_failures * 4):
        _login(client, f"spray{i}@example.com", "nope-nope-1", **{"X-Forwarded-For": victim_ip})
    app = client.app
    other = TestClient(app, client=(victim_ip, 50000))
    assert _login(other, alice.email, alice.password) == 200


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "ip:203.0.113.7"),
        ("2001:db8:1:2:aaaa::1", "ip:2001:db8:1:2::/64"),
        ("2001:db8:1:2:bbbb::9", "ip:2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "ip:203.0.113.7"),
        ("testclient", "ip:testclient"),
    ],
)
def test_addresses_are_keyed_by_what_one_client_controls(address: str, key: str) -> None:
    assert address_key(address) == key
