"""Units of number columns: the currency symbol or percent sign a file wrote around its numbers.

Upload reads ``"$1,200"`` as the number 1200 and ``"12%"`` as 0.12, so the stored data holds plain
numbers. The unit is remembered beside the column (in the version's column summary) so the grid,
the profile and the predictions can write the numbers as the file did. Cleaning keeps a unit while
the column stays a number column (a rename carries it along); a cast to text drops it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pyarrow as pa
import pyarrow.compute as pc
from pydantic import BaseModel, Field

from csv_analyzer.datasets.types import SemanticType

Position = Literal["prefix", "suffix"]
CURRENCY_SYMBOLS = ("$", "€", "£")
PERCENT = "%"
NUMBER_TYPES = frozenset({SemanticType.NUMERIC, SemanticType.INTEGER})

# Values looked at per block: the unit is a property of how a column is written, so a sample of
# each block decides it without scanning millions of values.
_SAMPLE_PER_BLOCK = 2_000
# Share of the sampled values that must carry the marker for it to be the column's unit.
_MIN_SHARE = 0.5


class ColumnUnit(BaseModel):
    """How a number column's values were written: ``$`` before, ``€`` after, or a percent."""

    kind: Literal["currency", "percent"]
    symbol: str = Field(description="The sign as the file wrote it: $, €, £ or %")
    position: Position = Field(
        description="Whether the sign came before the number ($12) or after it (12 €, 12%)"
    )
    scale: float = Field(
        1.0,
        description="Stored value times scale = the number as written (100 for a percent: 0.12 → 12%)",
    )


@dataclass
class UnitTally:
    """Counts the markers seen around one column's raw text values, block by block."""

    seen: int = 0
    markers: Counter[tuple[str, Position]] = field(default_factory=Counter)

    def observe(self, raw: pa.Array) -> None:
        """Look at the start of one block of raw (string) values."""
        sample = raw.slice(0, _SAMPLE_PER_BLOCK).drop_null()
        if len(sample) == 0 or not pa.types.is_string(sample.type):
            return
        text = pc.utf8_trim_whitespace(sample)
        text = pc.filter(text, pc.not_equal(text, ""))
        self.seen += len(text)
        if len(text) == 0:
            return
        unsigned = pc.utf8_ltrim(text, characters="-+(")
        for symbol in (*CURRENCY_SYMBOLS, PERCENT):
            prefix = _count(pc.starts_with(unsigned, symbol))
            suffix = _count(pc.ends_with(pc.utf8_rtrim(text, characters=")"), symbol))
            if prefix:
                self.markers[(symbol, "prefix")] += prefix
            if suffix:
                self.markers[(symbol, "suffix")] += suffix

    def unit(self) -> ColumnUnit | None:
        """The column's unit: one marker on at least half the values and no rival currency."""
        if not self.seen or not self.markers:
            return None
        (symbol, position), count = self.markers.most_common(1)[0]
        if count < _MIN_SHARE * self.seen:
            return None
        rivals = sum(n for (s, _), n in self.markers.items() if s != symbol)
        if rivals > 0.01 * self.seen:
            return None  # "$" and "€" in one column: a mixed column has no single unit
        if symbol == PERCENT:
            if position != "suffix":
                return None
            return ColumnUnit(kind="percent", symbol=PERCENT, position="suffix", scale=100.0)
        return ColumnUnit(kind="currency", symbol=symbol, position=position)


def _count(mask: pa.Array) -> int:
    value = pc.sum(pc.cast(mask, pa.int64())).as_py()
    return int(value or 0)


def units_after_cleaning(
    base_units: Mapping[str, ColumnUnit],
    renames: Iterable[tuple[str, str]],
    types: Mapping[str, SemanticType],
) -> dict[str, ColumnUnit]:
    """The units a cleaned version keeps: a column's unit follows its renames and lasts while the
    column is still a number column.

    Args:
        base_units: Units of the version the operations started from, by column name.
        renames: ``(old, new)`` column renames in the order the operations applied them.
        types: The cleaned version's columns and types.
    """
    units = dict(base_units)
    for old, new in renames:
        unit = units.pop(old, None)
        units.pop(new, None)
        if unit is not None:
            units[new] = unit
    return {
        name: unit
        for name, unit in units.items()
        if name in types and SemanticType(types[name]) in NUMBER_TYPES
    }


def units_of(summary: Sequence[Mapping[str, object]]) -> dict[str, ColumnUnit]:
    """The units recorded in a stored column summary (versions made before units have none)."""
    out: dict[str, ColumnUnit] = {}
    for entry in summary:
        raw = entry.get("unit")
        if raw is not None:
            out[str(entry["name"])] = ColumnUnit.model_validate(raw)
    return out
