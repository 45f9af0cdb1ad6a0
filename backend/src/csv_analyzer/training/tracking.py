"""MLflow for training: the only module of the feature that imports MLflow.

Tracking and registry URIs are always set explicitly from the settings (embedded: its own SQLite
file, never our database; artifacts under `var/mlartifacts`). Runs are started with an explicit
`experiment_id` so the logged model lands in the right experiment. Called in worker processes
only: the fluent API is thread-local and must not run in request handlers.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pandas as pd
from pydantic import BaseModel

from csv_analyzer.config import Settings
from csv_analyzer.json_types import JsonValue
from csv_analyzer.training.automl.contracts import FeatureSpec
from csv_analyzer.training.report import RunReport

if TYPE_CHECKING:
    from csv_analyzer.training.automl import AutoMLResult

EXPERIMENT_PREFIX = "csv-analyzer/"
ARTIFACT_FILES = ("leaderboard", "plots", "feature_importances", "feature_schema", "holdout")


@dataclass(frozen=True)
class RunInfo:
    """Identifies what is being tracked: the job, owner, data and the registered model."""

    job_id: str
    owner_id: str
    model_name: str
    registry_name: str
    dataset_id: str
    dataset_version: int
    dataset_sha256: str
    target: str


@dataclass(frozen=True)
class Registered:
    experiment_id: str
    run_id: str
    model_uri: str
    registry_name: str
    version: int
    source: str


def _client(settings: Settings) -> Any:
    os.environ["MLFLOW_DISABLE_TELEMETRY"] = "true"
    import mlflow
    from mlflow import MlflowClient

    mlflow.set_tracking_uri(settings.resolved_mlflow_tracking_uri)
    mlflow.set_registry_uri(settings.resolved_mlflow_registry_uri)
    return MlflowClient(
        tracking_uri=settings.resolved_mlflow_tracking_uri,
        registry_uri=settings.resolved_mlflow_registry_uri,
    )


def _artifact_location(settings: Settings, name: str) -> str | None:
    """Local artifacts for a database-backed store; a tracking server chooses its own."""
    if settings.resolved_mlflow_tracking_uri.startswith(("http://", "https://", "databricks")):
        return None
    root = settings.mlflow_artifact_root
    root.mkdir(parents=True, exist_ok=True)
    return (root / name.removeprefix(EXPERIMENT_PREFIX)).as_uri()


def ensure_experiment(settings: Settings, client: Any, name: str) -> str:
    """The experiment's id, creating it (race-safe) on first use."""
    from mlflow.exceptions import MlflowException

    found = client.get_experiment_by_name(name)
    if found is not None:
        return str(found.experiment_id)
    try:
        return str(client.create_experiment(name, _artifact_location(settings, name)))
    except MlflowException:
        found = client.get_experiment_by_name(name)
        if found is None:
            raise
        return str(found.experiment_id)


def signature_frame(example: pd.DataFrame, schema: Sequence[FeatureSpec]) -> pd.DataFrame:
    """The input example in the types the signature promises: numbers as float, the rest text.

    The pipeline casts every column itself, so the signature stays permissive: numbers may come
    as integers or floats, dates and categories as strings, and missing columns are allowed.
    """
    out: dict[str, pd.Series] = {}
    for col in schema:
        name, kind = col.name, col.type
        values = example[name]
        if kind in ("numeric", "integer"):
            out[name] = pd.to_numeric(values, errors="coerce").astype("float64")
        elif kind == "boolean" and pd.api.types.is_bool_dtype(values):
            out[name] = values.astype(bool)
        else:
            text = values.map(lambda v: None if pd.isna(v) else str(v))
            out[name] = text.astype(object)
    return pd.DataFrame(out, index=example.index)


def _signature(example: pd.DataFrame, output: Any) -> Any:
    from mlflow.models import infer_signature
    from mlflow.types.schema import ColSpec, Schema

    inferred = infer_signature(example, output)
    inputs = Schema([ColSpec(c.type, c.name, required=False) for c in inferred.inputs.inputs])
    inferred.inputs = inputs
    return inferred


def _flat_metrics(prefix: str, values: BaseModel | None) -> dict[str, float]:
    """The finite number fields of a report part, as MLflow metrics."""
    if values is None:
        return {}
    return {
        f"{prefix}{k}": float(v)
        for k, v in values.model_dump().items()
        if isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
    }


def log_and_register(
    settings: Settings,
    info: RunInfo,
    result: AutoMLResult,
    report: RunReport,
    example: pd.DataFrame,
) -> Registered:
    """Log params, metrics, JSON artifacts and the pipeline; register it as a new version.

    Args:
        settings: Where MLflow lives.
        info: What is being tracked.
        result: The engine's `AutoMLResult` (its `pipeline` is logged).
        report: The run's validated report (parameters, metrics and JSON artifacts).
        example: A few raw training rows (feature columns) for the signature and input example.
    """
    import mlflow
    import mlflow.sklearn

    client = _client(settings)
    experiment_id = ensure_experiment(settings, client, EXPERIMENT_PREFIX + info.registry_name)
    config = report.config
    algorithms = config.get("algorithms")
    example = signature_frame(example, report.feature_schema)
    tags = {
        "csv_analyzer.job_id": info.job_id,
        "csv_analyzer.owner_id": info.owner_id,
        "csv_analyzer.model_name": info.model_name,
        "csv_analyzer.dataset_id": info.dataset_id,
        "csv_analyzer.dataset_version": str(info.dataset_version),
        "csv_analyzer.dataset_sha256": info.dataset_sha256,
    }
    with mlflow.start_run(
        experiment_id=experiment_id, run_name=f"job-{info.job_id[:8]}", tags=tags
    ) as run:
        mlflow.log_params(
            {
                "target": info.target,
                "task": report.task,
                "metric": report.metric,
                "time_budget_s": config.get("time_budget_s"),
                "folds": report.rows.folds,
                "holdout_share": config.get("holdout_share"),
                "seed": config.get("seed"),
                "algorithms": ",".join(
                    str(a) for a in (algorithms if isinstance(algorithms, list) else ["auto"])
                ),
                "best_algorithm": report.best_trial.algorithm,
                "ensemble_used": report.ensemble_used,
                "n_features": len(report.feature_schema),
                "dataset_version": info.dataset_version,
                "dataset_sha256": info.dataset_sha256,
                **{f"lib.{k}": v for k, v in report.library_versions.items()},
            }
        )
        metrics: dict[str, float] = {"trials": float(len(report.leaderboard))}
        if report.cv_score is not None and math.isfinite(report.cv_score):
            metrics[f"cv_{report.metric}"] = report.cv_score
        metrics |= _flat_metrics("holdout_", report.holdout_metrics)
        metrics |= _flat_metrics("baseline_", report.baseline_metrics)
        metrics |= _flat_metrics("rows_", report.rows)
        mlflow.log_metrics(metrics)
        for name, data in _artifacts(report).items():
            # MLflow types the argument as a dict but writes any JSON (a leaderboard is a list).
            mlflow.log_dict(data, f"report/{name}.json")  # type: ignore[arg-type]
        output = result.pipeline.predict(example)
        model = mlflow.sklearn.log_model(
            result.pipeline,
            name="model",
            signature=_signature(example, output),
            input_example=example,
            serialization_format="cloudpickle",  # skops refuses HistGradientBoosting's trees
            pip_requirements=_requirements(report.library_versions),
        )
        run_id = run.info.run_id
    version = mlflow.register_model(
        model.model_uri, info.registry_name, tags={**tags, "csv_analyzer.run_id": run_id}
    )
    client.set_registered_model_tag(info.registry_name, "csv_analyzer.owner_id", info.owner_id)
    client.set_registered_model_tag(info.registry_name, "csv_analyzer.model_name", info.model_name)
    return Registered(
        experiment_id=experiment_id,
        run_id=run_id,
        model_uri=model.model_uri,
        registry_name=info.registry_name,
        version=int(version.version),
        source=str(version.source),
    )


def _artifacts(report: RunReport) -> dict[str, JsonValue]:
    """The report's JSON files logged with the run (`report/<name>.json`)."""
    dumped = report.model_dump(mode="json")
    files: dict[str, JsonValue] = {name: dumped[name] for name in ARTIFACT_FILES[:-1]}
    files["holdout"] = {
        "metric": report.metric,
        "holdout_metrics": dumped["holdout_metrics"],
        "baseline_metrics": dumped["baseline_metrics"],
        "rows": dumped["rows"],
    }
    return files


def _requirements(versions: Mapping[str, str]) -> list[str]:
    """Pinned requirements, given explicitly: inferring them loads the model in a subprocess."""
    import cloudpickle  # type: ignore[import-untyped]

    pins = [f"{lib}=={v}" for lib, v in versions.items() if lib != "python" and v != "unknown"]
    return [*pins, f"cloudpickle=={cloudpickle.__version__}"]
