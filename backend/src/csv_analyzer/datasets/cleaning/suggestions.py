"""Cleaning suggestions derived from a profile, each with its evidence and a ready operation."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from csv_analyzer.datasets.cleaning import operations as ops
from csv_analyzer.datasets.types import NUMBER_TYPES, SemanticType, has_identifier_name

MOSTLY_MISSING = 0.5
NUMERIC_TEXT_SHARE = 0.9
OUTLIER_SHARE = 0.01
ID_UNIQUE_SHARE = 0.95
CODE_MAX_DISTINCT = 20
"""An integer column with at most this many distinct values is a code or a rating: its extreme
values are real levels (class 9, a rating of 1), not measurement errors to clip."""


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
    evidence: str = Field(description="The measured fact behind the suggestion, without advice")
    impact: float = Field(description="Share of the rows (or values) the problem touches, 0-1")
    operation: ops.Operation


def _pct(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"


def _make(
    column: str | None,
    kind: str,
    severity: Severity,
    evidence: str,
    advice: str,
    impact: float,
    operation: ops.Operation,
) -> Suggestion:
    return Suggestion(
        column=column,
        kind=kind,
        severity=severity,
        reason=f"{evidence} — {advice}",
        evidence=evidence,
        impact=min(max(impact, 0.0), 1.0),
        operation=operation,
    )


def is_code_or_rating(p: Mapping[str, Any]) -> bool:
    """Whether a numeric column holds few whole-number levels (a class code, a 1-9 rating).

    Args:
        p: One column profile (``arrow_type``, ``distinct`` and, for floats, ``top_values``).

    Returns:
        True for an integer column with at most ``CODE_MAX_DISTINCT`` distinct values, or a float
        column whose at most ``CODE_MAX_DISTINCT`` values are all whole numbers.
    """
    if p["distinct"] > CODE_MAX_DISTINCT:
        return False
    arrow_type = str(p.get("arrow_type", ""))
    if arrow_type.startswith(("int", "uint")):
        return True
    tops = p.get("top_values") or []
    if not arrow_type.startswith(("float", "double")) or len(tops) < p["distinct"]:
        return False
    return all(isinstance(t["value"], int | float) and float(t["value"]).is_integer() for t in tops)


def _column_suggestions(p: Mapping[str, Any], sem: SemanticType, rows: int) -> list[Suggestion]:
    name = p["name"]
    out: list[Suggestion] = []
    non_null = rows - p["missing"]
    drop = ops.DropColumns(columns=[name])
    if non_null == 0:
        return [_make(name, "empty_column", Severity.HIGH, "100% missing", "drop it", 1.0, drop)]
    if p["distinct"] <= 1:
        value = p["top_values"][0]["value"] if p["top_values"] else None
        evidence = f"constant column: every value is {value!r}"
        advice = "it carries no information, drop it"
        return [_make(name, "constant_column", Severity.HIGH, evidence, advice, 1.0, drop)]
    unique_share = p["distinct"] / rows if rows else 0.0
    # A key-like name with nearly unique values is an id even if a few rows repeat (duplicates).
    if sem == SemanticType.IDENTIFIER or (
        unique_share >= ID_UNIQUE_SHARE and rows >= 20 and has_identifier_name(name)
    ):
        evidence = f"id-like column: {_pct(unique_share)} unique"
        return [
            _make(
                name,
                "identifier",
                Severity.MEDIUM,
                evidence,
                "drop before training",
                unique_share,
                drop,
            )
        ]
    share = p["missing_share"]
    if share >= MOSTLY_MISSING:
        evidence = f"{_pct(share)} missing ({p['missing']} of {rows} rows)"
        out.append(
            _make(name, "mostly_missing", Severity.HIGH, evidence, "drop it or impute", share, drop)
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
        evidence = f"numeric stored as text: {_pct(numeric_like)} of values parse as numbers"
        cast = ops.CastColumn(column=name, to=SemanticType.NUMERIC)
        out.append(
            _make(
                name,
                "numeric_as_text",
                Severity.HIGH,
                evidence,
                f"cast{rest}",
                numeric_like,
                cast,
            )
        )
    outliers = p.get("outliers_iqr")
    if (
        sem in NUMBER_TYPES
        and outliers
        and outliers / non_null >= OUTLIER_SHARE
        and not is_code_or_rating(p)
    ):
        evidence = f"outliers: {_pct(outliers / non_null)} of values ({outliers}) beyond 1.5 IQR"
        clip = ops.ClipOutliers(column=name, method="iqr", k=1.5)
        out.append(
            _make(
                name,
                "outliers",
                Severity.LOW,
                evidence,
                "clip them",
                outliers / non_null,
                clip,
            )
        )
    untrimmed = p.get("untrimmed_values") or 0
    normalized = p.get("distinct_normalized")
    case_variants = p["distinct"] - normalized if normalized is not None else 0
    if sem in (SemanticType.CATEGORICAL, SemanticType.TEXT) and (untrimmed or case_variants > 0):
        parts = [f"{untrimmed} values with leading/trailing spaces"] if untrimmed else []
        if case_variants > 0:
            parts.append(f"{case_variants} label(s) differing only by case or spaces")
        evidence = f"inconsistent text: {' and '.join(parts)}"
        norm = ops.NormalizeText(
            column=name, trim=True, case="lower" if case_variants > 0 else "none"
        )
        # Untrimmed values are counted per row; a case variant touches at least one row.
        impact = (untrimmed + case_variants) / non_null
        out.append(
            _make(name, "inconsistent_text", Severity.MEDIUM, evidence, "normalize", impact, norm)
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
    return _make(name, "missing_values", severity, evidence, action, share, operation)


_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


def suggest(
    profile: Mapping[str, Any],
    column_types: Mapping[str, SemanticType | str],
    *,
    protected: Collection[str] = (),
) -> list[Suggestion]:
    """Suggest cleaning steps for a profiled dataset version, most useful first.

    Usefulness is ranked by severity first (high, medium, low: how much the problem is likely to
    hurt a model), then by impact, the share of rows or values the problem touches (70% missing
    before 5% missing), then by column order. Two rules keep the suggestions from doing harm:
    a protected column (the target of a trained model) gets none, since changing it would change
    what the model learns; and outlier clipping is never offered on codes or ratings (few
    whole-number levels, see :func:`is_code_or_rating`), whose extremes are real values.

    Args:
        profile: The dict returned by :func:`csv_analyzer.datasets.browse.profiling.profile_parquet`.
        column_types: Semantic type per column.
        protected: Columns no suggestion may change (targets of the user's trained models).

    Returns:
        Ranked suggestions; each carries its evidence (the measured fact), a human reason and an
        operation that can be applied as is.
    """
    rows = int(profile["rows"])
    keep = set(protected)
    found: list[Suggestion] = []
    if profile.get("duplicate_rows"):
        n = int(profile["duplicate_rows"])
        evidence = f"duplicate rows: {n} ({_pct(n / rows)}) repeat an earlier row"
        found.append(
            _make(
                None,
                "duplicate_rows",
                Severity.MEDIUM,
                evidence,
                "drop them",
                n / rows,
                ops.DropDuplicates(),
            )
        )
    for p in profile["column_profiles"]:
        if p["name"] in keep:
            continue
        sem = SemanticType(column_types.get(p["name"], p["semantic_type"]))
        found.extend(_column_suggestions(p, sem, rows))
    # sorted() is stable: equal severity and impact keep column order.
    return sorted(found, key=lambda s: (_ORDER[s.severity], -s.impact))
