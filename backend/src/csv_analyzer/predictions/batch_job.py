"""The "predictions.batch" job's typed boundary: what it scores (`BatchSpec`, the payload the API
writes and the worker reads back) and what it found (`BatchResult`, the result the worker writes
and the API reads back)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csv_analyzer.predictions.schemas import BatchProblem, PredictionWarning


class _Spec(BaseModel):
    # Keys a newer release adds are ignored, so a worker of this release reads its payloads.
    model_config = ConfigDict(extra="ignore")


class UploadInput(_Spec):
    """A CSV uploaded with the request, stored under `key` before the job is queued."""

    kind: Literal["upload"] = "upload"
    filename: str
    key: str | None = Field(default=None, description="Storage key; set once the file is stored")


class DatasetInput(_Spec):
    """A version of one of the user's datasets."""

    kind: Literal["dataset"] = "dataset"
    dataset_id: str
    dataset_version: int
    version_id: str


class BatchSpec(_Spec):
    model_id: str
    model_version: int
    input: Annotated[UploadInput | DatasetInput, Field(discriminator="kind")]


class BatchResult(_Spec):
    """What scoring the input found; kept on failed jobs too (the counts say what went wrong)."""

    rows_total: int | None = Field(default=None, description="Records read from the input")
    rows_scored: int | None = None
    rows_failed: int | None = None
    rows: int | None = Field(default=None, description="Same as rows_total (the older name)")
    problems: list[BatchProblem] = Field(default_factory=list)
    warnings: list[PredictionWarning] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    output_key: str | None = None
    seconds: float | None = None

    @model_validator(mode="after")
    def _counts_of_every_release(self) -> BatchResult:
        """Results written before `rows_total` existed carry only `rows` and `rows_failed`."""
        if self.rows_total is None:
            self.rows_total = self.rows
        if self.rows is None:
            self.rows = self.rows_total
        if self.rows_scored is None and None not in (self.rows_total, self.rows_failed):
            self.rows_scored = (self.rows_total or 0) - (self.rows_failed or 0)
        return self

    @property
    def summary(self) -> str | None:
        """ "N of M rows scored", when the counts are known."""
        if self.rows_total is None or self.rows_scored is None:
            return None
        return f"{self.rows_scored:,} of {self.rows_total:,} rows scored"
