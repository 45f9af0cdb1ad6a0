"""A safety net computed from `app.routes`: every API route needs a token, and every route that
names an object answers 404 to another user.

A new route is covered the moment it is mounted. A new path parameter, request body or DELETE
route fails here until the tables below say how to fill it, so no route can skip ownership tests.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from fastapi.routing import iter_route_contexts
from sqlalchemy import select

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.main import API_PREFIX, create_app
from tests.api_world import FRAME, Owned, World, module_database, open_world, path_values
from tests.monitoring.support import register as register_rows
from tests.monitoring.support import rows_of

PUBLIC = {
    ("GET", f"{API_PREFIX}/health"),
    ("GET", f"{API_PREFIX}/ready"),
    ("POST", f"{API_PREFIX}/auth/register"),
    ("POST", f"{API_PREFIX}/auth/login"),
    ("POST", f"{API_PREFIX}/auth/refresh"),
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # the template, e.g. /api/v1/datasets/{dataset_id}
    has_body: bool

    @property
    def params(self) -> list[tuple[str, str]]:
        """(segment before the parameter, parameter name) pairs, in order."""
        parts = self.path.strip("/").split("/")
        return [
            (parts[i - 1], m.group(1))
            for i, part in enumerate(parts)
            if (m := re.fullmatch(r"\{(\w+)(?::\w+)?\}", part))
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def _api_endpoints() -> list[Endpoint]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp), frontend_dist=Path(tmp) / "none", _env_file=None)  # type: ignore[call-arg]
        app = create_app(settings)
        spec = app.openapi()
        found = []
        for route in iter_route_contexts(app.routes):
            path = route.path
            if not path or not path.startswith(f"{API_PREFIX}/"):
                continue
            for method in sorted(set(route.methods or ()) - {"HEAD", "OPTIONS"}):
                operation = spec["paths"].get(path, {}).get(method.lower(), {})
                found.append(Endpoint(method, path, "requestBody" in operation))
        app.state.engine.dispose()
    return found


ENDPOINTS = _api_endpoints()
PROTECTED = [e for e in ENDPOINTS if (e.method, e.path) not in PUBLIC]
WITH_OBJECTS = [e for e in PROTECTED if e.params]
LISTS = [e for e in PROTECTED if e.method == "GET" and not e.params]


@dataclass(frozen=True)
class Multipart:
    """A body sent as multipart/form-data (an upload route) instead of JSON."""

    files: dict[str, tuple[str, bytes, str]]
    data: dict[str, str]


def _send(body: dict[str, Any] | Multipart | None) -> dict[str, Any]:
    """The request arguments for a body: JSON, or files and fields for an upload."""
    if isinstance(body, Multipart):
        return {"files": body.files, "data": body.data}
    return {"json": body}


# A valid body for every route that takes one, so a 404 is about ownership and not a 422.
def bodies(o: Owned) -> dict[str, dict[str, Any] | Multipart]:
    rows = rows_of(FRAME.head(2))
    return {
        "PATCH /api/v1/datasets/{dataset_id}": {"name": "renamed"},
        "POST /api/v1/datasets/{dataset_id}/versions": {"operations": [{"op": "drop_duplicates"}]},
        "POST /api/v1/datasets/{dataset_id}/restore": {"version": 1},
        "PUT /api/v1/models/{model_id}/aliases/{alias}": {"version": 1},
        "POST /api/v1/models/{model_id}/predict": {"rows": rows},
        "POST /api/v1/models/{model_id}/versions/{version}/predict": {"rows": rows},
        "POST /api/v1/models/{model_id}/batch-predictions": {"dataset_id": o.dataset_id},
        "POST /api/v1/models/{model_id}/batch-predictions/dataset": {"dataset_id": o.dataset_id},
        "POST /api/v1/models/{model_id}/batch-predictions/upload": Multipart(
            files={"file": ("more.csv", FRAME.head(3).to_csv(index=False).encode(), "text/csv")},
            data={},
        ),
        "PUT /api/v1/models/{model_id}/schedule": {"cadence": "weekly"},
    }


# Alice's own request must succeed (the fill is right); these answers are the documented ones.
OWNER_STATUS = {
    "GET /api/v1/models/{model_id}/batch-predictions/{job_id}/download": 409,  # still queued
}


def _fill(endpoint: Endpoint, owned: Owned) -> str:
    path = endpoint.path
    known = path_values(owned)
    for segment, name in endpoint.params:
        value = known.get((segment, name))
        if value is None:
            pytest.fail(
                f"{endpoint}: no way to name alice's object for {{{name}}} after /{segment}/; "
                "add it to path_values() in tests/api_world.py (and create the object) so its "
                "ownership is tested"
            )
        path = re.sub(r"\{" + name + r"(?::\w+)?\}", value, path, count=1)
    return path


def _body(endpoint: Endpoint, owned: Owned) -> dict[str, Any] | Multipart | None:
    if not endpoint.has_body:
        return None
    body = bodies(owned).get(str(endpoint))
    if body is None:
        pytest.fail(f"{endpoint} takes a body: add a valid one to bodies()")
    return body


def _assert_error_body(r: httpx.Response, codes: Callable[[str], bool]) -> None:
    body = r.json()
    assert set(body) == {"error"}, body
    assert set(body["error"]) == {"code", "message", "details"}, body
    assert codes(body["error"]["code"]), body


@pytest.fixture(scope="module")
def database_url(
    _database_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database for the module (the name also selects the module for the PostgreSQL pass)."""
    with module_database(_database_template, tmp_path_factory.mktemp("route-coverage-db")) as url:
        yield url


@pytest.fixture(scope="module")
def world(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with open_world(database_url, tmp_path_factory.mktemp("route-coverage")) as w:
        yield w


def test_the_public_routes_exist() -> None:
    assert {(e.method, e.path) for e in ENDPOINTS} >= PUBLIC


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_route_requires_a_token(world: World, endpoint: Endpoint) -> None:
    dummy = {name: "champion" if name == "alias" else "1" for _, name in endpoint.params}
    path = endpoint.path
    for name, value in dummy.items():
        path = re.sub(r"\{" + name + r"(?::\w+)?\}", value, path)
    for headers in ({}, {"Authorization": "Bearer not-a-token"}):
        r = world.client.request(endpoint.method, path, headers=headers)
        assert r.status_code == 401, (headers, r.text)
        assert r.headers["www-authenticate"] == "Bearer"
        _assert_error_body(r, lambda c: c in {"not_authenticated", "invalid_token"})


@pytest.mark.parametrize("endpoint", WITH_OBJECTS, ids=str)
def test_other_users_object_is_404(world: World, endpoint: Endpoint) -> None:
    owned = world.owned
    path = _fill(endpoint, owned)
    body = _body(endpoint, owned)
    r = world.client.request(endpoint.method, path, headers=world.bob.headers, **_send(body))
    assert r.status_code == 404, r.text
    _assert_error_body(r, lambda c: c.endswith("not_found"))
    for value in (owned.dataset_id, owned.model_id, owned.training_job_id, owned.batch_job_id):
        if value not in path:  # echoing the id bob sent is fine; revealing another is not
            assert value not in r.text

    if endpoint.method == "DELETE":
        _assert_still_there(world, endpoint, path)
        return
    r = world.client.request(endpoint.method, path, headers=world.alice.headers, **_send(body))
    expected = OWNER_STATUS.get(str(endpoint))
    if expected is not None:
        assert r.status_code == expected, r.text
    else:
        assert 200 <= r.status_code < 300, r.text


def _assert_still_there(world: World, endpoint: Endpoint, path: str) -> None:
    """Bob's DELETE changed nothing: alice still reads the object."""
    if endpoint.path.startswith(f"{API_PREFIX}/tokens/"):
        r = world.client.get(f"{API_PREFIX}/tokens", headers=world.alice.headers)
        mine = {t["id"]: t for t in r.json()}
        assert mine[world.owned.token_id]["revoked_at"] is None
        return
    if not any(e.method == "GET" and e.path == endpoint.path for e in ENDPOINTS):
        pytest.fail(f"{endpoint}: add a way to check that bob's DELETE left alice's object alone")
    r = world.client.get(path, headers=world.alice.headers)
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("endpoint", LISTS, ids=str)
def test_lists_show_only_own_objects(world: World, endpoint: Endpoint) -> None:
    r = world.client.get(endpoint.path, headers=world.bob.headers)
    assert r.status_code == 200, r.text
    owned = world.owned
    for value in (
        owned.dataset_id,
        owned.model_id,
        owned.training_job_id,
        owned.batch_job_id,
        owned.token_id,
        owned.upload_id,
    ):
        assert value not in r.text


def test_a_path_parameter_nobody_fills_fails_the_suite() -> None:
    unknown = Endpoint("GET", f"{API_PREFIX}/models/{{model_id}}/reports/{{report_id}}", False)
    with pytest.raises(pytest.fail.Exception, match=r"\{report_id\} after /reports/"):
        _fill(unknown, Owned(model_id="m"))


# Personal API tokens are for machine clients: they open the prediction routes and nothing else.
MACHINE_ROUTES = {
    "POST /api/v1/models/{model_id}/predict",
    "POST /api/v1/models/{model_id}/versions/{version}/predict",
}


def test_the_machine_routes_exist() -> None:
    assert {str(e) for e in PROTECTED} >= MACHINE_ROUTES


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_an_api_token_opens_only_the_machine_routes(world: World, endpoint: Endpoint) -> None:
    owned = world.owned
    path = _fill(endpoint, owned)
    token = {"Authorization": f"Bearer {owned.extra['token']}"}
    machine = str(endpoint) in MACHINE_ROUTES
    body = _body(endpoint, owned) if machine else None
    r = world.client.request(endpoint.method, path, headers=token, **_send(body))
    if machine:
        assert r.status_code == 200, r.text
    else:
        assert r.status_code == 401, r.text
        _assert_error_body(r, lambda c: c in {"not_authenticated", "invalid_token"})


@pytest.fixture(scope="module")
def bob_model_id(world: World) -> str:
    """A model of bob's (rows only: nothing here loads it)."""
    with world.app.state.sessionmaker() as session:
        owner = session.scalars(select(User.id).where(User.email == world.bob.email)).one()
        return register_rows(session, owner_id=owner, dataset_id=None, frame=FRAME).id


def test_other_users_ids_in_bodies_and_queries_are_404(world: World, bob_model_id: str) -> None:
    dataset_id = world.owned.dataset_id
    target = {"dataset_id": dataset_id, "target": "label"}
    h = world.bob.headers
    c = world.client
    for r in (
        c.post(f"{API_PREFIX}/training-jobs/preview", json=target, headers=h),
        c.post(f"{API_PREFIX}/training-jobs", json=target, headers=h),
        c.post(
            f"{API_PREFIX}/models/{bob_model_id}/batch-predictions",
            json={"dataset_id": dataset_id},
            headers=h,
        ),
    ):
        assert r.status_code == 404, r.text
        _assert_error_body(r, lambda code: code.endswith("not_found"))
    r = c.get(f"{API_PREFIX}/training-jobs", params={"dataset_id": dataset_id}, headers=h)
    assert (r.status_code, r.json()["items"]) == (200, [])


def test_another_users_api_token_cannot_predict_with_a_model(world: World) -> None:
    token = world.client.post(f"{API_PREFIX}/tokens", json={"name": "b"}, headers=world.bob.headers)
    headers = {"Authorization": f"Bearer {token.json()['token']}"}
    body = bodies(world.owned)["POST /api/v1/models/{model_id}/predict"]
    r = world.client.post(
        f"{API_PREFIX}/models/{world.owned.model_id}/predict", json=body, headers=headers
    )
    assert r.status_code == 404, r.text
