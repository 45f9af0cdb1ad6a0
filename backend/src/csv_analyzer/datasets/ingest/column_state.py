"""Per-column parse state during ingest: the current kind, widening, and type overrides."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyarrow as pa

from csv_analyzer.datasets.errors import IngestError
from csv_analyzer.datasets.ingest import parsing
from csv_analyzer.datasets.ingest.evidence import EvidenceTally
from csv_analyzer.datasets.ingest.parsing import Kind, NumberFormat
from csv_analyzer.datasets.ingest.units import UnitTally
from csv_analyzer.datasets.types import SemanticType

OVERRIDE_KINDS: dict[SemanticType, tuple[Kind, ...]] = {
    SemanticType.NUMERIC: (parsing.FLOAT,),
    SemanticType.INTEGER: (parsing.INT,),
    SemanticType.BOOLEAN: (parsing.BOOL_STRICT,),
    SemanticType.DATETIME: parsing.TEMPORAL_KINDS,
    SemanticType.CATEGORICAL: (parsing.STRING,),
    SemanticType.TEXT: (parsing.STRING,),
    SemanticType.IDENTIFIER: (parsing.STRING,),
}


@dataclass
class ColumnState:
    name: str
    kind: Kind | None = None
    allowed: tuple[Kind, ...] | None = None  # set when the user overrode the type
    tried: set[Kind] = field(default_factory=set)
    missing: int = 0
    units: UnitTally = field(default_factory=UnitTally)
    evidence: EvidenceTally = field(default_factory=EvidenceTally)

    def restart(self) -> None:
        """Forget what a pass counted (the file is read again with wider kinds)."""
        self.missing = 0
        self.units = UnitTally()
        self.evidence = EvidenceTally()


def _override_error(
    col: ColumnState, arr: pa.Array, fmt: NumberFormat, to: SemanticType
) -> IngestError:
    kinds = col.allowed or (parsing.STRING,)
    best = min(kinds, key=lambda k: parsing.convert(arr, k, fmt)[1])
    samples = parsing.failing_values(arr, best, fmt)
    return IngestError(
        "type_override_failed",
        f"Column {col.name!r} cannot be read as {to}: values such as "
        f"{', '.join(repr(s) for s in samples)} do not parse.",
        {"column": col.name, "to": str(to), "sample_values": samples},
    )


def convert_block(
    col: ColumnState,
    arr: pa.Array,
    fmt: NumberFormat,
    override: SemanticType | None,
    warnings: list[str],
) -> pa.Array | None:
    """Convert one block of a column; None means the column's kind was widened."""
    col.units.observe(arr)
    if col.kind is None or col.kind == parsing.NULL:
        kind = parsing.infer_kind(arr, fmt, col.allowed or parsing.INFERENCE_ORDER)
        if kind is None:
            raise _override_error(col, arr, fmt, override or SemanticType.TEXT)
        if kind.is_temporal and override is None and parsing.ambiguous_day_month(arr, kind):
            warnings.append(
                f"Column {col.name!r}: day and month order is ambiguous; read as {kind.fmt}."
            )
        changed = col.kind == parsing.NULL and kind not in (parsing.NULL, parsing.STRING)
        col.kind = kind
        if changed:
            return None
    out, failures = parsing.convert(arr, col.kind, fmt)
    if failures == 0:
        return out
    col.tried.add(col.kind)
    if col.allowed is not None:
        wider = parsing.infer_kind(arr, fmt, tuple(k for k in col.allowed if k not in col.tried))
        if wider is None or wider == parsing.NULL:
            raise _override_error(col, arr, fmt, override or SemanticType.TEXT)
        col.kind = wider
    else:
        col.kind = parsing.widen(col.kind, arr, fmt, col.tried)
    return None
