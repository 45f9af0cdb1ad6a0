"""Suggestions: evidence-backed reasons with ready-to-apply operations."""

from __future__ import annotations

from pathlib import Path

from csv_analyzer.datasets.browse.profiling import profile_parquet
from csv_analyzer.datasets.cleaning import operations as ops
from csv_analyzer.datasets.cleaning.apply import apply_operations
from csv_analyzer.datasets.cleaning.suggestions import (
    CODE_MAX_DISTINCT,
    Severity,
    is_code_or_rating,
    suggest,
)
from csv_analyzer.datasets.ingest.reader import ingest_csv


def _suggest(tmp_path: Path, csv: str, **overrides: str):
    src = tmp_path / "s.csv"
    src.write_text(csv)
    report = ingest_csv(src, tmp_path / "s.parquet", type_overrides=overrides or None)
    profile = profile_parquet(tmp_path / "s.parquet", report.column_types)
    return suggest(profile, report.column_types), report.column_types


def _messy(n: int = 40) -> str:
    lines = ["customer_id,amount,note,constant,city"]
    for i in range(n):
        amount = "" if i % 3 else str(i)
        city = [" Paris", "paris", "Lyon"][i % 3]
        lines.append(f"C{i:04d},{amount},{i * 10 if i != 7 else 'n/a?'},same,{city}")
    lines.append(lines[1])
    return "\n".join(lines) + "\n"


def test_each_problem_gets_a_reason_with_evidence(tmp_path: Path) -> None:
    found, _ = _suggest(tmp_path, _messy(), note="text")
    by_kind = {s.kind: s for s in found}
    assert by_kind["identifier"].reason.startswith("id-like column: 98% unique")
    assert by_kind["mostly_missing"].reason.startswith("63% missing (26 of 41 rows)")
    assert by_kind["numeric_as_text"].reason.startswith("numeric stored as text: 98%")
    assert by_kind["constant_column"].severity == Severity.HIGH
    assert by_kind["duplicate_rows"].reason.startswith("duplicate rows: 1")
    assert "differing only by case" in by_kind["inconsistent_text"].reason
    assert found[0].severity == Severity.HIGH


def test_suggested_operations_apply_as_is(tmp_path: Path) -> None:
    found, types = _suggest(tmp_path, _messy())
    # Duplicates first: once the id column is dropped, rows that differed only by id repeat.
    ordered = sorted(found, key=lambda s: s.kind != "duplicate_rows")
    applicable = [s.operation for s in ordered if s.kind != "numeric_as_text"]
    new_types, report = apply_operations(
        tmp_path / "s.parquet", tmp_path / "clean.parquet", applicable, types
    )
    assert "customer_id" not in new_types
    assert report.rows_after == 40


def test_outliers_and_missing_numeric_suggest_clip_and_median(tmp_path: Path) -> None:
    values = [str(i % 30) for i in range(100)] + ["1000", "2000", "3000"] + [""] * 10
    found, _ = _suggest(tmp_path, "v,k\n" + "".join(f"{v},{i % 2}\n" for i, v in enumerate(values)))
    by_kind = {s.kind: s for s in found}
    assert by_kind["outliers"].reason.startswith("outliers: 3% of values (3) beyond 1.5 IQR")
    assert isinstance(by_kind["missing_values"].operation, ops.Impute)
    assert by_kind["missing_values"].operation.strategy == ops.ImputeStrategy.MEDIAN


def test_clean_dataset_has_no_suggestions(tmp_path: Path, bench: Path) -> None:
    report = ingest_csv(bench / "wine.csv", tmp_path / "w.parquet")
    found = suggest(
        profile_parquet(tmp_path / "w.parquet", report.column_types), report.column_types
    )
    assert {s.kind for s in found} <= {"outliers"}


def _rating_csv(n: int = 100) -> str:
    """A 1-9 rating mostly 5 or 6 (so 1 and 9 lie beyond 1.5 IQR) beside a continuous price
    with a few extreme values."""
    lines = ["rating,price,code"]
    for i in range(n):
        rating = 1 if i % 20 == 0 else 9 if i % 20 == 1 else 5 + i % 2
        price = 100_000 * (i + 1) if i < 3 else 1_000 + i
        code = 17 if i % 25 == 0 else 3 + i % 3
        lines.append(f"{rating},{price},{code}")
    return "\n".join(lines) + "\n"


class TestDoNoHarm:
    def test_ratings_and_integer_codes_are_never_clipped(self, tmp_path: Path) -> None:
        found, _ = _suggest(tmp_path, _rating_csv())
        clipped = {s.column for s in found if s.kind == "outliers"}
        assert clipped == {"price"}

    def test_whole_number_floats_with_few_levels_count_as_codes(self) -> None:
        rating = {
            "arrow_type": "double",
            "distinct": 3,
            "top_values": [
                {"value": 5.0, "count": 90},
                {"value": 1.0, "count": 5},
                {"value": 9.0, "count": 5},
            ],
        }
        measured = {**rating, "top_values": [*rating["top_values"][:2], {"value": 9.5, "count": 5}]}
        assert is_code_or_rating(rating)
        assert not is_code_or_rating(measured)
        assert not is_code_or_rating({"arrow_type": "int64", "distinct": CODE_MAX_DISTINCT + 1})

    def test_protected_target_gets_no_suggestion(self, tmp_path: Path) -> None:
        csv = "price,size\n" + "".join(
            f"{'' if i % 4 == 0 else 1_000 + i if i > 2 else 10**7},{'' if i % 5 == 0 else i}\n"
            for i in range(100)
        )
        src = tmp_path / "p.csv"
        src.write_text(csv)
        report = ingest_csv(src, tmp_path / "p.parquet")
        profile = profile_parquet(tmp_path / "p.parquet", report.column_types)
        unprotected = suggest(profile, report.column_types)
        assert {s.column for s in unprotected} >= {"price", "size"}
        found = suggest(profile, report.column_types, protected={"price"})
        assert "price" not in {s.column for s in found}
        assert "size" in {s.column for s in found}

    def test_ranked_by_severity_then_share_of_rows_touched(self, tmp_path: Path) -> None:
        lines = ["a,b,c"] + [
            f"{'' if i % 10 == 0 else i},{'' if i % 4 == 0 else i},{'' if i % 50 == 0 else i}"
            for i in range(100)
        ]
        found, _ = _suggest(tmp_path, "\n".join(lines) + "\n")
        missing = [s for s in found if s.kind == "missing_values"]
        # b (25%) and a (10%) are medium, c (2%) is low; within medium the larger share first.
        assert [s.column for s in missing] == ["b", "a", "c"]
        assert [s.impact for s in missing] == [0.25, 0.1, 0.02]

    def test_evidence_is_the_measured_fact_without_the_advice(self, tmp_path: Path) -> None:
        found, _ = _suggest(tmp_path, _messy(), note="text")
        by_kind = {s.kind: s for s in found}
        missing = by_kind["mostly_missing"]
        assert missing.evidence == "63% missing (26 of 41 rows)"
        assert missing.reason == f"{missing.evidence} — drop it or impute"
