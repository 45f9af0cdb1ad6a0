"""Filter values are typed like their column, accepting the number formats upload accepts."""

from __future__ import annotations

import pyarrow as pa
import pytest

from csv_analyzer.datasets.browse.filters import coerce_value
from csv_analyzer.datasets.errors import QueryError


class TestNumberFilterValues:
    @pytest.mark.parametrize(
        ("typed", "arrow_type", "expected"),
        [
            ("$300,000", pa.int64(), 300_000),
            ("300,000", pa.int64(), 300_000),
            ("€1.234,50", pa.float64(), 1234.5),
            ("1,5", pa.float64(), 1.5),
            ("12%", pa.float64(), 0.12),
            ("£ 1 250", pa.float64(), 1250.0),
            ("-0.5", pa.float64(), -0.5),
            ("1e3", pa.int64(), 1000),
        ],
    )
    def test_currency_and_separators_read_as_upload_reads_them(
        self, typed: str, arrow_type: pa.DataType, expected: float
    ) -> None:
        value = coerce_value("price", typed, arrow_type)
        assert value == pytest.approx(expected)
        assert type(value) is type(expected)

    @pytest.mark.parametrize("typed", ["old", "$", "1,2,3.4.5", "nan", ""])
    def test_text_that_is_no_number_is_refused(self, typed: str) -> None:
        with pytest.raises(QueryError, match="not a valid double value") as err:
            coerce_value("price", typed, pa.float64())
        assert err.value.code == "invalid_filter_value"
