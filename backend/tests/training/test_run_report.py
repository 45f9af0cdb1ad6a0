"""The typed run report: what the worker validates, the registry stores and the API answers."""

from __future__ import annotations

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from csv_analyzer.jobs.context import JobFailed
from csv_analyzer.registry.gate import GateDecision
from csv_analyzer.training.automl import AutoMLConfig, AutoMLResult, run_automl
from csv_analyzer.training.report import HoldoutMetrics, ModelPlots, RunReport, RunSummary
from csv_analyzer.training.tasks import run_report


@pytest.fixture(scope="module")
def small_result() -> AutoMLResult:
    frame = pd.DataFrame(
        {
            "x": [float(i % 17) for i in range(120)],
            "colour": ["red", "blue", "green"] * 40,
            "label": ["yes" if i % 17 > 8 else "no" for i in range(120)],
        }
    )
    config = AutoMLConfig(target="label", time_budget_s=4, algorithms=["linear"])
    return run_automl(frame, config)


def test_the_engine_report_validates_into_the_typed_shape(small_result: AutoMLResult) -> None:
    report = run_report(small_result)
    assert report.task == "classification"
    assert report.holdout_metrics.roc_auc is not None
    assert report.holdout_metrics.value(report.metric) is not None
    assert report.plots.confusion_matrix is not None
    assert report.plots.confusion_matrix.labels == ["no", "yes"]
    assert {f.feature for f in report.feature_importances} == {"x", "colour"}
    assert report.plots.feature_importance_coverage is not None
    assert report.plots.feature_importance_coverage.total == 2
    summary = report.summary()
    assert summary.rows is not None
    assert summary.rows.holdout == report.rows.holdout
    assert summary.best_trial is not None
    assert summary.best_trial.trial_id == report.best_trial.trial_id


def test_a_report_of_the_wrong_shape_fails_the_job_naming_the_part(
    small_result: AutoMLResult,
) -> None:
    small_result.feature_importances = [{"importance": 0.1}]  # no feature name
    try:
        with pytest.raises(JobFailed, match=r"unexpected shape \(feature_importances\.0\.feature"):
            run_report(small_result)
    finally:
        small_result.feature_importances = []


def test_stored_parts_of_an_older_shape_read_as_missing_not_as_an_error() -> None:
    plots = ModelPlots.model_validate(
        {
            "confusion_matrix": [[1, 0], [0, 1]],  # a bare matrix, not {labels, matrix}
            "roc_curve": [{"label": "yes", "fpr": [0, 1], "tpr": [0, 1]}],
            "feature_importance": [{"feature": "x"}],  # a key this release does not keep
        }
    )
    assert plots.confusion_matrix is None
    assert plots.roc_curve[0].tpr == [0.0, 1.0]
    metrics = HoldoutMetrics.model_validate({"accuracy": "high", "rmse": 3})
    assert metrics.accuracy is None
    assert metrics.value("rmse") == 3.0
    assert metrics.value("per_class") is None
    assert RunSummary.model_validate({"rows": "lots"}).rows is None


def test_a_gate_decision_reads_decisions_of_every_release() -> None:
    assert GateDecision.model_validate({}).decision is None
    old = GateDecision.model_validate(
        {"decision": "champion", "reason": "first version of the model", "extra": 1}
    )
    assert old["reason"] == "first version of the model"


def test_the_openapi_document_types_the_training_result(client: TestClient) -> None:
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    result = schemas["TrainingResult"]["properties"]
    assert result["holdout_metrics"]["$ref"].endswith("/HoldoutMetrics")
    assert result["plots"]["$ref"].endswith("/ModelPlots")
    assert result["feature_importances"]["items"]["$ref"].endswith("/FeatureImportance")
    version = schemas["ModelVersionRead"]["properties"]
    assert version["gate"]["$ref"].endswith("/GateDecision")
    assert version["summary"]["$ref"].endswith("/RunSummary")
    job = schemas["TrainingJobRead"]["properties"]
    assert job["config"]["$ref"].endswith("/TrainingSpec")
    # Answers carry every field, so the generated client needs no optional checks.
    assert "roc_curve" in schemas["ModelPlots"]["required"]


def test_run_report_round_trips_through_json(small_result: AutoMLResult) -> None:
    report = run_report(small_result)
    again = RunReport.model_validate_json(report.model_dump_json())
    assert again == report
