"""Suggestions: evidence-backed reasons with ready-to-apply operations."""

from __future__ import annotations

from pathlib import Path

from csv_analyzer.datasets import operations as ops
from csv_analyzer.datasets.cleaning import apply_operations
from csv_analyzer.datasets.ingest import ingest_csv
from csv_analyzer.datasets.profiling import profile_parquet
from csv_analyzer.datasets.suggestions import Severity, suggest


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
    applicable = [s.operation for s in found if s.kind != "numeric_as_text"]
    new_types, report = apply_operations(
        tmp_path / "s.parquet", tmp_path / "clean.parquet", applicable, types
    )
    assert "customer_id" not in new_types
    assert report.rows_after == 40


def test_outliers_and_missing_numeric_suggest_clip_and_median(tmp_path: Path) -> None:
    values = [str(i % 10) for i in range(100)] + ["1000", "2000", "3000"] + [""] * 10
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
