"""The job boundary is typed: the worker reads a `TrainingSpec`, the limits have one home and the
SPA reads them (and the metrics' metadata) from `GET /training/options`."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from csv_analyzer.jobs.celery_app import MAX_JOB_S
from csv_analyzer.jobs.context import JobFailed
from csv_analyzer.training import limits
from csv_analyzer.training.automl.metrics import METRIC_INFO, METRICS
from csv_analyzer.training.tasks import automl_config, training_spec
from tests.conftest import SignedIn
from tests.training.api_helpers import API

OPTIONS = "/api/v1/training/options"


def test_an_old_payload_without_the_optional_keys_still_reads() -> None:
    spec = training_spec({"target": "label", "dataset_id": "d1", "something_new": 1})
    assert spec.time_budget_s == limits.TIME_BUDGET_DEFAULT_S
    assert spec.folds == limits.FOLDS_DEFAULT
    assert spec.holdout_share == limits.HOLDOUT_SHARE_DEFAULT
    assert spec.task == "auto"
    config = automl_config(spec, {"x": "numeric"})
    assert config.target == "label"
    assert config.time_budget_s == limits.TIME_BUDGET_DEFAULT_S
    assert config.column_types == {"x": "numeric"}


def test_a_full_payload_reaches_the_engine_config() -> None:
    spec = training_spec(
        {
            "target": "y",
            "task": "regression",
            "features": ["a", "b"],
            "algorithms": ["ridge"],
            "hyperparameters": {"ridge": {"alpha": 2.0}},
            "time_budget_s": 30,
            "metric": "mae",
            "folds": 3,
            "holdout_share": 0.25,
            "seed": 7,
        }
    )
    config = automl_config(spec, {})
    assert config.task == "regression"
    assert list(config.features or []) == ["a", "b"]
    assert config.hyperparameters == {"ridge": {"alpha": 2.0}}
    assert (config.metric, config.folds, config.holdout_share, config.seed) == ("mae", 3, 0.25, 7)
    assert config.time_budget_s == 30.0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({}, "target"),
        ({"target": "y", "time_budget_s": "soon"}, "time_budget_s"),
        ({"target": "y", "folds": 1}, "folds"),
        ({"target": "y", "task": "clustering"}, "task"),
    ],
)
def test_an_invalid_payload_fails_the_job_with_a_readable_reason(
    payload: dict[str, object], field: str
) -> None:
    with pytest.raises(JobFailed) as caught:
        training_spec(payload)
    message = str(caught.value)
    assert "settings are invalid" in message
    assert field in message
    assert "Traceback" not in message


def test_the_options_need_a_token(client: TestClient) -> None:
    assert client.get(OPTIONS).status_code == 401


def test_the_options_serve_the_limits_and_metric_metadata(
    client: TestClient, alice: SignedIn
) -> None:
    r = client.get(OPTIONS, headers=alice.headers)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["time_budget_s"] == {
        "min": limits.TIME_BUDGET_MIN_S,
        "max": limits.TIME_BUDGET_MAX_S,
        "default": limits.TIME_BUDGET_DEFAULT_S,
    }
    assert body["folds"]["min"] == limits.FOLDS_MIN
    assert body["holdout_share"]["max"] == limits.HOLDOUT_SHARE_MAX
    by_name = {m["name"]: m for m in body["metrics"]}
    # Every metric the engine optimises has a label, its direction and an explanation.
    for name, metric in METRICS.items():
        assert by_name[name]["greater_is_better"] is metric.greater_is_better
        assert by_name[name]["task"] == metric.task
        assert by_name[name]["label"]
        assert by_name[name]["explanation"]
    assert by_name["mape"]["task"] is None  # report-only
    assert set(by_name) == set(METRIC_INFO)


def test_the_request_validation_uses_the_served_limits(client: TestClient, alice: SignedIn) -> None:
    served = client.get(OPTIONS, headers=alice.headers).json()["time_budget_s"]
    base = {"dataset_id": "nope", "target": "y"}
    for budget in (served["min"] - 1, served["max"] + 1):
        r = client.post(API, headers=alice.headers, json={**base, "time_budget_s": budget})
        assert r.status_code == 422, r.text
    # Inside the limits the body validates (the unknown dataset answers 404 instead).
    r = client.post(API, headers=alice.headers, json={**base, "time_budget_s": served["max"]})
    assert r.status_code == 404, r.text


def test_the_worker_time_limit_covers_the_longest_budget() -> None:
    assert MAX_JOB_S >= limits.TIME_BUDGET_MAX_S


def test_openapi_types_the_options_and_the_training_result(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    options = schemas["TrainingOptions"]["properties"]
    assert options["time_budget_s"] == {"$ref": "#/components/schemas/IntRange"}
    assert schemas["MetricOption"]["properties"]["greater_is_better"]["type"] == "boolean"
    assert "TrainingResult" in schemas


def test_openapi_types_the_feature_schema_in_results_and_versions(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    ref = {"$ref": "#/components/schemas/FeatureSpec"}
    assert schemas["TrainingResult"]["properties"]["feature_schema"]["items"] == ref
    assert schemas["ModelVersionSummary"]["properties"]["feature_schema"]["items"] == ref
    spec = schemas["FeatureSpec"]["properties"]
    assert spec["name"]["type"] == "string"
    assert spec["required"]["type"] == "boolean"


def test_an_old_feature_schema_reads_into_feature_specs_and_serving_features() -> None:
    from csv_analyzer.predictions.inference import parse_schema
    from csv_analyzer.training.automl.contracts import FeatureSpec

    stored = [
        {"name": "age", "type": "integer", "required": True, "median": 41.0, "min": 18, "max": 80},
        {"name": "city", "type": "categorical", "categories": ["Oslo", "Lima"]},
        {"name": "legacy"},  # an early schema entry: name only
        {"name": "when", "type": "datetime", "min": "2024-01-01", "future_key": 3},
    ]
    specs = [FeatureSpec.model_validate(e) for e in stored]
    assert specs[2].type == "numeric"
    assert specs[2].required is False
    assert specs[3].min == "2024-01-01"
    assert specs[3].model_dump()["future_key"] == 3  # kept, not dropped
    features = parse_schema(stored)
    assert [f.name for f in features] == ["age", "city", "legacy", "when"]
    assert features[0].required
    assert features[0].fill == 41.0
    assert features[1].categories == frozenset({"Oslo", "Lima"})
    assert features[1].fill == "Oslo"
    assert features[2].type == "numeric"
    assert not features[2].required
    assert parse_schema(specs) == features
