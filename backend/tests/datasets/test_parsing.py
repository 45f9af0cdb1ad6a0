"""Vectorised parsing rules shared by ingest and casts."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pytest

from csv_analyzer.datasets.ingest import parsing
from csv_analyzer.datasets.ingest.parsing import (
    NumberFormat,
    convert,
    failing_values,
    infer_kind,
    widen,
)

DOT, COMMA = NumberFormat(".", ","), NumberFormat(",", ".")


def _conv(
    values: list[str | None], kind: parsing.Kind, fmt: NumberFormat = DOT
) -> tuple[list[object], int]:
    out, failures = convert(pa.array(values, pa.string()), kind, fmt)
    return out.to_pylist(), failures


def test_numbers_with_currency_thousands_and_percent() -> None:
    assert _conv(["$1,234.50", "12%", " 3 ", "€ 5", "-£2"], parsing.FLOAT) == (
        [1234.5, 0.12, 3.0, 5.0, -2.0],
        0,
    )
    assert _conv(["1.234,5", "12,5%"], parsing.FLOAT, COMMA) == ([1234.5, 0.125], 0)


def test_leading_zero_codes_and_long_digit_runs_are_not_numbers() -> None:
    assert _conv(["007", "1"], parsing.INT)[1] == 1
    assert _conv(["12345678901234567890"], parsing.FLOAT)[1] == 1
    assert _conv(["0", "0.5", "0e-5"], parsing.FLOAT) == ([0.0, 0.5, 0.0], 0)


def test_booleans_only_accept_zero_one_when_strict() -> None:
    assert _conv(["Yes", "no", " TRUE "], parsing.BOOL) == ([True, False, True], 0)
    assert _conv(["1", "0"], parsing.BOOL)[1] == 2
    assert _conv(["1", "0"], parsing.BOOL_STRICT) == ([True, False], 0)


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        (["1", "2"], parsing.INT),
        (["1.5", "2"], parsing.FLOAT),
        (["yes", "no"], parsing.BOOL),
        (["2020-01-01"], parsing.ISO_DATE),
        (["13/01/2020", "01/02/2020"], parsing.Kind("date", "%d/%m/%Y")),
        (["01/13/2020"], parsing.Kind("date", "%m/%d/%Y")),
        (["2020-01-05T10:00:00Z"], parsing.ISO_TS_TZ),
        (["2020-01-05 10:00", "2020-01-06"], parsing.ISO_TS),
        (["abc"], parsing.STRING),
        ([None, None], parsing.NULL),
    ],
)
def test_infer_kind(values: list[str | None], kind: parsing.Kind) -> None:
    assert infer_kind(pa.array(values, pa.string()), DOT) == kind


def test_iso_timestamps_with_offsets_become_utc() -> None:
    out, _ = _conv(["2020-01-05T10:00:00+02:00"], parsing.ISO_TS_TZ)
    assert out == [dt.datetime(2020, 1, 5, 8, 0, tzinfo=dt.UTC)]


def test_widen_moves_up_the_chain_and_terminates() -> None:
    assert widen(parsing.INT, pa.array(["1.5"]), DOT, set()) == parsing.FLOAT
    assert widen(parsing.INT, pa.array(["a"]), DOT, set()) == parsing.STRING
    assert widen(parsing.STRING, pa.array(["a"]), DOT, set()) == parsing.STRING


def test_failing_values_are_distinct_and_truncated() -> None:
    assert failing_values(pa.array(["1", "x", "y", "x", "z" * 500]), parsing.INT, DOT) == [
        "x",
        "y",
        "z" * 80,
    ]
