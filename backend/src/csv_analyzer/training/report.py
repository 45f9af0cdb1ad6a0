"""The typed shape of what a finished training run reports, shared by the job result, the
registry's stored versions and the API.

The worker validates the engine's report into `RunReport` before it stores it, the registry copies
its parts into the version row, and the API reads them back through the same models — so the
OpenAPI document (and the SPA's generated client) carries the real shapes instead of free JSON.

Stored reports of earlier releases read too: every part a release might not have written has a
default, and unknown keys are ignored.
"""

from __future__ import annotations

from typing import Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationError,
    ValidationInfo,
    ValidatorFunctionWrapHandler,
    field_validator,
)

from csv_analyzer.training.automl.contracts import FeatureSpec


class _Lenient(BaseModel):
    """Reads stored JSON of any release: unknown keys are ignored. Answers always carry every
    field (a default is filled in), so the OpenAPI document marks them required in responses."""

    model_config = ConfigDict(extra="ignore", json_schema_serialization_defaults_required=True)


class _Salvaging(_Lenient):
    """A stored part whose every field has a default: a field an earlier release wrote in
    another shape reads as missing (the chart is not drawn) instead of failing the whole page."""

    @field_validator("*", mode="wrap")
    @classmethod
    def _missing_when_unreadable(
        cls, value: object, handler: ValidatorFunctionWrapHandler, info: ValidationInfo
    ) -> object:
        try:
            return handler(value)
        except ValidationError:
            if info.field_name is None:
                raise
            return cls.model_fields[info.field_name].get_default(call_default_factory=True)


class ClassReport(_Lenient):
    label: str
    precision: float
    recall: float
    f1: float
    support: int


class HoldoutMetrics(_Salvaging):
    """Every metric measured on the holdout (or of the naive baseline on it).

    Classification fills the classification fields, regression the regression ones; a metric that
    cannot be computed (ROC AUC on a one-class holdout, MAPE when every true value is 0) is null.
    """

    accuracy: float | None = None
    balanced_accuracy: float | None = None
    log_loss: float | None = None
    roc_auc: float | None = None
    precision_macro: float | None = None
    recall_macro: float | None = None
    f1_macro: float | None = None
    per_class: list[ClassReport] | None = Field(
        default=None, description="Precision, recall and F1 per class (classification)"
    )
    confusion_matrix: list[list[int]] | None = Field(
        default=None, description="Rows are actual classes, columns predicted (classification)"
    )
    mae: float | None = None
    mse: float | None = None
    rmse: float | None = None
    r2: float | None = None
    mape: float | None = None

    def value(self, metric: str) -> float | None:
        """The value of a scalar metric by name (None when it is not a measured number)."""
        found = getattr(self, metric, None) if metric in type(self).model_fields else None
        return float(found) if isinstance(found, int | float) else None


class RocCurve(_Lenient):
    label: str = Field(description="The positive class (one curve per class when multiclass)")
    fpr: list[float]
    tpr: list[float]


class PrCurve(_Lenient):
    label: str
    recall: list[float]
    precision: list[float]


class ConfusionMatrix(_Lenient):
    labels: list[str]
    matrix: list[list[int]] = Field(description="Rows are actual classes, columns predicted")


class PredictedVsActual(_Lenient):
    actual: list[float]
    predicted: list[float]


class Residuals(_Lenient):
    predicted: list[float]
    residual: list[float]


class FeatureImportance(_Lenient):
    feature: str
    importance: float | None = Field(
        description="Mean drop of the metric when the column is shuffled; null when the time "
        "share ran out before this column was measured"
    )
    std: float | None = None


class ImportanceCoverage(_Lenient):
    computed: int = Field(description="Features measured")
    total: int = Field(description="Features the model uses")
    complete: bool
    rows: int | None = Field(default=None, description="Holdout rows measured on")
    repeats: int | None = None
    seconds: float | None = None
    summary: str = Field(description='"all 12 features measured" or "9 of 12 features measured"')


class ModelPlots(_Salvaging):
    """The data behind the report's charts (sampled: curves ≤ 200 points, scatters ≤ 1,000)."""

    roc_curve: list[RocCurve] = Field(default_factory=list)
    pr_curve: list[PrCurve] = Field(default_factory=list)
    confusion_matrix: ConfusionMatrix | None = None
    predicted_vs_actual: PredictedVsActual | None = None
    residuals: Residuals | None = None
    feature_importance_coverage: ImportanceCoverage | None = None


class LeaderboardEntry(_Lenient):
    trial_id: int
    algorithm: str
    params: dict[str, JsonValue]
    source: str = Field(description="default (a portfolio default) or search")
    status: str = Field(description="ok, pruned, failed or timeout")
    cv_mean: float | None
    cv_std: float | None
    fit_time_s: float
    predict_time_s: float
    error: str | None


class EnsembleMember(_Lenient):
    trial_id: int
    algorithm: str
    weight: float


class DroppedColumn(_Lenient):
    name: str
    reason: str


class RowCounts(_Lenient):
    input: int = Field(description="Rows in the dataset version")
    missing_target_dropped: int = 0
    train: int
    holdout: int
    search: int | None = Field(default=None, description="Rows the search cross-validated on")
    folds: int | None = None
    cv_repeats: int | None = Field(
        default=None, description="Times the folds were drawn anew (3 on small data)"
    )


class RunSummary(_Salvaging):
    """How a version was found: the search, the ensemble, the rows and the time it took."""

    task_explanation: str | None = None
    best_trial: LeaderboardEntry | None = None
    ensemble_used: bool = False
    ensemble_members: list[EnsembleMember] = Field(default_factory=list)
    cv_score: float | None = None
    dropped_columns: list[DroppedColumn] = Field(default_factory=list)
    rows: RowCounts | None = None
    timings: dict[str, float] = Field(default_factory=dict)
    library_versions: dict[str, str] = Field(default_factory=dict)
    config: dict[str, JsonValue] = Field(
        default_factory=dict, description="The engine configuration the run used"
    )


Task = Literal["classification", "regression"]


class RunReport(_Lenient):
    """What the engine reports for a finished run (`AutoMLResult.to_dict()`, validated)."""

    task: Task
    task_explanation: str
    metric: str
    greater_is_better: bool
    cv_score: float | None
    leaderboard: list[LeaderboardEntry]
    best_trial: LeaderboardEntry
    ensemble_used: bool
    ensemble_members: list[EnsembleMember]
    holdout_metrics: HoldoutMetrics
    baseline_metrics: HoldoutMetrics
    plots: ModelPlots
    feature_importances: list[FeatureImportance] = Field(
        description="Every feature the model uses, most important first"
    )
    feature_schema: list[FeatureSpec]
    dropped_columns: list[DroppedColumn]
    classes: list[JsonValue] | None
    rows: RowCounts
    timings: dict[str, float]
    library_versions: dict[str, str]
    config: dict[str, JsonValue] = Field(default_factory=dict)

    def summary(self) -> RunSummary:
        """The parts the registry keeps as the version's run summary."""
        return RunSummary.model_validate(self.model_dump(include=set(RunSummary.model_fields)))
