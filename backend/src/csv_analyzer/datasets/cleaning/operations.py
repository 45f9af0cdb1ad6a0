"""Cleaning operations: a pydantic discriminated union on the field ``op``.

Operations are data (stored with each dataset version, shown in its history, replayed by
:func:`csv_analyzer.datasets.cleaning.apply.apply_operations`), so they validate their own shape here
and are validated against a dataset's columns and types by the cleaning module.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from csv_analyzer.datasets.browse.filters import Filter
from csv_analyzer.datasets.types import SemanticType


class _Op(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DropRows(_Op):
    """Remove rows by their ``__row_id``."""

    op: Literal["drop_rows"] = "drop_rows"
    row_ids: list[int] = Field(min_length=1, max_length=100_000)


class FilterRows(_Op):
    """Keep (``keep=True``) or remove the rows matching all filters."""

    op: Literal["filter_rows"] = "filter_rows"
    filters: list[Filter] = Field(min_length=1)
    keep: bool = True


class DropColumns(_Op):
    """Remove columns."""

    op: Literal["drop_columns"] = "drop_columns"
    columns: list[str] = Field(min_length=1)


class RenameColumn(_Op):
    """Rename one column; the new name must be unused (case-insensitively)."""

    op: Literal["rename_column"] = "rename_column"
    column: str
    new_name: str = Field(min_length=1, max_length=200)


class CastColumn(_Op):
    """Change a column's semantic type, converting values (fails listing values that do not fit)."""

    op: Literal["cast_column"] = "cast_column"
    column: str
    to: SemanticType


class ImputeStrategy(StrEnum):
    """How missing values are filled."""

    MEAN = "mean"
    MEDIAN = "median"
    MOST_FREQUENT = "most_frequent"
    CONSTANT = "constant"


class Impute(_Op):
    """Fill missing values of one column."""

    op: Literal["impute"] = "impute"
    column: str
    strategy: ImputeStrategy
    value: str | int | float | bool | None = None

    @model_validator(mode="after")
    def _constant_needs_value(self) -> Impute:
        if self.strategy == ImputeStrategy.CONSTANT and self.value is None:
            raise ValueError("strategy 'constant' needs a value")
        return self


class DropMissing(_Op):
    """Remove rows with a missing value in any/all of ``columns`` (default: every column)."""

    op: Literal["drop_missing"] = "drop_missing"
    columns: list[str] | None = None
    how: Literal["any", "all"] = "any"


class DropDuplicates(_Op):
    """Keep the first row (lowest ``__row_id``) of each group of identical rows."""

    op: Literal["drop_duplicates"] = "drop_duplicates"
    columns: list[str] | None = None


class ClipOutliers(_Op):
    """Clip a numeric column to [q1 - k*IQR, q3 + k*IQR] or to [lower_q, upper_q] quantiles."""

    op: Literal["clip_outliers"] = "clip_outliers"
    column: str
    method: Literal["iqr", "quantile"] = "iqr"
    k: float = Field(default=1.5, gt=0)
    lower_q: float = Field(default=0.01, ge=0, le=1)
    upper_q: float = Field(default=0.99, ge=0, le=1)

    @model_validator(mode="after")
    def _ordered_quantiles(self) -> ClipOutliers:
        if self.lower_q >= self.upper_q:
            raise ValueError("lower_q must be below upper_q")
        return self


class NormalizeText(_Op):
    """Trim whitespace and/or change the case of a text column."""

    op: Literal["normalize_text"] = "normalize_text"
    column: str
    trim: bool = True
    case: Literal["lower", "upper", "title", "none"] = "none"


Operation = Annotated[
    DropRows
    | FilterRows
    | DropColumns
    | RenameColumn
    | CastColumn
    | Impute
    | DropMissing
    | DropDuplicates
    | ClipOutliers
    | NormalizeText,
    Field(discriminator="op"),
]
"""Any cleaning operation; JSON ``{"op": "impute", "column": "age", "strategy": "median"}``."""

OPERATIONS_ADAPTER: TypeAdapter[list[Operation]] = TypeAdapter(list[Operation])
"""Validates a JSON list of operations (``OPERATIONS_ADAPTER.validate_python(data)``)."""
