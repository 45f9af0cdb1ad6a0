"""Response and request bodies of the registry API."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csv_analyzer.json_types import JsonValue
from csv_analyzer.registry.gate import GateDecision
from csv_analyzer.training.automl.contracts import FeatureSpec
from csv_analyzer.training.report import (
    FeatureImportance,
    HoldoutMetrics,
    ModelPlots,
    RunSummary,
)

AliasName = Literal["champion", "challenger"]


class ModelRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    mlflow_name: str
    task: str
    metric: str
    greater_is_better: bool
    champion_version: int | None
    challenger_version: int | None
    latest_version: int
    versions_count: int
    created_at: datetime
    updated_at: datetime


class ModelPage(BaseModel):
    items: list[ModelRead]
    total: int
    offset: int
    limit: int


class ModelVersionSummary(BaseModel):
    """A version as listed in its model: links, headline metrics, schema, URIs and aliases."""

    model_config = ConfigDict(from_attributes=True)

    version: int
    aliases: list[AliasName]
    created_at: datetime
    training_job_id: str | None
    dataset_id: str | None
    dataset_version: int | None
    target: str | None
    task: str
    metric: str
    greater_is_better: bool
    holdout_score: float | None
    holdout_metrics: HoldoutMetrics
    baseline_metrics: HoldoutMetrics = Field(description="The naive baseline on the same rows")
    feature_schema: list[FeatureSpec]
    gate: GateDecision
    mlflow_run_id: str | None
    model_uri: str
    source_uri: str


class ModelVersionRead(ModelVersionSummary):
    """One version in full: everything above plus plots data, importances and the run summary."""

    feature_importances: list[FeatureImportance]
    plots: ModelPlots
    classes: list[JsonValue] | None
    summary: RunSummary
    serving_path: Literal["compiled", "pandas"] | None = Field(
        default=None,
        description="How single-row predictions are served: the verified compiled path or the "
        "pandas pipeline; null when the model could not be loaded.",
    )
    serving_trees: Literal["treelite", "python"] | None = Field(
        default=None,
        description="How the compiled path runs its tree models: 'treelite' (Treelite's native "
        "predictor, every tree in one call) or 'python' (the library walks its trees one by "
        "one); null when the model has no tree model or the pandas path serves.",
    )
    serving_reason: str | None = Field(
        default=None,
        description="Why the compiled path is off, or why its trees do not run in Treelite "
        "(null when neither).",
    )


class AliasEventRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    alias: str
    from_version: int | None
    to_version: int | None
    actor_id: str | None
    reason: str
    created_at: datetime


class ModelDetail(ModelRead):
    versions: list[ModelVersionSummary]
    alias_history: list[AliasEventRead]


class AliasUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1)
    reason: str = Field(default="", max_length=500)
