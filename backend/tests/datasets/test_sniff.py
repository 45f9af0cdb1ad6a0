"""Dialect detection: encoding, delimiter, header and decimal separator."""

from __future__ import annotations

import pytest

from csv_analyzer.datasets.errors import IngestError
from csv_analyzer.datasets.ingest.sniff import sniff


def test_semicolon_file_with_decimal_commas(write_csv) -> None:
    dialect = sniff(write_csv("a;b;c\n1,5;2,25;x\n3,0;4,5;y\n"))
    assert (dialect.delimiter, dialect.decimal, dialect.thousands) == (";", ",", ".")


def test_quoted_delimiters_do_not_fool_the_delimiter_vote(write_csv) -> None:
    dialect = sniff(write_csv('name,comment\nA,"x; y; z"\nB,"p; q; r"\n'))
    assert dialect.delimiter == ","


def test_header_is_detected_from_typed_columns(write_csv) -> None:
    assert sniff(write_csv("id,score\n1,2.5\n2,3.5\n")).has_header
    assert not sniff(write_csv("1,2.5\n2,3.5\n3,4.5\n")).has_header


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        ("ville\nMontréal\nQuébec\n", "cp1252", "cp1252"),
        ("miasto\nŁódź\nKraków\nGdańsk\n", "cp1250", "cp1250"),
        ("город\nМосква\nСанкт-Петербург\n", "cp1251", "cp1251"),  # noqa: RUF001 (Cyrillic on purpose)
        ("name\nJosé\n", "utf-8", "utf-8"),
    ],
)
def test_encodings(write_csv, text: str, encoding: str, expected: str) -> None:
    assert sniff(write_csv(text, encoding=encoding)).encoding == expected


def test_nul_bytes_mean_binary(write_csv) -> None:
    with pytest.raises(IngestError) as err:
        sniff(write_csv(b"a,b\n1,\x00\x00\n"))
    assert err.value.code == "binary_file"
