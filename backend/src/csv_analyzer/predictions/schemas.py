"""Request and response bodies of the prediction API."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csv_analyzer.json_types import JsonObject

Source = Literal["api", "form", "batch"]


class PredictRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    rows: list[Any] = Field(
        description="1 to 10,000 objects of feature name -> value (checked against the schema)"
    )
    source: Literal["api", "form"] = Field(
        default="api", description="form: the web app's prediction form (logged as such)"
    )
    explain: bool = Field(
        default=False, description="Add the top feature contributions of the first row"
    )


class PredictionWarning(BaseModel):
    code: str
    column: str
    count: int
    rows: list[int]
    values: list[Any]


class Contribution(BaseModel):
    feature: str
    value: Any
    reference: Any
    contribution: float


class PredictResponse(BaseModel):
    model_id: str
    model_version: int
    predictions: list[Any]
    probabilities: list[dict[str, float]] | None = None
    warnings: list[PredictionWarning]
    extra_columns: list[str]
    contributions: list[Contribution] | None = None


LOG_PAGE_INPUT_ROWS = 100


class PredictionLogRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    model_version: int
    source: Source
    caller_user_id: str | None
    caller_token_id: str | None
    batch_job_id: str | None
    created_at: datetime
    n_rows: int
    inputs: list[JsonObject] = Field(
        description=f"Up to {LOG_PAGE_INPUT_ROWS} of the logged input rows (the export has all)"
    )
    inputs_truncated: bool = Field(description="True when `inputs` holds fewer rows than `n_rows`")
    outputs: JsonObject
    latency_ms: float
    warnings: list[JsonObject]

    @model_validator(mode="after")
    def _page_sized(self) -> PredictionLogRead:
        """A batch entry keeps a 10,000-row sample for drift; a log page shows its first rows."""
        if len(self.inputs) > LOG_PAGE_INPUT_ROWS:
            self.inputs = self.inputs[:LOG_PAGE_INPUT_ROWS]
            self.outputs = {
                k: v[:LOG_PAGE_INPUT_ROWS] if isinstance(v, list) else v
                for k, v in self.outputs.items()
            }
            self.inputs_truncated = True
        return self


class PredictionLogPage(BaseModel):
    items: list[PredictionLogRead]
    unreadable: int = Field(
        default=0,
        description="Rows of this page left out because they hold text that cannot be encoded",
    )
    total: int
    offset: int
    limit: int


class BatchFromDataset(BaseModel):
    model_config = ConfigDict(extra="forbid")

    dataset_id: str
    dataset_version: int | None = Field(default=None, ge=1, description="None = current")
    version: int | None = Field(default=None, ge=1, description="Model version; None = champion")


class RowProblem(BaseModel):
    """Why a data row that was read got no prediction."""

    row: int = Field(description="0-based data row")
    error: str


class LineProblem(BaseModel):
    """A CSV record that could not be read (e.g. the wrong number of fields)."""

    line: int = Field(description="Line of the file")
    error: str


BatchProblem = RowProblem | LineProblem


class BatchProgress(BaseModel):
    """How far a batch job has got (the worker writes it as it scores)."""

    model_config = ConfigDict(extra="ignore", json_schema_serialization_defaults_required=True)

    fraction: float = Field(default=0.0, description="Share of the input scored (0..1)")
    rows: int | None = Field(default=None, description="Records read so far")
    step: str | None = Field(default=None, description="The job's final state once it has ended")


class BatchJobRead(BaseModel):
    # Answers carry every field, so the generated client marks them present.
    model_config = ConfigDict(json_schema_serialization_defaults_required=True)

    id: str
    model_id: str
    model_version: int
    status: Literal["queued", "running", "succeeded", "failed", "cancelled"]
    progress: BatchProgress
    error: str | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    rows_total: int | None = Field(
        default=None, description="Records read from the input (once it has finished)"
    )
    rows_scored: int | None = Field(default=None, description="Records that got a prediction")
    rows_failed: int | None = Field(
        default=None,
        description="Records without a prediction: wrong values, missing required features, or "
        "(CSV input) the wrong number of fields",
    )
    rows: int | None = Field(default=None, deprecated=True, description="Same as rows_total")
    summary: str | None = Field(
        default=None, description='"N of M rows scored", once the job has finished'
    )
    problems: list[BatchProblem] = Field(
        default_factory=list,
        description="First problems: {row, error} for a data row (0-based), {line, error} for a "
        "CSV record that could not be read",
    )
    warnings: list[PredictionWarning] = Field(default_factory=list)
    notes: list[str] = Field(
        default_factory=list, description="How the file was read (renamed headers, encoding)"
    )
    download_url: str | None = None


class BatchJobPage(BaseModel):
    items: list[BatchJobRead]
    total: int
    offset: int
    limit: int
