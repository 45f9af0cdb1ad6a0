"""The one formula-escaping rule every CSV the server writes goes through."""

from __future__ import annotations

import io
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pytest

from csv_analyzer import csv_safety


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("-1+cmd|' /C calc'!A0", "'-1+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("-12", "-12"),
        ("+3.5", "+3.5"),
        ("-1,5", "-1,5"),
        ("-2e-3", "-2e-3"),
        ("", ""),
    ],
)
def test_risky_cells_get_a_quote_and_signed_number_literals_do_not(cell: str, written: str) -> None:
    assert csv_safety.escape_text(cell) == written
    assert csv_safety.escape_array(pa.array([cell, None])).to_pylist() == [written, None]


def test_typed_columns_are_never_escaped() -> None:
    numbers = pa.array([-1.5, None])
    assert csv_safety.escape_array(numbers) is numbers


def test_escape_csv_escapes_cells_and_header_names(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    table = pa.table(
        {"=name": ["=HYPERLINK(1)", "ok\nline", None], "prediction": [-1.5, 2.0, None]}
    )
    pcsv.write_csv(table, path)
    out = io.BytesIO()
    assert csv_safety.escape_csv(path, out) == 3
    back = pcsv.read_csv(io.BytesIO(out.getvalue()))
    assert back.column_names == ["'=name", "prediction"]
    assert back.column("'=name").to_pylist() == [
        "'=HYPERLINK(1)",
        "ok\nline",
        "",
    ]
    assert back.column("prediction").to_pylist() == [-1.5, 2.0, None]
