"""Request and response bodies of the training API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, StringConstraints, field_validator

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
    time_budget_s: int = Field(default=60, ge=10, le=3600)
    metric: str | None = None
    folds: int = Field(default=5, ge=2, le=20)
    holdout_share: float = Field(default=0.2, ge=0.05, le=0.5)
    seed: int = Field(default=0, ge=0, le=2**31 - 1)
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


class ProgressPoint(BaseModel):
    elapsed_s: float
    trials_done: int
    best_score: float | None


class LeaderboardEntry(BaseModel):
    trial_id: int
    algorithm: str
    params: dict[str, JsonValue]
    source: str
    status: str
    cv_mean: float | None
    cv_std: float | None
    fit_time_s: float
    predict_time_s: float
    error: str | None


class TrainingProgress(BaseModel):
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


class TrainingResult(BaseModel):
    """What a finished run produced (holdout metrics are on rows the search never saw)."""

    task: Literal["classification", "regression"]
    task_explanation: str
    metric: str
    greater_is_better: bool
    cv_score: float | None
    leaderboard: list[LeaderboardEntry]
    best_trial: LeaderboardEntry
    ensemble_used: bool
    ensemble_members: list[dict[str, JsonValue]]
    holdout_metrics: dict[str, JsonValue]
    baseline_metrics: dict[str, JsonValue]
    plots: dict[str, JsonValue]
    feature_importances: list[dict[str, JsonValue]]
    feature_schema: list[dict[str, JsonValue]]
    dropped_columns: list[dict[str, str]]
    classes: list[JsonValue] | None
    rows: dict[str, int]
    timings: dict[str, float]
    library_versions: dict[str, str]
    dataset_sha256: str | None = None
    registry: dict[str, JsonValue] | None = Field(
        default=None, description="The registry entry: model_id, version and the gate's decision"
    )


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

    config: dict[str, JsonValue]
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
