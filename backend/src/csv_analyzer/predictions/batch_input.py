"""CSV text -> model feature values, with the same parse rules as dataset upload (pure).

Batch scoring reads a file with :mod:`csv_analyzer.datasets.ingest.csv_source` (every column as strings)
and this module types each block for the model: numbers with the file's decimal and thousands
separators, currency and percent signs; booleans from yes/no/1/0 spellings; dates in the first
format (of those upload knows) that parses the column. A cell these rules cannot read is handed on
as the original text, so the row validator either still accepts it (``"007"`` is 7 for a numeric
feature) or names the row, column and value in its error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from csv_analyzer.datasets.ingest import parsing
from csv_analyzer.datasets.ingest.parsing import Kind, NumberFormat
from csv_analyzer.json_types import JsonObject
from csv_analyzer.predictions.inference import NUMERIC_TYPES, Feature


@dataclass
class FeatureCaster:
    """Types the string columns of CSV blocks for a model, block after block.

    Attributes:
        features: The model's inputs.
        fmt: The file's number format.
        date_kinds: The date format chosen per datetime feature (on the first block with values),
            kept so every block of one file reads dates the same way.
    """

    features: Sequence[Feature]
    fmt: NumberFormat
    date_kinds: dict[str, Kind] = field(default_factory=dict)

    def _kind(self, feature: Feature, arr: pa.Array) -> Kind | None:
        if feature.type in NUMERIC_TYPES:
            return parsing.FLOAT
        if feature.type == "boolean":
            return parsing.BOOL_STRICT
        if feature.type != "datetime":
            return None  # categorical and text features take the text as it is
        if feature.name not in self.date_kinds:
            if arr.null_count == len(arr):
                return None
            failures = {k: parsing.convert(arr, k, self.fmt)[1] for k in parsing.TEMPORAL_KINDS}
            self.date_kinds[feature.name] = min(parsing.TEMPORAL_KINDS, key=failures.__getitem__)
        return self.date_kinds[feature.name]

    def column(self, feature: Feature, arr: pa.Array) -> list[Any]:
        """One feature's values: typed where the upload rules read them, else the original text."""
        kind = self._kind(feature, arr)
        if kind is None:
            return list(arr.to_pylist())
        typed, failures = parsing.convert(arr, kind, self.fmt)
        if not failures:
            return list(typed.to_pylist())
        unread = pc.and_(pc.is_valid(arr), pc.is_null(typed))
        return [
            raw if bad else value
            for raw, value, bad in zip(
                arr.to_pylist(), typed.to_pylist(), unread.to_pylist(), strict=True
            )
        ]

    def records(self, batch: pa.RecordBatch) -> list[JsonObject]:
        """The block's rows as dicts: every column of the file, model features typed."""
        by_name = {f.name: f for f in self.features}
        columns = {
            name: (
                self.column(by_name[name], batch.column(i))
                if name in by_name
                else batch.column(i).to_pylist()
            )
            for i, name in enumerate(batch.schema.names)
        }
        names = list(columns)
        return [
            dict(zip(names, values, strict=True)) for values in zip(*columns.values(), strict=True)
        ]
