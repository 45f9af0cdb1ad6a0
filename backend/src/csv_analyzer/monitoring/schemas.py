"""Response and request bodies of the monitoring API: drift, usage and retraining schedules."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DriftStatus = Literal["ok", "warning", "drift", "insufficient_data"]


class DriftBucket(BaseModel):
    bucket: str = Field(
        description="Bin (`[a, b)`, `< a`, `>= b`), category, __other__ or __missing__"
    )
    reference: float = Field(description="Share of training rows in the bucket")
    current: float = Field(description="Share of recent prediction rows in the bucket")


class FeatureDriftRead(BaseModel):
    name: str
    kind: Literal["numeric", "categorical"]
    status: DriftStatus
    psi: float | None = Field(description="Population Stability Index; decides the status")
    js_distance: float | None = Field(description="Jensen-Shannon distance (base 2, 0..1)")
    ks_statistic: float | None = Field(default=None, description="Numeric features only")
    ks_pvalue: float | None = Field(
        default=None, description="Informational: tiny on large samples even for trivial shifts"
    )
    n_reference: int
    n_current: int
    missing_share_reference: float
    missing_share_current: float
    chart: list[DriftBucket]


class DriftThresholdsRead(BaseModel):
    warning_psi: float
    alert_psi: float
    min_samples: int


class DriftWindow(BaseModel):
    since: datetime | None = Field(description="Start of the time window (None with `last_n`)")
    until: datetime
    last_n: int | None = Field(description="Set when the last N prediction rows were used")


class DriftRead(BaseModel):
    """Drift of a model version's recent inputs against its training data."""

    model_id: str
    model_name: str
    model_version: int
    computed_at: datetime
    window: DriftWindow
    status: DriftStatus = Field(description="The worst feature status")
    drifted_share: float = Field(description="Share of features whose status is `drift`")
    n_reference: int
    n_current: int = Field(description="Rows of the uniform sample the comparison used")
    n_scored: int = Field(description="Rows the version scored in the window (every row counted)")
    thresholds: DriftThresholdsRead
    features: list[FeatureDriftRead] = Field(description="Most drifted first")
    prediction: FeatureDriftRead | None = Field(
        description="Shift of the predictions' distribution (not part of the status)"
    )
    skipped: list[str] = Field(description="Features not profiled (dates, free text)")
    reference_source: Literal["training", "backfill"]


class UsageBucket(BaseModel):
    start: datetime
    requests: int
    rows: int
    latency_ms_p50: float | None
    latency_ms_p95: float | None
    latency_ms_max: float | None


class UsageRead(BaseModel):
    """Prediction traffic and latency of a model over time, from the prediction log."""

    model_id: str
    since: datetime
    until: datetime
    bucket_seconds: int
    requests: int
    rows: int
    latency_ms_p50: float | None
    latency_ms_p95: float | None
    by_version: dict[str, int] = Field(description="Requests per model version")
    by_source: dict[str, int] = Field(description="Requests per source (api, form, batch)")
    series: list[UsageBucket]


class ScheduleUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cadence: str = Field(
        min_length=1,
        max_length=100,
        description="`daily` (03:00 UTC), `weekly` (Monday 03:00 UTC) or a cron expression in UTC",
        examples=["daily", "0 2 * * 1-5"],
    )
    enabled: bool = True


class RetrainOutcome(BaseModel):
    """The last scheduled retraining: queued, skipped or failed to start, then the job's end."""

    model_config = ConfigDict(extra="ignore", json_schema_serialization_defaults_required=True)

    status: str = Field(description="queued, running, succeeded, failed, cancelled or skipped")
    job_id: str | None = None
    dataset_version: int | None = None
    model_version: int | None = None
    gate_decision: str | None = None
    gate_reason: str | None = None
    error: str | None = None
    code: str | None = None
    started_at: str | None = Field(default=None, description="ISO time the run was started")
    finished_at: str | None = None


class ScheduleRead(BaseModel):
    """A model's retraining schedule and what its last run did."""

    model_config = ConfigDict(from_attributes=True)

    model_id: str
    cadence: str
    enabled: bool
    next_run_at: datetime | None
    last_run_at: datetime | None
    last_outcome: RetrainOutcome | None = Field(
        description="What the last scheduled run did: its job, the version and the gate's word"
    )
    created_at: datetime
    updated_at: datetime
