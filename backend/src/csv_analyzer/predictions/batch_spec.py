"""What a "predictions.batch" job scores: the model version and its input, as the API writes the
job's payload and the worker reads it back (`BatchSpec.model_validate`)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


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
