"""Which type hints the engine gets for a training run's columns."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd


def column_hints(
    column_types: dict[str, str], explicit: Sequence[str] | None, frame: pd.DataFrame
) -> dict[str, str]:
    """The engine's type hints: the dataset's types, except that an identifier the user listed
    in `features` on purpose is used (as a number or a category) instead of left out."""
    hints = dict(column_types)
    for col in explicit or ():
        if hints.get(col) == "identifier" and col in frame:
            numeric = pd.api.types.is_numeric_dtype(frame[col])
            hints[col] = "numeric" if numeric else "categorical"
    return hints
