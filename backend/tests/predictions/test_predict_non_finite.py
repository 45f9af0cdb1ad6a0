"""Non-finite numbers in a predict body (1e400, Infinity, NaN) get a readable 4xx, never a 500."""

from __future__ import annotations

import json
import math

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from csv_analyzer.registry.models import ModelVersion
from tests.conftest import SignedIn
from tests.predictions.support import Fitted, fit_pipeline, make_frame, rows_of
from tests.registry.support import register, user_id

API = "/api/v1/models"


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    return fit_pipeline(make_frame(120))


@pytest.fixture
def version(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> ModelVersion:
    return register(settings, user_id(client, alice), fitted)


@pytest.mark.parametrize("literal", ["1e400", "-1e400", "Infinity", "-Infinity"])
def test_an_infinite_feature_value_is_a_422_with_json_details(
    client: TestClient, alice: SignedIn, version: ModelVersion, fitted: Fitted, literal: str
) -> None:
    row = json.dumps(rows_of(fitted.frame, 1)[0] | {"amount": 0.0})
    body = '{"rows": [' + row.replace('"amount": 0.0', f'"amount": {literal}') + "]}"
    r = client.post(
        f"{API}/{version.model_id}/predict",
        content=body,
        headers={**alice.headers, "Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    error = r.json()["error"]  # strict JSON: the body parsed without NaN/Infinity literals
    json.loads(r.text, parse_constant=lambda c: pytest.fail(f"non-JSON constant {c}"))
    assert "amount" in error["message"]


def test_error_details_render_non_finite_floats_as_text() -> None:
    from csv_analyzer.error_handlers import json_safe

    details = {"value": math.inf, "values": [-math.inf, math.nan, 1.5], "nested": ({"x": 2},)}
    assert json_safe(details) == {
        "value": "Infinity",
        "values": ["-Infinity", "NaN", 1.5],
        "nested": [{"x": 2}],
    }
