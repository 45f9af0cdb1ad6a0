"""Browsing: paging, sorting and filtering a dataset Parquet file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from csv_analyzer.datasets.errors import QueryError
from csv_analyzer.datasets.query import (
    TABLE_CACHE,
    Filter,
    FilterOp,
    SortKey,
    json_value,
    parse_filters,
    parse_sort,
    query_rows,
)


@pytest.fixture
def people(tmp_path: Path) -> Path:
    path = tmp_path / "people.parquet"
    table = pa.table(
        {
            "__row_id": pa.array(range(6), pa.int64()),
            "name": ["Ann", "bob", "Cy", None, "anna", "Dan"],
            "age": [30, 25, None, 41, 30, 52],
            "score": [1.5, float("nan"), 3.0, 2.0, None, 0.5],
            "joined": pa.array([dt.date(2020, 1, d) for d in (5, 1, 3, 2, 4, 6)], pa.date32()),
            "a:b": ["x", "y", "x", "y", "x", "y"],
        }
    )
    pq.write_table(table, path)
    return path


def test_first_page_in_file_order_with_total(people: Path) -> None:
    page = query_rows(people, limit=2)
    assert page.total == 6
    assert page.columns[0] == "__row_id"
    assert [r["__row_id"] for r in page.rows] == [0, 1]


def test_sort_desc_puts_missing_last_and_breaks_ties_by_row_id(people: Path) -> None:
    page = query_rows(people, sort=[("age", "desc")], limit=10)
    assert [r["age"] for r in page.rows] == [52, 41, 30, 30, 25, None]
    assert [r["__row_id"] for r in page.rows][2:4] == [0, 4]


def test_filters_are_combined_with_and(people: Path) -> None:
    filters = [
        Filter(column="name", op=FilterOp.CONTAINS, value="AN"),
        Filter(column="age", op=FilterOp.GE, value="30"),
    ]
    page = query_rows(people, filters=filters, sort=[SortKey(column="name")])
    assert page.total == 3
    assert [r["name"] for r in page.rows] == ["Ann", "Dan", "anna"]


def test_ne_keeps_missing_values_and_is_null_finds_them(people: Path) -> None:
    assert query_rows(people, filters=[Filter(column="age", op=FilterOp.NE, value=30)]).total == 4
    assert (
        query_rows(people, filters=[Filter(column="name", op=FilterOp.IS_NULL)]).rows[0]["__row_id"]
        == 3
    )


def test_rows_are_json_ready(people: Path) -> None:
    rows = query_rows(people, limit=3).rows
    assert rows[0]["joined"] == "2020-01-05"
    assert rows[1]["score"] is None  # NaN


def test_date_filter_and_offset(people: Path) -> None:
    page = query_rows(
        people,
        filters=parse_filters(["joined:gt:2020-01-02"]),
        sort=parse_sort("joined:asc"),
        offset=1,
        limit=2,
    )
    assert page.total == 4
    assert [r["joined"] for r in page.rows] == ["2020-01-04", "2020-01-05"]


def test_filter_values_may_contain_colons_and_columns_too(people: Path) -> None:
    assert parse_filters(["name:eq:a:b"]) == [Filter(column="name", op=FilterOp.EQ, value="a:b")]
    parsed = parse_filters(["a:b:eq:x"], columns=["a:b", "name"])
    assert parsed == [Filter(column="a:b", op=FilterOp.EQ, value="x")]
    assert query_rows(people, filters=parsed).total == 3


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        ("age", "column:op:value"),
        ("age:like:3", "unknown operator 'like'"),
        ("age:gt", "needs a value"),
    ],
)
def test_bad_filter_strings_name_the_bad_part(raw: str, match: str) -> None:
    with pytest.raises(QueryError, match=match) as err:
        parse_filters([raw])
    assert err.value.code == "invalid_filter"


def test_sort_grammar() -> None:
    assert parse_sort("a:desc, b") == [SortKey(column="a", direction="desc"), SortKey(column="b")]
    with pytest.raises(QueryError, match="'a:up'") as err:
        parse_sort("a:up")
    assert err.value.code == "invalid_sort"


def test_unknown_columns_and_bad_values_are_query_errors(people: Path) -> None:
    with pytest.raises(QueryError, match="unknown column 'nope'"):
        query_rows(people, sort=[("nope", "asc")])
    with pytest.raises(QueryError) as err:
        query_rows(people, filters=[Filter(column="age", op=FilterOp.GT, value="old")])
    assert err.value.code == "invalid_filter_value"
    with pytest.raises(QueryError) as err:
        query_rows(people, limit=1001)
    assert err.value.code == "invalid_page"


def test_values_are_bound_not_interpolated(people: Path) -> None:
    evil = "x'); DROP TABLE t; --"
    assert (
        query_rows(people, filters=[Filter(column="name", op=FilterOp.EQ, value=evil)]).total == 0
    )


def test_json_value_handles_special_values() -> None:
    assert json_value(float("inf")) is None
    assert json_value(dt.datetime(2020, 1, 2, 3, 4, 5)) == "2020-01-02T03:04:05"


def test_cached_table_and_parquet_file_give_the_same_page(
    people: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = {
        "sort": [("age", "desc")],
        "filters": [Filter(column="name", op=FilterOp.IS_NOT_NULL)],
        "limit": 3,
    }
    TABLE_CACHE.clear()
    cached = query_rows(people, **args)
    monkeypatch.setattr(TABLE_CACHE, "max_bytes", 0)
    assert query_rows(people, **args) == cached


def test_a_rewritten_file_is_not_served_from_the_cache(people: Path) -> None:
    assert query_rows(people).total == 6
    pq.write_table(pq.read_table(people).slice(0, 2), people)
    assert query_rows(people).total == 2
