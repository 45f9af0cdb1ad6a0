"""Typing statistics gathered during the read give the same types as the file-based analysis."""

from __future__ import annotations

import random
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from csv_analyzer.datasets.ingest.evidence import EXACT_ROWS, EvidenceTally
from csv_analyzer.datasets.ingest.reader import ingest_csv
from csv_analyzer.datasets.ingest.semantics import column_evidence, semantic_types
from csv_analyzer.datasets.types import SemanticType, infer_semantic_type


def _tally(arr: pa.Array, block: int) -> EvidenceTally:
    tally = EvidenceTally()
    for start in range(0, len(arr), block):
        tally.observe(arr.slice(start, block))
    return tally


def _tricky_columns(rows: int) -> dict[str, pa.Array]:
    rng = random.Random(3)
    shuffled = list(range(rows))
    rng.shuffle(shuffled)
    return {
        "zero_one": pa.array([i % 2 for i in range(rows)]),
        "row_number": pa.array(range(rows)),
        "customer_id": pa.array(shuffled),
        "code": pa.array([1_000_000 + v for v in shuffled]),
        "repeats_late": pa.array([*range(rows - 1), 0]),
        "small_ints": pa.array([i % 3 for i in range(rows)]),
        "ints_with_gaps": pa.array([None if i % 5 == 0 else i for i in range(rows)]),
        "handle": pa.array([f"user{v}" for v in shuffled]),
        "near_unique": pa.array([f"n{i if i % 25 else 0}" for i in range(rows)]),
        "city": pa.array([["Paris", "Lyon", "Nice"][i % 3] for i in range(rows)]),
        "sentence": pa.array([f"a long note about row {i % 40}" for i in range(rows)]),
        "empty": pa.array([None] * rows, pa.string()),
        "sparse": pa.array([None if i % 3 else f"v{i % 7}" for i in range(rows)]),
        "one_value": pa.array(["x"] * rows),
    }


@pytest.mark.parametrize("block", [7, 64, 1000])
def test_tally_matches_the_file_analysis_on_tricky_columns(tmp_path: Path, block: int) -> None:
    rows = 500
    columns = _tricky_columns(rows)
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table(columns), path)
    expected = column_evidence(path, list(columns))
    for name, arr in columns.items():
        tally = _tally(arr, block)
        got = tally.evidence(name, rows)
        assert got is not None
        assert infer_semantic_type(got) == infer_semantic_type(expected[name]), name
        if tally.counting:
            assert got == expected[name], name


def test_long_files_defer_only_high_cardinality_strings_and_unordered_unique_ints() -> None:
    rows = EXACT_ROWS + 50_000
    shuffled = list(range(rows))
    random.Random(1).shuffle(shuffled)
    block = 40_000
    increasing = _tally(pa.array(range(rows)), block)
    unordered_unique = _tally(pa.array(shuffled), block)
    repeated = _tally(pa.array([i % 5000 for i in range(rows)]), block)
    category = _tally(pa.array([f"c{i % 900}" for i in range(rows)]), block)
    names = _tally(pa.array([f"name {i}" for i in range(rows)]), block)

    assert increasing.evidence("n", rows) is not None
    assert increasing.distinct() == rows
    assert unordered_unique.deferred
    assert unordered_unique.evidence("n", rows) is None
    assert not repeated.deferred
    assert infer_semantic_type(repeated.evidence("n", rows)) == SemanticType.INTEGER  # type: ignore[arg-type]
    assert category.counting
    assert category.distinct() == 900
    assert names.deferred


def test_ingest_types_equal_the_file_analysis_of_its_output(tmp_path: Path) -> None:
    rows = EXACT_ROWS + 20_000
    rng = random.Random(5)
    lines = ["id,shuffled,city,comment,qty,flag,user_name"]
    order = list(range(rows))
    rng.shuffle(order)
    for i in range(rows):
        lines.append(
            f"{i},{order[i]},{['Paris', 'Lyon'][i % 2]},note {rng.randrange(10**6)},"
            f"{rng.randrange(20)},{i % 2},u{order[i]}"
        )
    src = tmp_path / "long.csv"
    src.write_text("\n".join(lines) + "\n")
    out = tmp_path / "long.parquet"
    report = ingest_csv(src, out)
    names = [c.name for c in report.columns]
    assert {c.name: c.semantic_type for c in report.columns} == semantic_types(out, names)
    assert report.column_types["id"] == SemanticType.IDENTIFIER
    assert report.column_types["shuffled"] == SemanticType.IDENTIFIER  # a permuted 0..n-1 range
    assert report.column_types["qty"] == SemanticType.INTEGER
    assert report.column_types["user_name"] == SemanticType.IDENTIFIER


@pytest.mark.parametrize(
    "values",
    [
        [0, 1, 1, 0, 1],
        [5, 5, 5, 5],
        [None, 1, None, 1],
        [0, 1, 0, 2, 3],  # leaves the two-value range after the first block
        [7, 8, 8, 9],
        [2**60, 2**60 + 1, 2**60 + 1],  # floats cannot tell these bounds apart
        [1, 0, 0, 1, 2, 2, 3],
    ],
)
def test_integer_distinct_counts_are_exact_in_and_out_of_a_two_value_range(
    values: list[int | None],
) -> None:
    arr = pa.array(values, pa.int64())
    for block in (1, 2, 3, 100):
        tally = _tally(arr, block)
        if tally.counting:
            assert tally.distinct() == len({v for v in values if v is not None}), block


def test_string_lengths_and_spaces_come_from_value_counts_exactly() -> None:
    arr = pa.array(["a b", None, "a b", "ccc", "", "d  e", "ccc", None])
    tally = _tally(arr, 3)
    ev = tally.evidence("s", len(arr))
    assert ev is not None
    present = [v for v in arr.to_pylist() if v is not None]
    assert ev.non_null == len(present)
    assert ev.distinct == len(set(present))
    assert ev.avg_length == sum(len(v) for v in present) / len(present)
    assert ev.whitespace_share == sum(" " in v for v in present) / len(present)
