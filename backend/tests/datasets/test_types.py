"""Semantic type rules and header clean-up."""

from __future__ import annotations

import pyarrow as pa
import pytest

from csv_analyzer.datasets.ingest.headers import dedupe_headers
from csv_analyzer.datasets.types import (
    ColumnEvidence,
    SemanticType,
    has_identifier_name,
    infer_semantic_type,
)


def _ev(name: str, t: pa.DataType, distinct: int, rows: int = 100, **kw: float) -> ColumnEvidence:
    return ColumnEvidence(
        name=name, arrow_type=t, rows=rows, non_null=rows, distinct=distinct, **kw
    )  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("evidence", "expected"),
    [
        (_ev("bit", pa.int64(), 2, min_value=0, max_value=1), SemanticType.BOOLEAN),
        (_ev("rownames", pa.int64(), 100, min_value=1, max_value=100), SemanticType.IDENTIFIER),
        (_ev("customer_id", pa.int64(), 100, min_value=5, max_value=9000), SemanticType.IDENTIFIER),
        (_ev("amount", pa.int64(), 100, min_value=5, max_value=9000), SemanticType.INTEGER),
        (_ev("code", pa.string(), 100, avg_length=8, whitespace_share=0), SemanticType.IDENTIFIER),
        (_ev("review", pa.string(), 100, avg_length=80, whitespace_share=0.9), SemanticType.TEXT),
        (_ev("city", pa.string(), 12, avg_length=6, whitespace_share=0), SemanticType.CATEGORICAL),
        (_ev("price", pa.float64(), 100), SemanticType.NUMERIC),
        (_ev("when", pa.date32(), 100), SemanticType.DATETIME),
    ],
)
def test_infer_semantic_type(evidence: ColumnEvidence, expected: SemanticType) -> None:
    assert infer_semantic_type(evidence) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("id", True),
        ("customer_id", True),
        ("CustomerID", True),
        ("userId", True),
        ("Unnamed: 0", True),
        ("valid", False),
        ("VALID", False),
        ("paid", False),
    ],
)
def test_identifier_names(name: str, expected: bool) -> None:
    assert has_identifier_name(name) is expected


def test_dedupe_headers_trims_and_numbers() -> None:
    names, renames = dedupe_headers([" a ", "a", "", "line\nbreak"])
    assert names == ["a", "a_2", "column_3", "line break"]
    assert [r.position for r in renames] == [1, 2, 3, 4]
