"""Request and response bodies of the training API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, field_validator

from csv_analyzer.registry.gate import GateDecision
from csv_analyzer.training import limits
from csv_analyzer.training.report import LeaderboardEntry, RunReport

TaskChoice = Literal["auto", "classification", "regression"]
JobState = Literal["queued", "running", "succeeded", "failed", "cancelled"]
ModelName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
ColumnName = Annotated[str, StringConstraints(min_length=1, max_length=500)]


class StrictBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TrainingPreviewRequest(StrictBody):
    dataset_id: str
    dataset_version: int | None = Field(default=None, ge=1, description="None = current version")
    target: ColumnName
    task: TaskChoice = "auto"
    features: list[ColumnName] | None = Field(default=None, min_length=1)

    @field_validator("features")
    @classmethod
    def _features_are_distinct(cls, value: list[str] | None) -> list[str] | None:
        # A repeated name selects a DataFrame, not a column, deep inside the column planner.
        if value is not None and len(set(value)) != len(value):
            raise ValueError("features must not name a column twice")
        return value


class TrainingJobCreate(TrainingPreviewRequest):
    algorithms: list[str] | None = Field(default=None, min_length=1)
    hyperparameters: dict[str, dict[str, JsonValue]] | None = Field(
        default=None, description="Fixed hyperparameters per algorithm, excluded from the search"
    )
    time_budget_s: int = Field(
        default=limits.TIME_BUDGET_DEFAULT_S,
        ge=limits.TIME_BUDGET_MIN_S,
        le=limits.TIME_BUDGET_MAX_S,
    )
    metric: str | None = None
    folds: int = Field(default=limits.FOLDS_DEFAULT, ge=limits.FOLDS_MIN, le=limits.FOLDS_MAX)
    holdout_share: float = Field(
        default=limits.HOLDOUT_SHARE_DEFAULT,
        ge=limits.HOLDOUT_SHARE_MIN,
        le=limits.HOLDOUT_SHARE_MAX,
    )
    seed: int = Field(default=0, ge=0, le=limits.SEED_MAX)
    model_name: ModelName | None = Field(
        default=None, description="Registered model to add a version to; default from the dataset"
    )


class ColumnNote(BaseModel):
    name: str
    reason: str


class ClassCount(BaseModel):
    label: JsonValue
    count: int


class TrainingPreview(BaseModel):
    """What training on this target would do: the task and why, and columns to leave out."""

    dataset_id: str
    dataset_version: int
    target: str
    usable: bool = Field(description="False when the target cannot be learned; see `problem`")
    problem: str | None
    task: Literal["classification", "regression"] | None
    task_explanation: str | None
    rows: int
    missing_target: int
    classes: list[ClassCount] | None = Field(description="Most frequent first, at most 50")
    features: list[str] = Field(description="Columns that would feed the model")
    suggested_exclusions: list[ColumnNote]
    metrics: list[str] = Field(description="Metrics available for the task")
    default_metric: str | None
    algorithms: list[str]


__all__ = ["LeaderboardEntry"]  # re-exported: the live progress lists the same entries


class ProgressPoint(BaseModel):
    elapsed_s: float
    trials_done: int
    best_score: float | None


class TrainingProgress(BaseModel):
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    fraction: float = 0.0
    trials_done: int = 0
    best_score: float | None = None
    step: str | None = None
    message: str | None = None
    history: list[ProgressPoint] = Field(default_factory=list)
    metric: str | None = Field(default=None, description="The metric being optimised, once known")
    greater_is_better: bool | None = Field(default=None, description="The metric's direction")
    leaderboard: list[LeaderboardEntry] = Field(
        default_factory=list,
        description="Finished trials so far, best first (at most 200; empty in job lists)",
    )
    leaderboard_total: int = Field(default=0, description="Trials finished, including dropped")
    trial_counts: dict[str, int] = Field(
        default_factory=dict, description="Finished trials per status (ok, pruned, failed, ...)"
    )


class RegistryEntry(BaseModel):
    """Where a finished run's model landed in the registry and what the gate decided."""

    model_id: str
    version: int
    gate: GateDecision


class TrainingResult(RunReport):
    """What a finished run produced (holdout metrics are on rows the search never saw)."""

    dataset_sha256: str | None = None
    registry: RegistryEntry | None = Field(
        default=None, description="The registry entry: model_id, version and the gate's decision"
    )


class TrainingSpec(BaseModel):
    """What the "training.run" worker reads from the job's payload (``model_validate``).

    The API stored it from a validated `TrainingJobCreate` plus the resolved dataset and model
    names. Keys a newer release adds are ignored; missing optional keys take the request's
    defaults, so payloads written by earlier releases still read.
    """

    model_config = ConfigDict(extra="ignore", json_schema_serialization_defaults_required=True)

    target: ColumnName
    task: TaskChoice = "auto"
    features: list[ColumnName] | None = None
    algorithms: list[str] | None = None
    hyperparameters: dict[str, dict[str, JsonValue]] | None = None
    time_budget_s: float = Field(
        default=limits.TIME_BUDGET_DEFAULT_S, gt=0, le=limits.TIME_BUDGET_MAX_S
    )
    metric: str | None = None
    folds: int = Field(default=limits.FOLDS_DEFAULT, ge=limits.FOLDS_MIN, le=limits.FOLDS_MAX)
    holdout_share: float = Field(
        default=limits.HOLDOUT_SHARE_DEFAULT,
        ge=limits.HOLDOUT_SHARE_MIN,
        le=limits.HOLDOUT_SHARE_MAX,
    )
    seed: int = Field(default=0, ge=0, le=limits.SEED_MAX)
    dataset_id: str | None = None
    dataset_version: int | None = None
    dataset_version_id: str | None = None
    model_name: str | None = None
    mlflow_model_name: str | None = None


class TrainingJobSummary(BaseModel):
    id: str
    status: JobState
    dataset_id: str | None
    dataset_version: int
    target: str
    task: TaskChoice
    model_name: str
    model_version: int | None
    progress: TrainingProgress
    error: str | None
    cancel_requested: bool
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    duration_s: float | None


class TrainingJobRead(TrainingJobSummary):
    """A training job with its configuration and, once succeeded, its full result."""

    config: TrainingSpec = Field(
        description="What the job was asked to train (as the worker reads it)"
    )
    registered_model_name: str = Field(description="The model's name in the MLflow registry")
    mlflow_experiment_id: str | None
    mlflow_run_id: str | None
    mlflow_run_url: str | None = Field(
        default=None, description="The run in the MLflow UI (only when MLFLOW_UI_URL is set)"
    )
    result: TrainingResult | None


class TrainingJobPage(BaseModel):
    items: list[TrainingJobSummary]
    total: int
    offset: int
    limit: int


class IntRange(BaseModel):
    min: int
    max: int
    default: int


class FloatRange(BaseModel):
    min: float
    max: float
    default: float


class MetricOption(BaseModel):
    name: str
    label: str = Field(description="How the metric is named for people")
    greater_is_better: bool
    explanation: str = Field(description="One plain sentence: what it measures")
    task: Literal["classification", "regression"] | None = Field(
        description="The task it can be optimised for; None for report-only metrics"
    )


class TrainingOptions(BaseModel):
    """The training request's limits and the metrics' metadata, from their one home."""

    time_budget_s: IntRange
    folds: IntRange
    holdout_share: FloatRange
    metrics: list[MetricOption]
