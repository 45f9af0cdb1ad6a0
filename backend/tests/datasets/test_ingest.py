"""Ingest: messy CSV files become typed Parquet files, or fail with a clear IngestError."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from csv_analyzer.datasets.errors import IngestError
from csv_analyzer.datasets.ingest.reader import ingest_csv
from csv_analyzer.datasets.types import ROW_ID, SemanticType


def _rows(path: Path) -> list[dict[str, Any]]:
    return pq.read_table(path).to_pylist()


def test_semicolon_decimal_comma_csv(write_csv, ingest) -> None:
    src = write_csv("name;price;qty\nA;1.234,50;3\nB;2,5;4\nC;-0,75;5\n")
    report, out = ingest(src)
    assert report.dialect.delimiter == ";"
    assert report.dialect.decimal == ","
    assert [r["price"] for r in _rows(out)] == [1234.5, 2.5, -0.75]
    assert report.column_types["price"] == SemanticType.NUMERIC


def test_latin1_file_is_transcoded(write_csv, ingest) -> None:
    src = write_csv(
        "ville,habitants\nMontréal,1700000\nQuébec,540000\nSão Paulo,12000000\n", encoding="latin-1"
    )
    report, out = ingest(src)
    assert report.dialect.encoding in ("cp1252", "latin-1", "iso8859-1")
    assert [r["ville"] for r in _rows(out)] == ["Montréal", "Québec", "São Paulo"]


def test_cp1252_bytes_after_an_ascii_sample_are_read_as_cp1252(write_csv, ingest) -> None:
    body = "".join(f"{i},plain\n" for i in range(120_000))
    src = write_csv("n,word\n" + body + "120000,café “quoted”\n", encoding="cp1252")
    report, out = ingest(src)
    assert _rows(out)[-1]["word"] == "café “quoted”"
    assert any("cp1252" in w for w in report.warnings)


def test_utf8_bom_is_stripped_from_the_first_header(write_csv, ingest) -> None:
    report, _ = ingest(write_csv("\ufeffid_code,value\nx1,1\nx2,2\n"))
    assert report.columns[0].name == "id_code"
    assert report.dialect.encoding == "utf-8-sig"


def test_tab_and_pipe_delimiters_are_detected(write_csv, ingest) -> None:
    for delim in ("\t", "|"):
        report, _ = ingest(write_csv(f"a{delim}b{delim}c\n1{delim}2{delim}x\n3{delim}4{delim}y\n"))
        assert report.dialect.delimiter == delim
        assert [c.name for c in report.columns] == ["a", "b", "c"]


def test_quoted_newlines_survive(write_csv, ingest) -> None:
    src = write_csv(
        'id,comment\n1,"first line\nsecond line"\n2,"say ""hi"", then\r\nleave"\n3,plain\n'
    )
    report, out = ingest(src)
    assert report.rows == 3
    assert [r["comment"] for r in _rows(out)] == [
        "first line\nsecond line",
        'say "hi", then\r\nleave',
        "plain",
    ]


def test_null_tokens_become_missing(write_csv, ingest) -> None:
    src = write_csv("a,b\n1,x\nNA,N/A\nnull,?\n-,NaN\n,y\n")
    report, out = ingest(src)
    assert [r["a"] for r in _rows(out)] == [1, None, None, None, None]
    assert {c.name: c.missing for c in report.columns} == {"a": 4, "b": 3}


def test_currency_thousands_and_percent_become_numbers(write_csv, ingest) -> None:
    src = write_csv('price,rate,eur\n"$1,234.50",12%,€5\n$99,7.5%,€ 1000\n"£2,000",100%,€0.5\n')
    _report, out = ingest(src)
    rows = _rows(out)
    assert [r["price"] for r in rows] == [1234.5, 99.0, 2000.0]
    assert [r["rate"] for r in rows] == pytest.approx([0.12, 0.075, 1.0])
    assert [r["eur"] for r in rows] == [5.0, 1000.0, 0.5]


def test_booleans_and_zero_one_columns(write_csv, ingest) -> None:
    src = write_csv("flag,bit,word\nyes,0,True\nno,1,false\nY,1,TRUE\n")
    report, out = ingest(src)
    types = report.column_types
    assert types == {
        "flag": SemanticType.BOOLEAN,
        "bit": SemanticType.BOOLEAN,
        "word": SemanticType.BOOLEAN,
    }
    rows = _rows(out)
    assert [r["flag"] for r in rows] == [True, False, True]
    assert [r["bit"] for r in rows] == [0, 1, 1]  # 0/1 stay integers so they round-trip
    assert report.columns[1].arrow_type == "int64"


def test_day_first_dates_are_disambiguated_by_a_later_value(write_csv, ingest) -> None:
    src = write_csv("when,iso\n01/02/2020,2020-01-05T10:00:00\n13/02/2020,2020-01-06 11:30\n")
    report, out = ingest(src)
    rows = _rows(out)
    assert [r["when"] for r in rows] == [dt.date(2020, 2, 1), dt.date(2020, 2, 13)]
    assert rows[1]["iso"] == dt.datetime(2020, 1, 6, 11, 30)
    assert report.column_types["when"] == SemanticType.DATETIME


def test_ambiguous_dates_warn_and_read_month_first(write_csv, ingest) -> None:
    report, out = ingest(write_csv("when\n01/02/2020\n03/04/2020\n"))
    assert _rows(out)[0]["when"] == dt.date(2020, 1, 2)
    assert any("ambiguous" in w for w in report.warnings)


def test_leading_zero_codes_stay_strings(write_csv, ingest) -> None:
    report, out = ingest(write_csv("zip,n\n01234,1\n98765,2\n00501,3\n"))
    assert report.columns[0].arrow_type == "string"
    assert _rows(out)[0]["zip"] == "01234"


def test_int_column_widened_to_float_by_a_late_block_rereads_the_file(
    write_csv, ingest, monkeypatch
) -> None:
    monkeypatch.setattr("csv_analyzer.datasets.ingest.reader.DEFAULT_BLOCK_SIZE", 256 << 10)
    body = "".join(f"{i},{i % 7}\n" for i in range(300_000))
    report, out = ingest(write_csv("n,v\n" + body + "300000,2.5\n"))
    assert report.passes == 2
    assert report.columns[1].arrow_type == "double"
    table = pq.read_table(out, columns=["v"])
    assert table.num_rows == 300_001
    assert table["v"][-1].as_py() == 2.5


def test_read_progress_follows_the_rows_converted_not_the_readers_look_ahead(
    write_csv, ingest, monkeypatch
) -> None:
    monkeypatch.setattr("csv_analyzer.datasets.ingest.reader.DEFAULT_BLOCK_SIZE", 256 << 10)
    body = "".join(f'{i},"name {i}",{i * 0.5},NA\n' for i in range(200_000))
    seen: list[tuple[str, float]] = []
    ingest(write_csv("id,name,x,empty\n" + body), progress=lambda p, f: seen.append((p, f)))
    reads = [f for phase, f in seen if phase == "read"]
    assert len(reads) > 10
    assert reads == sorted(reads)
    # Spread over the blocks, never a jump to the end at the first ones (the reader looks ahead).
    steps = [b - a for a, b in zip([0.0, *reads], reads, strict=False)]
    assert max(steps) < 0.2
    assert sum(f < 0.5 for f in reads) >= 5
    assert reads[-1] == 1.0
    assert seen[-1] == ("analyze", 0.0)


def test_text_in_a_late_block_makes_the_column_text(write_csv, ingest, monkeypatch) -> None:
    monkeypatch.setattr("csv_analyzer.datasets.ingest.reader.DEFAULT_BLOCK_SIZE", 256 << 10)
    body = "".join(f"{i}\n" for i in range(300_000))
    report, out = ingest(write_csv("v\n" + body + "oops\n"))
    assert report.columns[0].arrow_type == "string"
    assert pq.read_table(out)["v"][0].as_py() == "0"


def test_row_id_is_a_stable_zero_based_column(write_csv, ingest) -> None:
    _, out = ingest(write_csv("a\nx\ny\nz\n"))
    table = pq.read_table(out)
    assert table.column_names[0] == ROW_ID
    assert table[ROW_ID].to_pylist() == [0, 1, 2]
    assert str(table.schema.field(ROW_ID).type) == "int64"


def test_duplicate_headers_are_deduplicated(write_csv, ingest) -> None:
    report, _ = ingest(write_csv("a,a,,A,__row_id\n1,2,3,4,5\n"))
    assert [c.name for c in report.columns] == ["a", "a_2", "column_3", "A_3", "__row_id_2"]
    assert [(r.position, r.original, r.new) for r in report.renamed_headers] == [
        (2, "a", "a_2"),
        (3, "", "column_3"),
        (4, "A", "A_3"),
        (5, "__row_id", "__row_id_2"),
    ]


def test_headerless_numeric_file_gets_generated_names(write_csv, ingest) -> None:
    report, _ = ingest(write_csv("1,2.5,3\n4,5.5,6\n7,8.5,9\n"))
    assert not report.dialect.has_header
    assert [c.name for c in report.columns] == ["column_1", "column_2", "column_3"]
    assert report.rows == 3


def test_ragged_row_reports_line_number(write_csv, ingest) -> None:
    body = "".join(f"{i},x\n" for i in range(200))
    report, out = ingest(write_csv("a,b\n" + body + "1,2,3\n" + body))
    assert report.rejected_row_count == 1
    assert report.rejected_rows[0].line == 202
    assert report.rejected_rows[0].actual_fields == 3
    assert pq.read_metadata(out).num_rows == 400


def test_many_ragged_rows_are_rejected_with_line_numbers(write_csv) -> None:
    src = write_csv("a,b\n1,2\n3\n4,5\n6,7,8\n")
    with pytest.raises(IngestError, match="line 3") as err:
        ingest_csv(src, src.with_suffix(".parquet"))
    assert err.value.code == "ragged_rows"
    assert [r["line"] for r in err.value.details["rows"]] == [3, 5]
    assert not src.with_suffix(".parquet").exists()


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (b"\n\n  \n", "empty_file"),
        (b"\xef\xbb\xbf", "empty_file"),
        (b"a,b,c\n", "header_only"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary_file"),
    ],
)
def test_bad_files_raise_ingest_errors(write_csv, content: bytes, code: str) -> None:
    src = write_csv(content)
    with pytest.raises(IngestError) as err:
        ingest_csv(src, src.with_suffix(".parquet"))
    assert err.value.code == code


def test_binary_file_is_rejected(write_csv) -> None:
    rng = random.Random(1)
    src = write_csv(bytes(rng.randrange(256) for _ in range(50_000)))
    with pytest.raises(IngestError, match="binary") as err:
        ingest_csv(src, src.with_suffix(".parquet"))
    assert err.value.code == "binary_file"


def test_10000_columns_are_ingested(write_csv, ingest) -> None:
    header = ",".join(f"c{i}" for i in range(10_000))
    rows = "\n".join(",".join(str(i * j % 97) for i in range(10_000)) for j in range(5))
    report, out = ingest(write_csv(header + "\n" + rows + "\n"))
    assert len(report.columns) == 10_000
    assert pq.read_metadata(out).num_columns == 10_001


def test_too_many_columns_is_a_clean_error(write_csv) -> None:
    src = write_csv(",".join(f"c{i}" for i in range(50)) + "\n" + ",".join("1" * 50) + "\n")
    with pytest.raises(IngestError, match="at most 20") as err:
        ingest_csv(src, src.with_suffix(".parquet"), max_columns=20)
    assert err.value.code == "too_many_columns"


def test_50mb_field_is_ingested(write_csv, ingest) -> None:
    big = "x" * (50 << 20)
    report, out = ingest(write_csv(f'id,blob\n1,"{big}"\n2,small\n'))
    assert report.rows == 2
    assert len(pq.read_table(out)["blob"][0].as_py()) == 50 << 20


def test_type_override_keeps_codes_as_text(write_csv, ingest) -> None:
    report, out = ingest(
        write_csv("code,v\n123,1\n456,2\n"), type_overrides={"code": "categorical"}
    )
    assert report.column_types["code"] == SemanticType.CATEGORICAL
    assert _rows(out)[0]["code"] == "123"


def test_impossible_type_override_lists_failing_values(write_csv) -> None:
    src = write_csv("v\n1\nabc\n2\nx y\n")
    with pytest.raises(IngestError, match="'abc'") as err:
        ingest_csv(src, src.with_suffix(".parquet"), type_overrides={"v": SemanticType.NUMERIC})
    assert err.value.code == "type_override_failed"
    assert err.value.details["sample_values"] == ["abc", "x y"]


def test_override_of_unknown_column_is_rejected(write_csv) -> None:
    src = write_csv("v\n1\n")
    with pytest.raises(IngestError, match="nope") as err:
        ingest_csv(src, src.with_suffix(".parquet"), type_overrides={"nope": "text"})
    assert err.value.code == "unknown_column"


def test_progress_is_reported_per_phase(write_csv, ingest) -> None:
    calls: list[tuple[str, float]] = []
    ingest(write_csv("a\n1\n2\n"), progress=lambda phase, f: calls.append((phase, f)))
    assert calls[0][0] == "read"
    assert calls[-1] == ("analyze", 0.0)
    assert any(f == 1.0 for _, f in calls)


@pytest.mark.parametrize("name", ["hr_attrition.csv", "mlc_churn.csv", "sacramento_housing.csv"])
def test_bench_files_get_sensible_types(ingest, bench: Path, name: str) -> None:
    report, _ = ingest(bench / name)
    types = report.column_types
    assert types["rownames"] == SemanticType.IDENTIFIER
    assert SemanticType.CATEGORICAL in types.values()
    assert report.rejected_row_count == 0
    assert report.passes == 1
