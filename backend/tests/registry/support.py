"""Register real fitted pipelines in a real MLflow registry (SQLite tracking DB per test module).

Does what the training task does (log the model in a run, create a registered model version) with
an explicit client, then records it through the registry service under test.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import mlflow.sklearn
import pytest
from fastapi.testclient import TestClient
from mlflow import MlflowClient
from mlflow.exceptions import MlflowException

from csv_analyzer.config import Settings
from csv_analyzer.db import make_engine, make_sessionmaker, new_id
from csv_analyzer.registry.models import ModelVersion
from csv_analyzer.registry.paired import ChampionComparison
from csv_analyzer.registry.service import record_trained_version
from csv_analyzer.training.report import RunReport
from tests.conftest import SignedIn
from tests.predictions.support import Fitted

os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")


def client_for(settings: Settings) -> MlflowClient:
    return MlflowClient(
        tracking_uri=settings.resolved_mlflow_tracking_uri,
        registry_uri=settings.resolved_mlflow_registry_uri,
    )


def report_for(fitted: Fitted, score: float, *, metric: str | None = None) -> RunReport:
    """An AutoML-like report with a chosen holdout score (the gate reads only the numbers)."""
    metric = metric or ("accuracy" if fitted.task == "classification" else "rmse")
    greater = metric not in ("rmse", "mae", "log_loss")
    trial = {
        "trial_id": 0,
        "algorithm": "hist_gradient_boosting",
        "params": {},
        "source": "default",
        "status": "ok",
        "cv_mean": score,
        "cv_std": 0.01,
        "fit_time_s": 0.1,
        "predict_time_s": 0.01,
        "error": None,
    }
    return RunReport.model_validate(
        {
            "task": fitted.task,
            "task_explanation": "chosen by the test",
            "metric": metric,
            "greater_is_better": greater,
            "cv_score": score,
            "leaderboard": [trial],
            "best_trial": trial,
            "ensemble_used": False,
            "ensemble_members": [],
            "holdout_metrics": {metric: score},
            "baseline_metrics": {metric: 0.5},
            "plots": {"confusion_matrix": {"labels": ["no", "yes"], "matrix": [[1, 0], [0, 1]]}},
            "feature_importances": [{"feature": "x", "importance": 0.3, "std": 0.01}],
            "feature_schema": fitted.schema,
            "dropped_columns": [],
            "classes": fitted.classes,
            "rows": {"input": 300, "train": 240, "holdout": 60},
            "timings": {},
            "library_versions": {},
        }
    )


def register(
    settings: Settings,
    owner_id: str,
    fitted: Fitted,
    *,
    model_name: str = "churn",
    score: float = 0.8,
    metric: str | None = None,
    dataset_id: str | None = None,
    paired: ChampionComparison | None = None,
) -> ModelVersion:
    """Log `fitted` to MLflow as a new version of the owner's model and record it (with the gate)."""
    client = client_for(settings)
    mlflow_name = f"{owner_id}.{model_name}"
    experiment = client.get_experiment_by_name(mlflow_name)
    if experiment is None:
        location = (settings.mlflow_artifact_root / new_id()).as_uri()
        experiment_id = client.create_experiment(mlflow_name, artifact_location=location)
    else:
        experiment_id = experiment.experiment_id
    run = client.create_run(experiment_id)
    with tempfile.TemporaryDirectory() as tmp:
        local = Path(tmp) / "model"
        mlflow.sklearn.save_model(
            fitted.pipeline,
            str(local),
            serialization_format="cloudpickle",
            pip_requirements=["scikit-learn"],
        )
        client.log_artifacts(run.info.run_id, str(local), "model")
    client.set_terminated(run.info.run_id)
    with contextlib.suppress(MlflowException):  # already registered
        client.create_registered_model(mlflow_name)
    source = f"{run.info.artifact_uri}/model"
    mv = client.create_model_version(mlflow_name, source=source, run_id=run.info.run_id)
    engine = make_engine(settings.resolved_database_url)
    try:
        with make_sessionmaker(engine)() as session:
            return record_trained_version(
                session,
                settings=settings,
                owner_id=owner_id,
                model_name=model_name,
                mlflow_model_name=mlflow_name,
                mlflow_version=mv.version,
                source_uri=source,
                report=report_for(fitted, score, metric=metric),
                mlflow_run_id=run.info.run_id,
                dataset_id=dataset_id,
                dataset_version=1 if dataset_id else None,
                target="label",
                client=client,
                paired=paired,
            )
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def mlflow_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One MLflow tracking DB for the module (creating one costs seconds)."""
    return tmp_path_factory.mktemp("mlflow")


def user_id(client: TestClient, user: SignedIn) -> str:
    r = client.get("/api/v1/users/me", headers=user.headers)
    assert r.status_code == 200, r.text
    value: str = r.json()["id"]
    return value
