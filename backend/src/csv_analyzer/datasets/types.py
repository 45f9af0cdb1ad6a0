"""Semantic column types and the rules that infer them from column statistics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

import pyarrow as pa

ROW_ID = "__row_id"
"""Name of the stable int64 row id column every dataset Parquet file carries (0..n-1 at ingest)."""


class SemanticType(StrEnum):
    """What a column means, which drives profiling, cleaning and model preprocessing."""

    NUMERIC = "numeric"
    INTEGER = "integer"
    BOOLEAN = "boolean"
    CATEGORICAL = "categorical"
    DATETIME = "datetime"
    TEXT = "text"
    IDENTIFIER = "identifier"


NUMBER_TYPES = frozenset({SemanticType.NUMERIC, SemanticType.INTEGER})
STRING_TYPES = frozenset({SemanticType.CATEGORICAL, SemanticType.TEXT, SemanticType.IDENTIFIER})

# Names that make a unique column an identifier even when it is not a 0..n-1 range.
_ID_NAME = re.compile(
    r"(^|[_\s.-])(id|ids|uuid|guid|key|pk|index|idx|rownames|row_?names|row_?id|unnamed: ?0)$"
    r"|(?<=[a-z0-9])(Id|ID)$",
)

CATEGORICAL_MAX_DISTINCT = 1000
"""A string column with more distinct values than this is text (or identifier), never categorical."""


NEAR_UNIQUE_SHARE = 0.95
"""Short strings with at least this share of distinct values are identifiers, whatever the name."""

_CODE_DIGITS = 7


def _fixed_width_code(low: float | None, high: float | None) -> bool:
    """Unique integers that all have the same number of digits (7 or more): parcel, account or
    order numbers. A measured quantity unique per row rarely keeps one width that wide (a
    5-digit income unique over a few hundred rows is a quantity, so shorter widths never count)."""
    if low is None or high is None or low <= 0:
        return False
    return len(str(int(low))) == len(str(int(high))) >= _CODE_DIGITS


def has_identifier_name(name: str) -> bool:
    """Tell whether a column name looks like a key (``id``, ``customer_id``, ``rownames``, ...)."""
    return bool(_ID_NAME.search(name.strip()) or _ID_NAME.search(name.strip().lower()))


@dataclass(frozen=True)
class ColumnEvidence:
    """Statistics of one physical column, enough to choose its semantic type.

    Attributes:
        name: Column name.
        arrow_type: Physical Arrow type of the column in the Parquet file.
        rows: Number of rows in the dataset.
        non_null: Number of non-missing values.
        distinct: Exact number of distinct non-missing values.
        min_value: Minimum for integer columns (else None).
        max_value: Maximum for integer columns (else None).
        avg_length: Mean string length for string columns (else None).
        whitespace_share: Share of string values containing whitespace (else None).
    """

    name: str
    arrow_type: pa.DataType
    rows: int
    non_null: int
    distinct: int
    min_value: float | None = None
    max_value: float | None = None
    avg_length: float | None = None
    whitespace_share: float | None = None


def infer_semantic_type(ev: ColumnEvidence) -> SemanticType:
    """Choose the semantic type of a column from its physical type and statistics.

    Rules (documented for users in the ingest report):
    - bool -> boolean; float -> numeric; date/timestamp -> datetime.
    - integer columns holding only 0 and 1 -> boolean (values stay int64 0/1 so they round-trip).
    - integer unique per row -> identifier when the name looks like a key, the values are a
      consecutive range (row numbers) or all have the same width of 7+ digits (parcel, account
      numbers); otherwise integer.
    - string unique per row (at least 20 rows) with short values without spaces, or with a
      key-like name -> identifier; short strings (<= 40 characters on average) at least 95%
      distinct -> identifier; at most 1,000 distinct values repeated on average at least
      twice -> categorical; otherwise text.

    Args:
        ev: Column statistics computed on the written Parquet file.

    Returns:
        The inferred semantic type.
    """
    t = ev.arrow_type
    unique = ev.non_null > 0 and ev.distinct == ev.non_null == ev.rows
    if pa.types.is_boolean(t):
        return SemanticType.BOOLEAN
    if pa.types.is_floating(t):
        return SemanticType.NUMERIC
    if pa.types.is_temporal(t):
        return SemanticType.DATETIME
    if pa.types.is_integer(t):
        if (
            ev.distinct <= 2
            and ev.min_value is not None
            and ev.min_value >= 0
            and (ev.max_value or 0) <= 1
        ):
            return SemanticType.BOOLEAN
        if unique and ev.rows >= 2:
            consecutive = (
                ev.max_value is not None
                and ev.min_value is not None
                and (ev.max_value - ev.min_value + 1 == ev.rows)
            )
            if (
                has_identifier_name(ev.name)
                or (consecutive and ev.rows >= 20)
                or (ev.rows >= 20 and _fixed_width_code(ev.min_value, ev.max_value))
            ):
                return SemanticType.IDENTIFIER
        return SemanticType.INTEGER
    if ev.non_null == 0:
        return SemanticType.TEXT
    if unique and (
        has_identifier_name(ev.name)
        or (ev.rows >= 20 and (ev.avg_length or 0) <= 40 and (ev.whitespace_share or 0) < 0.1)
    ):
        return SemanticType.IDENTIFIER
    if (
        ev.rows >= 20
        and ev.distinct >= NEAR_UNIQUE_SHARE * ev.non_null
        and ev.non_null >= 0.5 * ev.rows
        and (ev.avg_length or 0) <= 40
    ):
        # Short text that hardly ever repeats (names, addresses, notes, codes) identifies a row
        # rather than describing it; long free text (reviews, descriptions) stays text.
        return SemanticType.IDENTIFIER
    if ev.distinct <= CATEGORICAL_MAX_DISTINCT and ev.distinct * 2 <= ev.non_null:
        return SemanticType.CATEGORICAL
    if ev.distinct <= 20 and ev.distinct < ev.non_null:
        return SemanticType.CATEGORICAL
    return SemanticType.TEXT


def default_semantic_type(arrow_type: pa.DataType) -> SemanticType:
    """Semantic type a column of this physical type gets when no statistics are available."""
    if pa.types.is_boolean(arrow_type):
        return SemanticType.BOOLEAN
    if pa.types.is_integer(arrow_type):
        return SemanticType.INTEGER
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return SemanticType.NUMERIC
    if pa.types.is_temporal(arrow_type):
        return SemanticType.DATETIME
    return SemanticType.TEXT
