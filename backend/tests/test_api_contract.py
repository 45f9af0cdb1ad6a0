"""The API against its own OpenAPI document, with schemathesis: generated valid and invalid
requests from a signed-in user never get a 500, only documented status codes, responses that
match their schemas, and errors in the `{"error": {code, message, details}}` shape.

The document is the one the app serves at /openapi.json. Requests go to the app in process,
without its lifespan (see tests/api_world.py), so created jobs stay queued and spawn nothing.
Path parameters are mostly swapped for alice's real objects, so routes get past their 404.
"""

from __future__ import annotations

import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import ASGIClient
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from csv_analyzer.config import Settings
from csv_analyzer.main import create_app
from tests.api_world import Owned, World, module_database, open_world, path_values, reseed

# Override for a deeper run: CONTRACT_MAX_EXAMPLES=200 pytest tests/test_api_contract.py
MAX_EXAMPLES = int(os.environ.get("CONTRACT_MAX_EXAMPLES", "15"))


def _served_document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        config = Settings(data_dir=Path(tmp), frontend_dist=Path(tmp) / "none", _env_file=None)  # type: ignore[call-arg]
        app = create_app(config)
        spec: dict[str, Any] = TestClient(app).get("/openapi.json").json()
        app.state.engine.dispose()
    return spec


# `from_asgi` would start the app's lifespan (the job dispatcher) and keep it until exit, so the
# document is fetched here and the requests go through an ASGI client that never starts it.
schema = schemathesis.openapi.from_dict(_served_document())
schema.config.generation.update(
    max_examples=MAX_EXAMPLES, no_shrink=True, deterministic=True, database="none"
)
schema.config.phases.update(phases=["examples", "fuzzing"])

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def database_url(
    _database_template: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """One database for the module (the name also selects the module for the PostgreSQL pass)."""
    with module_database(_database_template, tmp_path_factory.mktemp("contract-db")) as url:
        yield url


@pytest.fixture(scope="module")
def world(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with open_world(database_url, tmp_path_factory.mktemp("contract")) as w:
        yield w


@pytest.fixture
def api(world: World) -> Iterator[ASGIClient]:
    reseed(world)
    session = ASGIClient(world.app)  # not entered: no lifespan
    yield session
    session.close()


def _use_real_objects(case: schemathesis.Case, world: World) -> None:
    """Swap two thirds of the generated path parameters (chosen by their value, so the run stays
    deterministic) for alice's objects; the rest exercise the not-found paths."""
    params = case.path_parameters or {}
    parts = case.path.strip("/").split("/")
    known = path_values(world.owned)
    for i, part in enumerate(parts):
        name = part.strip("{}")
        if part.startswith("{") and name in params and i > 0:
            value = known.get((parts[i - 1], name))
            if value is not None and zlib.crc32(repr(params[name]).encode()) % 3:
                params[name] = value


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_api_contract(case: schemathesis.Case, world: World, api: ASGIClient) -> None:
    _use_real_objects(case, world)
    response = case.call_and_validate(
        session=api, base_url="http://testserver", headers=world.alice.headers, checks=CHECKS
    )
    if response.status_code >= 400:
        body = response.json()
        assert set(body) == {"error"}, body
        assert set(body["error"]) == {"code", "message", "details"}, body
        assert isinstance(body["error"]["message"], str), body
        assert body["error"]["message"], body


def _documents(path: str, method: str, status: int) -> bool:
    return str(status) in schema.raw_schema["paths"][path][method]["responses"]


def test_restoring_the_current_version_is_409(world: World, api: ASGIClient) -> None:
    owned = world.owned
    r = world.client.get(f"/api/v1/datasets/{owned.dataset_id}", headers=world.alice.headers)
    current = r.json()["current_version"]
    r = world.client.post(
        f"/api/v1/datasets/{owned.dataset_id}/restore",
        json={"version": current},
        headers=world.alice.headers,
    )
    assert (r.status_code, r.json()["error"]["code"]) == (409, "already_current")
    assert _documents("/api/v1/datasets/{dataset_id}/restore", "post", 409)


def test_cancelling_a_finished_job_is_409(world: World, api: ASGIClient) -> None:
    url = f"/api/v1/training-jobs/{world.owned.training_job_id}/cancel"
    assert world.client.post(url, headers=world.alice.headers).status_code == 200
    r = world.client.post(url, headers=world.alice.headers)
    assert (r.status_code, r.json()["error"]["code"]) == (409, "job_finished")
    assert _documents("/api/v1/training-jobs/{job_id}/cancel", "post", 409)


@pytest.mark.parametrize(
    "path", ["/api/v1/tokens", "/api/v1/auth/register", "/api/v1/training-jobs/preview"]
)
def test_a_body_that_is_not_text_is_a_documented_422(world: World, path: str) -> None:
    r = world.client.post(
        path,
        content=b"@\x12`\xa5\x07*r\xee",
        headers={**world.alice.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "malformed_body"


@pytest.mark.parametrize("suffix", ["datasets", "models/{model_id}/batch-predictions"])
def test_a_multipart_body_that_does_not_parse_is_a_documented_422(
    world: World, suffix: str
) -> None:
    boundary = "9cc651cd2c8d168349f50fede4c361ac"
    r = world.client.post(
        "/api/v1/" + suffix.format(model_id=world.owned.model_id),
        content=f"--{boundary}\r\nFalse--{boundary}--\r\n".encode(),
        headers={
            **world.alice.headers,
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    assert r.status_code == 422, r.text
    assert r.json()["error"]["code"] == "malformed_upload"


HUGE = 2**63  # beyond SQLite's INTEGER and PostgreSQL's integer alike


def _huge_requests(o: Owned) -> list[tuple[str, str, dict[str, Any] | None]]:
    d, m = f"/api/v1/datasets/{o.dataset_id}", f"/api/v1/models/{o.model_id}"
    ops = [{"op": "drop_duplicates"}]
    return [
        ("GET", f"{d}/versions/{HUGE}", None),
        ("GET", f"{d}/rows?version={HUGE}", None),
        ("GET", f"{d}/download?version={HUGE}", None),
        ("POST", f"{d}/restore", {"version": HUGE}),
        ("POST", f"{d}/versions", {"base_version": HUGE, "operations": ops}),
        ("POST", "/api/v1/training-jobs/preview", {**_target(o), "dataset_version": HUGE}),
        ("POST", "/api/v1/training-jobs", {**_target(o), "dataset_version": HUGE}),
        ("GET", f"{m}/versions/{HUGE}", None),
        ("PUT", f"{m}/aliases/champion", {"version": HUGE}),
        ("POST", f"{m}/versions/{HUGE}/predict", {"rows": [{"x": 1}]}),
        ("GET", f"{m}/predictions?version={HUGE}", None),
        ("GET", f"{m}/drift?version={HUGE}", None),
        ("POST", f"{m}/batch-predictions", {"dataset_id": o.dataset_id, "version": HUGE}),
    ]


def _target(o: Owned) -> dict[str, Any]:
    return {"dataset_id": o.dataset_id, "target": "label"}


def test_numbers_no_column_can_hold_are_422_not_500(world: World) -> None:
    client = TestClient(world.app, raise_server_exceptions=False)
    answers = {
        f"{method} {url}": client.request(method, url, json=body, headers=world.alice.headers)
        for method, url, body in _huge_requests(world.owned)
    }
    wrong = {k: (r.status_code, r.text[:80]) for k, r in answers.items() if r.status_code != 422}
    assert wrong == {}
    assert {r.json()["error"]["code"] for r in answers.values()} <= {
        "value_out_of_range",
        "validation_error",
    }


@pytest.mark.parametrize("suffix", ["predictions", "predictions/export"])
def test_a_time_filter_without_a_time_zone_is_422(world: World, suffix: str) -> None:
    client = TestClient(world.app, raise_server_exceptions=False)
    url = f"/api/v1/models/{world.owned.model_id}/{suffix}?since=2026-01-01T00:00:00"
    r = client.get(url, headers=world.alice.headers)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "validation_error")


def test_a_prediction_the_database_refuses_costs_no_other_log_row(world: World) -> None:
    url = f"/api/v1/models/{world.owned.model_id}"
    good = {"x": 0.123456, "amount": 10.0, "colour": "red"}
    bad = {**good, "colour": "r\x00d"}  # PostgreSQL cannot store NUL in JSON text
    for row in (bad, good):
        r = world.client.post(f"{url}/predict", json={"rows": [row]}, headers=world.alice.headers)
        assert r.status_code == 200, r.text
    log = world.client.get(f"{url}/predictions?limit=200", headers=world.alice.headers).json()
    assert good in [row for item in log["items"] for row in item["inputs"]]


def test_a_prediction_export_with_a_bad_filter_is_a_4xx(world: World) -> None:
    client = TestClient(world.app, raise_server_exceptions=False)
    url = f"/api/v1/models/{world.owned.model_id}/predictions/export?version={HUGE}"
    assert client.get(url, headers=world.alice.headers).status_code == 422


# Found by probing past what 15 generated examples reach; each was a 500.
def test_a_rows_offset_beyond_duckdbs_bigint_is_422(world: World) -> None:
    url = f"/api/v1/datasets/{world.owned.dataset_id}/rows?offset={2**64}"
    r = world.client.get(url, headers=world.alice.headers)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_page")


def test_a_feature_named_twice_is_422(world: World) -> None:
    body = {"dataset_id": world.owned.dataset_id, "target": "label", "features": ["x", "x"]}
    for path in ("/api/v1/training-jobs/preview", "/api/v1/training-jobs"):
        r = world.client.post(path, json=body, headers=world.alice.headers)
        assert r.status_code == 422, r.text
        assert "twice" in r.json()["error"]["message"]


def test_a_cron_date_that_never_comes_is_422(world: World) -> None:
    url = f"/api/v1/models/{world.owned.model_id}/schedule"
    r = world.client.put(url, json={"cadence": "0 0 31 2 *"}, headers=world.alice.headers)
    assert (r.status_code, r.json()["error"]["code"]) == (422, "invalid_cadence")
    assert "never runs" in r.json()["error"]["message"]


def test_text_with_a_nul_character_is_never_a_500(world: World) -> None:
    client = TestClient(world.app, raise_server_exceptions=False)
    h = world.alice.headers
    for r in (
        client.post("/api/v1/tokens", json={"name": "a\x00b"}, headers=h),
        client.get("/api/v1/training-jobs", params={"dataset_id": "a\x00b"}, headers=h),
        client.post(
            "/api/v1/training-jobs", json={"dataset_id": "a\x00b", "target": "y"}, headers=h
        ),
    ):
        assert r.status_code < 500, r.text  # PostgreSQL refuses NUL: 422 value_out_of_range
