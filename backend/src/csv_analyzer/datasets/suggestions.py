"""Cleaning suggestions derived from a profile, each with its evidence and a ready operation."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from csv_analyzer.datasets import operations as ops
from csv_analyzer.datasets.types import NUMBER_TYPES, SemanticType, has_identifier_name

MOSTLY_MISSING = 0.5
NUMERIC_TEXT_SHARE = 0.9
OUTLIER_SHARE = 0.01
ID_UNIQUE_SHARE = 0.95


class Severity(StrEnum):
    """How much a problem is likely to hurt a model."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Suggestion(BaseModel):
    """One suggested cleaning step: why (with evidence) and the operation that does it."""

    column: str | None
    kind: str
    severity: Severity
    reason: str
    operation: ops.Operation


def _pct(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"


def _column_suggestions(p: Mapping[str, Any], sem: SemanticType, rows: int) -> list[Suggestion]:
    name = p["name"]
    out: list[Suggestion] = []
    non_null = rows - p["missing"]
    drop = ops.DropColumns(columns=[name])
    if non_null == 0:
        return [
            Suggestion(
                column=name,
                kind="empty_column",
                severity=Severity.HIGH,
                reason="100% missing — drop it",
                operation=drop,
            )
        ]
    if p["distinct"] <= 1:
        value = p["top_values"][0]["value"] if p["top_values"] else None
        reason = f"constant column: every value is {value!r} — it carries no information, drop it"
        return [
            Suggestion(
                column=name,
                kind="constant_column",
                severity=Severity.HIGH,
                reason=reason,
                operation=drop,
            )
        ]
    unique_share = p["distinct"] / rows if rows else 0.0
    # A key-like name with nearly unique values is an id even if a few rows repeat (duplicates).
    if sem == SemanticType.IDENTIFIER or (
        unique_share >= ID_UNIQUE_SHARE and rows >= 20 and has_identifier_name(name)
    ):
        reason = f"id-like column: {_pct(unique_share)} unique — drop before training"
        return [
            Suggestion(
                column=name,
                kind="identifier",
                severity=Severity.MEDIUM,
                reason=reason,
                operation=drop,
            )
        ]
    share = p["missing_share"]
    if share >= MOSTLY_MISSING:
        reason = f"{_pct(share)} missing ({p['missing']} of {rows} rows) — drop it or impute"
        out.append(
            Suggestion(
                column=name,
                kind="mostly_missing",
                severity=Severity.HIGH,
                reason=reason,
                operation=drop,
            )
        )
    elif share > 0:
        out.append(_missing_suggestion(name, sem, share, p["missing"], rows))
    numeric_like = p.get("numeric_like_share")
    if (
        sem in (SemanticType.CATEGORICAL, SemanticType.TEXT)
        and numeric_like is not None
        and numeric_like >= NUMERIC_TEXT_SHARE
    ):
        rest = (
            ""
            if numeric_like >= 1
            else f"; review the {_pct(1 - numeric_like)} that do not parse first"
        )
        reason = (
            f"numeric stored as text: {_pct(numeric_like)} of values parse as numbers — cast{rest}"
        )
        cast = ops.CastColumn(column=name, to=SemanticType.NUMERIC)
        out.append(
            Suggestion(
                column=name,
                kind="numeric_as_text",
                severity=Severity.HIGH,
                reason=reason,
                operation=cast,
            )
        )
    outliers = p.get("outliers_iqr")
    if sem in NUMBER_TYPES and outliers and outliers / non_null >= OUTLIER_SHARE:
        reason = f"outliers: {_pct(outliers / non_null)} of values ({outliers}) beyond 1.5 IQR — clip them"
        clip = ops.ClipOutliers(column=name, method="iqr", k=1.5)
        out.append(
            Suggestion(
                column=name, kind="outliers", severity=Severity.LOW, reason=reason, operation=clip
            )
        )
    untrimmed = p.get("untrimmed_values") or 0
    normalized = p.get("distinct_normalized")
    case_variants = p["distinct"] - normalized if normalized is not None else 0
    if sem in (SemanticType.CATEGORICAL, SemanticType.TEXT) and (untrimmed or case_variants > 0):
        parts = [f"{untrimmed} values with leading/trailing spaces"] if untrimmed else []
        if case_variants > 0:
            parts.append(f"{case_variants} label(s) differing only by case or spaces")
        reason = f"inconsistent text: {' and '.join(parts)} — normalize"
        norm = ops.NormalizeText(
            column=name, trim=True, case="lower" if case_variants > 0 else "none"
        )
        out.append(
            Suggestion(
                column=name,
                kind="inconsistent_text",
                severity=Severity.MEDIUM,
                reason=reason,
                operation=norm,
            )
        )
    return out


def _missing_suggestion(
    name: str, sem: SemanticType, share: float, missing: int, rows: int
) -> Suggestion:
    evidence = f"{_pct(share)} missing ({missing} of {rows} rows)"
    severity = Severity.MEDIUM if share >= 0.05 else Severity.LOW
    operation: ops.Operation
    if sem in NUMBER_TYPES:
        operation, action = (
            ops.Impute(column=name, strategy=ops.ImputeStrategy.MEDIAN),
            "impute with the median",
        )
    elif sem in (SemanticType.CATEGORICAL, SemanticType.BOOLEAN):
        operation, action = (
            ops.Impute(column=name, strategy=ops.ImputeStrategy.MOST_FREQUENT),
            "impute with the most frequent value",
        )
    else:
        operation, action = ops.DropMissing(columns=[name], how="any"), "drop those rows"
    return Suggestion(
        column=name,
        kind="missing_values",
        severity=severity,
        reason=f"{evidence} — {action}",
        operation=operation,
    )


_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


def suggest(
    profile: Mapping[str, Any], column_types: Mapping[str, SemanticType | str]
) -> list[Suggestion]:
    """Suggest cleaning steps for a profiled dataset version.

    Args:
        profile: The dict returned by :func:`csv_analyzer.datasets.profiling.profile_parquet`.
        column_types: Semantic type per column.

    Returns:
        Suggestions, most severe first (then in column order); each carries a human reason with
        its evidence and an operation that can be applied as is.
    """
    rows = int(profile["rows"])
    found: list[Suggestion] = []
    if profile.get("duplicate_rows"):
        n = int(profile["duplicate_rows"])
        reason = f"duplicate rows: {n} ({_pct(n / rows)}) repeat an earlier row — drop them"
        found.append(
            Suggestion(
                column=None,
                kind="duplicate_rows",
                severity=Severity.MEDIUM,
                reason=reason,
                operation=ops.DropDuplicates(),
            )
        )
    for p in profile["column_profiles"]:
        sem = SemanticType(column_types.get(p["name"], p["semantic_type"]))
        found.extend(_column_suggestions(p, sem, rows))
    return sorted(found, key=lambda s: _ORDER[s.severity])  # stable: column order within a level
