"""Request and response bodies of the datasets API."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from csv_analyzer.datasets.cleaning.operations import Operation
from csv_analyzer.datasets.ingest.units import ColumnUnit
from csv_analyzer.datasets.types import SemanticType
from csv_analyzer.json_types import JsonObject

DatasetName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class StrictBody(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ColumnSummary(BaseModel):
    name: str
    type: SemanticType
    missing: int
    unit: ColumnUnit | None = Field(
        None, description="The currency or percent sign the file wrote around this column's numbers"
    )


class DatasetVersionRead(BaseModel):
    """One immutable version: its shape, column types and the operations that made it."""

    id: str
    number: int
    parent_number: int | None
    origin: str = Field(description="upload | operations | restore")
    rows: int
    columns: int
    column_types: dict[str, SemanticType]
    columns_summary: list[ColumnSummary]
    operations: list[JsonObject]
    ingest_report: JsonObject | None
    cleaning_report: JsonObject | None
    created_by: str | None
    created_at: datetime
    is_current: bool


class DatasetRead(BaseModel):
    """A dataset as listed: the current version's shape and how many versions exist."""

    id: str
    name: str
    original_filename: str
    size_bytes: int = Field(description="Size of the CSV file as uploaded")
    current_version: int
    versions_count: int
    rows: int
    columns: int
    created_at: datetime
    updated_at: datetime


class DatasetDetail(DatasetRead):
    """A dataset with its current version in full."""

    version: DatasetVersionRead


class DatasetPage(BaseModel):
    items: list[DatasetRead]
    total: int
    offset: int
    limit: int


class DatasetUpdate(StrictBody):
    name: DatasetName


class VersionCreate(StrictBody):
    """Operations applied in order to `base_version` (default: the current one).

    Type overrides are `cast_column` operations: `{"op": "cast_column", "column": "zip",
    "to": "text"}`.
    """

    base_version: int | None = Field(default=None, ge=1)
    operations: list[Operation] = Field(min_length=1, max_length=100)


class RestoreRequest(StrictBody):
    version: int = Field(ge=1)


class ColumnHeader(BaseModel):
    name: str
    type: SemanticType


class RowsPage(BaseModel):
    """One page of rows; each row maps column name to value and carries its stable `__row_id`."""

    version: int
    total: int
    offset: int
    limit: int
    columns: list[ColumnHeader]
    rows: list[JsonObject]


JsonScalar = str | int | float | bool | None


class _Open(BaseModel):
    # The profile is computed by the pure profiling module; fields it adds later pass through.
    model_config = ConfigDict(extra="allow")


class TopValue(BaseModel):
    value: JsonScalar
    count: int


class Histogram(BaseModel):
    edges: list[JsonScalar] = Field(description="bins + 1 edges (numbers, or ISO datetimes)")
    counts: list[int]


class Bars(BaseModel):
    labels: list[JsonScalar]
    counts: list[int]
    other: int


class ColumnProfile(_Open):
    name: str
    semantic_type: SemanticType
    arrow_type: str
    missing: int
    missing_share: float
    distinct: int
    min: JsonScalar = None
    max: JsonScalar = None
    mean: float | None = None
    std: float | None = None
    quantiles: dict[str, float | None] | None = None
    top_values: list[TopValue] = Field(default_factory=list)
    histogram: Histogram | None = None
    bars: Bars | None = None
    outliers_iqr: int | None = None


class MissingColumn(BaseModel):
    name: str
    missing: int
    share: float


class MissingMatrix(BaseModel):
    row_ids: list[int]
    columns: list[str]
    values: list[list[int]] = Field(description="1 = missing, per sampled row and column")


class MissingSummary(BaseModel):
    columns: list[MissingColumn]
    matrix: MissingMatrix


class Correlation(BaseModel):
    columns: list[str]
    matrix: list[list[float | None]]


class ProfileRead(_Open):
    """Per-column statistics and chart data of one version, plus missing values and correlations."""

    version: int
    rows: int
    columns: int = Field(description="All columns of the version (the page may hold fewer)")
    columns_offset: int = Field(description="Index of the first column on this page")
    columns_limit: int = Field(description="Most columns a page holds")
    duplicate_rows: int
    memory_bytes: int = Field(description="Size of the version's data in memory (Arrow)")
    file_bytes: int = Field(
        description="Size of the version's stored Parquet file (compressed), not the uploaded CSV"
    )
    column_profiles: list[ColumnProfile] = Field(description="This page's columns, in file order")
    missing: MissingSummary = Field(description="Missing values of this page's columns")
    correlation: Correlation = Field(
        description="Between the first numeric columns of the version (at most 50)"
    )


class SuggestionRead(BaseModel):
    """A suggested cleaning step: why (with evidence) and the operation to apply as is."""

    column: str | None
    kind: str
    severity: str = Field(description="high | medium | low")
    reason: str
    evidence: str = Field(description="The measured fact behind the suggestion, without advice")
    impact: float = Field(description="Share of the rows (or values) the problem touches, 0-1")
    operation: Operation


class SuggestionList(BaseModel):
    version: int
    items: list[SuggestionRead] = Field(description="Most useful first: severity, then impact")
    protected_columns: list[str] = Field(
        default_factory=list,
        description="Targets of the user's trained models on this dataset: never suggested",
    )


UploadStatus = Literal["receiving", "ingesting", "succeeded", "failed"]
UploadPhase = Literal["receiving", "read", "reread", "analyze", "store", "done"]


class UploadError(BaseModel):
    code: str
    message: str


class UploadRead(BaseModel):
    """How far one upload is: bytes received, then the CSV being read, then its dataset."""

    id: str
    status: UploadStatus
    phase: UploadPhase = Field(
        description=(
            "receiving (the body), read (parsing and typing the rows), reread (a second pass "
            "when a column's type changed late in the file), analyze, store, done"
        )
    )
    phase_fraction: float = Field(ge=0, le=1, description="Share of the current phase done")
    fraction: float = Field(ge=0, le=1, description="Share of the whole upload done")
    filename: str
    bytes_received: int
    bytes_total: int | None = Field(description="The request's Content-Length, when it sent one")
    dataset_id: str | None = Field(description="The dataset it became, once it succeeded")
    error: UploadError | None
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class UploadPage(BaseModel):
    items: list[UploadRead]
    total: int
    offset: int
    limit: int
