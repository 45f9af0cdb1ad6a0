"""Data classes exchanged with the engine's callers: configuration, progress, result.

Everything except ``AutoMLResult.pipeline`` is plain data; ``AutoMLResult.to_dict()`` gives the
JSON-ready part (for the job row, MLflow tags and the registry) without the fitted pipeline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer
from pydantic import JsonValue as PydanticJsonValue
from sklearn.pipeline import Pipeline

TaskName = Literal["classification", "regression"]
JSONValue = Any  # values are str/int/float/bool/None or lists/dicts of those
MIN_TIME_BUDGET_S = 1.0  # the API enforces 10 s for users; tests run the engine with a few seconds
MAX_TIME_BUDGET_S = 3600.0


@dataclass(frozen=True)
class AutoMLConfig:
    """What to train.

    Attributes:
        target: Name of the target column.
        task: ``"auto"`` (detect), ``"classification"`` or ``"regression"``.
        features: Columns to use; ``None`` means every column except the target.
        column_types: Optional semantic type per column (numeric, integer, boolean, categorical,
            datetime, text, identifier); columns without a hint are inferred from their dtype.
        algorithms: Algorithm names to try; ``None`` means the automatic portfolio.
        hyperparameters: Fixed hyperparameters per algorithm name; they override the defaults and
            are excluded from the search.
        time_budget_s: Wall-clock budget for the whole run (search, refit, evaluation).
        metric: Optimisation metric; ``None`` picks the task default.
        folds: Cross-validation folds (reduced automatically on large data).
        holdout_share: Share of rows kept out of the search for the final evaluation.
        seed: Seed for splits, samplers and models.
        refit_full: Refit the final model on training + holdout rows after evaluating it. Off by
            default so the reported holdout metrics describe exactly the shipped model.
    """

    target: str
    task: Literal["auto", "classification", "regression"] = "auto"
    features: Sequence[str] | None = None
    column_types: Mapping[str, str] | None = None
    algorithms: Sequence[str] | None = None
    hyperparameters: Mapping[str, Mapping[str, Any]] | None = None
    time_budget_s: float = 60.0
    metric: str | None = None
    folds: int = 5
    holdout_share: float = 0.2
    seed: int = 0
    refit_full: bool = False


@dataclass
class LeaderboardRow:
    """One evaluated candidate: an algorithm with a hyperparameter configuration."""

    trial_id: int
    algorithm: str
    params: dict[str, JSONValue]
    source: Literal["default", "search"]
    status: Literal["ok", "pruned", "failed", "timeout"]
    cv_mean: float | None = None
    cv_std: float | None = None
    fit_time_s: float = 0.0
    predict_time_s: float = 0.0
    error: str | None = None

    def to_dict(self) -> dict[str, JSONValue]:
        """Return the row as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class ProgressUpdate:
    """Sent to ``on_progress`` after every trial and at each phase change.

    Attributes:
        fraction: Share of the time budget used so far (0..1, capped).
        trials_done: Trials finished (any status).
        best_score: Best cross-validated metric value so far, in the metric's own units.
        step: Current phase (``defaults``, ``search``, ``ensemble``, ``refit``, ``evaluation``).
        row: The leaderboard row of the trial that just finished, if any.
    """

    fraction: float
    trials_done: int
    best_score: float | None
    step: str
    row: LeaderboardRow | None = None


@dataclass
class AutoMLResult:
    """Everything a run produced. ``pipeline`` predicts original labels from raw rows."""

    pipeline: Pipeline
    task: TaskName
    task_explanation: str
    metric: str
    greater_is_better: bool
    leaderboard: list[LeaderboardRow]
    best_trial: LeaderboardRow
    ensemble_used: bool
    ensemble_members: list[dict[str, JSONValue]]
    cv_score: float
    holdout_metrics: dict[str, JSONValue]
    baseline_metrics: dict[str, JSONValue]
    plots: dict[str, JSONValue]
    feature_importances: list[dict[str, JSONValue]]
    feature_schema: list[dict[str, JSONValue]]
    dropped_columns: list[dict[str, str]]
    classes: list[JSONValue] | None
    rows: dict[str, int]
    timings: dict[str, float]
    library_versions: dict[str, str]
    config: dict[str, JSONValue] = field(default_factory=dict)
    # The holdout rows (raw features) and their targets (original labels), for comparing this
    # model with another one on the same rows. Not part of `to_dict()`.
    holdout_X: pd.DataFrame | None = field(default=None, repr=False)
    holdout_y: np.ndarray | None = field(default=None, repr=False)

    @property
    def label_classes(self) -> list[JSONValue] | None:
        """Original class labels in the column order of ``predict_proba`` (None for regression)."""
        return self.classes

    def to_dict(self) -> dict[str, JSONValue]:
        """Return every field except the fitted pipeline as JSON-ready data."""
        skip = {"pipeline", "holdout_X", "holdout_y"}
        data = {k: v for k, v in self.__dict__.items() if k not in skip}
        data["leaderboard"] = [row.to_dict() for row in self.leaderboard]
        data["best_trial"] = self.best_trial.to_dict()
        return data


# Step names of the shipped pipeline, read by serving to find its parts:
# ``PREPARE_STEP`` (column caster) -> ``PREPROCESS_STEP`` (column transformer) -> ``MODEL_STEP``
# for a single model, or ``PREPARE_STEP`` -> ``MODEL_STEP`` (a voting estimator whose members are
# each ``PREPROCESS_STEP`` -> ``MODEL_STEP``) for an ensemble.
PREPARE_STEP = "prepare"
PREPROCESS_STEP = "preprocess"
MODEL_STEP = "model"


class FeatureSpec(BaseModel):
    """One model input, as training describes it and the registry, serving and the prediction
    form read it (the entries of ``AutoMLResult.feature_schema``).

    Stored schemas of earlier releases read too: every key but ``name`` is optional, and keys a
    newer release adds are kept.
    """

    model_config = ConfigDict(extra="allow")

    name: str
    type: str = Field(
        default="numeric",
        description="numeric, integer, boolean, categorical, datetime or text",
    )
    required: bool = Field(
        default=False, description="No missing value seen in training: the model needs it"
    )
    missing_share: float | None = Field(default=None, description="Share missing in training")
    example: PydanticJsonValue = None
    categories: list[PydanticJsonValue] | None = Field(
        default=None, description="Levels seen in training, most frequent first (capped)"
    )
    min: float | str | None = Field(default=None, description="Numbers; ISO text for dates")
    max: float | str | None = None
    median: float | None = None

    # No return annotation on purpose: pydantic then keeps the typed schema in OpenAPI.
    @model_serializer(mode="wrap")
    def _as_stored(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        """Only the keys the entry has: a numeric column gains no ``categories: null``, so the
        API answers the schema exactly as training stored it."""
        data = handler(self)
        known = type(self).model_fields
        return {k: v for k, v in data.items() if k in self.model_fields_set or k not in known}
