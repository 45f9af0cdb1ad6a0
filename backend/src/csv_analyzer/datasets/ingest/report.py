"""The ingest report: what was read, typed, renamed, rejected and guessed."""

from __future__ import annotations

from pydantic import BaseModel

from csv_analyzer.datasets.ingest.headers import HeaderRename
from csv_analyzer.datasets.ingest.sniff import CsvDialect
from csv_analyzer.datasets.ingest.units import ColumnUnit
from csv_analyzer.datasets.types import SemanticType


class ColumnReport(BaseModel):
    """One column of the ingested dataset."""

    name: str
    original_name: str
    semantic_type: SemanticType
    arrow_type: str
    missing: int
    unit: ColumnUnit | None = None


class RejectedRow(BaseModel):
    """A record skipped because its field count differs from the header's.

    ``line`` is the 1-based record number in the file (the header is record 1); it equals the
    physical line number unless an earlier quoted value spans several lines.
    """

    line: int
    expected_fields: int
    actual_fields: int
    text: str


class IngestReport(BaseModel):
    """What :func:`ingest_csv` produced and everything it had to repair or guess."""

    rows: int
    columns: list[ColumnReport]
    renamed_headers: list[HeaderRename]
    rejected_rows: list[RejectedRow]
    rejected_row_count: int
    warnings: list[str]
    dialect: CsvDialect
    passes: int

    @property
    def column_types(self) -> dict[str, SemanticType]:
        """Semantic type per column name (``__row_id`` excluded)."""
        return {c.name: c.semantic_type for c in self.columns}
