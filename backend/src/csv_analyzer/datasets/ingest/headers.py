"""Header clean-up: empty and duplicate column names get unique, predictable names."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel

from csv_analyzer.datasets.types import ROW_ID


class HeaderRename(BaseModel):
    """A header cell that had to be renamed (``position`` is 1-based)."""

    position: int
    original: str
    new: str


def dedupe_headers(raw: Sequence[str]) -> tuple[list[str], list[HeaderRename]]:
    """Make column names unique and non-empty.

    Names are trimmed and inner line breaks become spaces; an empty name becomes ``column_<n>``
    (its 1-based position); a repeated name becomes ``name_2``, ``name_3``... Uniqueness ignores
    case because DuckDB identifiers are case-insensitive, and ``__row_id`` is reserved.

    Args:
        raw: Header cells as read.

    Returns:
        The final names and the list of renames.
    """
    used = {ROW_ID.lower()}
    names: list[str] = []
    renames: list[HeaderRename] = []
    for i, cell in enumerate(raw):
        base = " ".join(cell.split()) or f"column_{i + 1}"
        name, k = base, 2
        while name.lower() in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name.lower())
        names.append(name)
        if name != cell:
            renames.append(HeaderRename(position=i + 1, original=cell, new=name))
    return names, renames
