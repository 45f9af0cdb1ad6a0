"""Every answer is traceable by its request id, and no body is parsed past its route's cap."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from csv_analyzer.main import create_app
from csv_analyzer.observability import RequestIdFilter
from csv_analyzer.tokens import service as tokens
from tests.conftest import SignedIn


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """The server's log as it is written in production: `[request id]` on every line."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(logging.Formatter("%(levelname)s [%(request_id)s] %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    yield out
    root.removeHandler(handler)


def _boom(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError("an unexpected fault")


def test_a_500_carries_its_request_id_in_body_header_and_log(
    app: FastAPI, alice: SignedIn, monkeypatch: pytest.MonkeyPatch, log_lines: io.StringIO
) -> None:
    monkeypatch.setattr(tokens, "list_tokens", _boom)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.get("/api/v1/tokens", headers=alice.headers)
    assert r.status_code == 500
    rid = r.headers["x-request-id"]
    assert len(rid) >= 16
    assert r.json()["error"] == {
        "code": "internal_error",
        "message": "Something went wrong on our side. The error was logged.",
        "details": {"request_id": rid},
    }
    assert "an unexpected fault" not in r.text  # no stack trace for the client
    logged = log_lines.getvalue()
    assert f"[{rid}] unhandled error" in logged
    assert "RuntimeError: an unexpected fault" in logged


def test_a_client_request_id_is_echoed_on_a_500(
    app: FastAPI, alice: SignedIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tokens, "list_tokens", _boom)
    client = TestClient(app, raise_server_exceptions=False)
    r = client.get("/api/v1/tokens", headers={**alice.headers, "X-Request-ID": "trace-42"})
    assert r.headers["x-request-id"] == "trace-42"
    assert r.json()["error"]["details"]["request_id"] == "trace-42"


def test_every_ordinary_answer_has_a_request_id(client: TestClient, alice: SignedIn) -> None:
    for r in (
        client.get("/api/v1/users/me", headers=alice.headers),
        client.get("/api/v1/users/me"),
        client.get("/api/v1/datasets/nope", headers=alice.headers),
    ):
        assert r.headers.get("x-request-id"), r.status_code


@pytest.fixture
def small_caps(settings: Settings) -> Iterator[TestClient]:
    capped = settings.model_copy(
        update={"max_predict_body_bytes": 64 * 1024, "max_request_body_bytes": 8 * 1024}
    )
    application = create_app(capped)
    with TestClient(application) as c:
        yield c
    application.state.engine.dispose()


def _register(client: TestClient) -> dict[str, str]:
    body = {"email": "cap@example.com", "password": "correct horse 42"}
    assert client.post("/api/v1/auth/register", json=body).status_code == 201
    login = client.post(
        "/api/v1/auth/login", data={"username": body["email"], "password": body["password"]}
    )
    return {"Authorization": f"Bearer {login.json()['access_token']}"}


def test_a_predict_body_over_its_cap_is_413_before_parsing(small_caps: TestClient) -> None:
    h = _register(small_caps)
    rows = [{"x": i, "colour": "red"} for i in range(5_000)]  # ~130 KB of JSON
    r = small_caps.post("/api/v1/models/any/predict", json={"rows": rows}, headers=h)
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "payload_too_large"
    assert "65,536 bytes" in r.json()["error"]["message"]
    # Under the cap the same route parses the body (and answers that the model is unknown).
    small = small_caps.post("/api/v1/models/any/predict", json={"rows": rows[:100]}, headers=h)
    assert small.status_code == 404


def test_a_chunked_body_without_a_length_is_cut_at_the_cap(small_caps: TestClient) -> None:
    h = _register(small_caps)
    payload = json.dumps({"rows": [{"x": i} for i in range(10_000)]}).encode()

    def chunks() -> Iterator[bytes]:
        for start in range(0, len(payload), 4096):
            yield payload[start : start + 4096]

    r = small_caps.post(
        "/api/v1/models/any/predict",
        content=chunks(),
        headers={**h, "Content-Type": "application/json"},
    )
    assert r.status_code == 413, r.text
    assert r.json()["error"]["code"] == "payload_too_large"


def test_other_json_routes_have_the_smaller_cap(small_caps: TestClient) -> None:
    h = _register(small_caps)
    r = small_caps.post("/api/v1/tokens", json={"name": "x" * 20_000}, headers=h)
    assert r.status_code == 413
    login = small_caps.post(
        "/api/v1/auth/login", data={"username": "cap@example.com", "password": "p" * 10_000}
    )
    assert login.status_code == 413


def test_uploads_keep_their_own_larger_limit(small_caps: TestClient) -> None:
    h = _register(small_caps)
    csv = b"a,b\n" + b"".join(f"{i},{i * 2}\n".encode() for i in range(5_000))  # ~50 KB
    r = small_caps.post("/api/v1/datasets", files={"file": ("big.csv", csv, "text/csv")}, headers=h)
    assert r.status_code == 201, r.text
