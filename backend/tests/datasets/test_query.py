"""Browsing: paging, sorting and filtering a dataset Parquet file."""

from __future__ import annotations

import datetime as dt
import math
import threading
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from csv_analyzer.datasets.browse import query as query_module
from csv_analyzer.datasets.browse.query import (
    TABLE_CACHE,
    Filter,
    FilterOp,
    SortKey,
    json_value,
    parse_filters,
    parse_sort,
    query_rows,
)
from csv_analyzer.datasets.errors import QueryError
from csv_analyzer.datasets.sql import shared_cursor


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


def _wide_table(rows: int = 3000) -> pa.Table:
    """Ties, missing values, NaN, a low-cardinality string and a user column named like ours."""
    rng = np.random.default_rng(3)
    score = rng.integers(0, 20, rows).astype(float)
    score[rng.random(rows) < 0.05] = np.nan
    return pa.table(
        {
            "__row_id": pa.array(np.arange(rows) * 3 + 7, pa.int64()),
            "grp": pa.array([f"g{k}" for k in rng.integers(0, 4, rows)]),
            "score": pa.array(score, mask=rng.random(rows) < 0.05),
            "n": pa.array(rng.integers(0, 5, rows), pa.int64()),
            "day": pa.array(
                np.datetime64("2021-01-01") + rng.integers(0, 30, rows).astype("timedelta64[D]")
            ),
            "__position": pa.array(rng.integers(0, 2, rows), pa.int64()),
            "label": pa.array([None if k == 0 else f"é{k}" for k in rng.integers(0, 9, rows)]),
        }
    )


@pytest.fixture
def wide(tmp_path: Path) -> Path:
    path = tmp_path / "wide.parquet"
    # Small row groups: pages gather rows across several decoded chunks.
    pq.write_table(_wide_table(), path, row_group_size=700, use_dictionary=["grp"])
    return path


VIEWS: list[dict[str, Any]] = [
    {"sort": [("score", "desc")], "filters": []},
    {"sort": [("grp", "asc"), ("n", "desc")], "filters": []},
    {"sort": [("n", "asc")], "filters": [Filter(column="grp", op=FilterOp.EQ, value="g1")]},
    {"sort": [("day", "desc")], "filters": [Filter(column="score", op=FilterOp.GE, value="3")]},
    {"sort": [("score", "asc")], "filters": [Filter(column="n", op=FilterOp.NE, value="2")]},
    {"sort": [], "filters": [Filter(column="score", op=FilterOp.IS_NULL)]},
    {"sort": [("__position", "asc")], "filters": []},
    {"sort": [("grp", "desc")], "filters": []},
    {"sort": [("label", "asc")], "filters": [Filter(column="n", op=FilterOp.LT, value="4")]},
    {"sort": [("n", "desc")], "filters": [Filter(column="n", op=FilterOp.GE, value="1")]},
    {"sort": [], "filters": []},
]


@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("offset", [0, 100, 1500, 2950, 2999, 5000])
def test_cached_pages_equal_the_sql_pages_at_any_depth(
    wide: Path, view: dict[str, Any], offset: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    TABLE_CACHE.clear()
    first = query_rows(wide, offset=offset, limit=50, **view)
    again = query_rows(wide, offset=offset, limit=50, **view)  # served from the cached indexes
    monkeypatch.setattr(TABLE_CACHE, "max_bytes", 0)
    assert first == again == query_rows(wide, offset=offset, limit=50, **view)


def test_row_ids_out_of_file_order_still_break_ties(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "shuffled.parquet"
    table = _wide_table(900)
    shuffled = np.random.default_rng(5).permutation(900)
    pq.write_table(table.set_column(0, "__row_id", pa.array(shuffled, pa.int64())), path)
    TABLE_CACHE.clear()
    view: dict[str, Any] = {"sort": [("n", "desc")], "offset": 700, "limit": 200}
    cached = query_rows(path, **view)
    monkeypatch.setattr(TABLE_CACHE, "max_bytes", 0)
    assert cached == query_rows(path, **view)
    ids = [(int(str(r["n"])), int(str(r["__row_id"]))) for r in cached.rows]
    assert ids == sorted(ids, key=lambda t: (-t[0], t[1]))


def test_sorted_pages_break_ties_by_row_id_and_put_missing_last(wide: Path) -> None:
    table = _wide_table().to_pylist()
    present = [r for r in table if r["score"] is not None]

    def rank(r: dict[str, Any]) -> tuple[float, int]:
        nan = math.isnan(r["score"])
        return (-math.inf if nan else -r["score"], r["__row_id"])  # DESC: NaN is the largest

    expected = sorted(present, key=rank) + [r for r in table if r["score"] is None]
    got = [
        r["__row_id"]
        for offset in range(0, len(table), 1000)
        for r in query_rows(wide, sort=[("score", "desc")], offset=offset, limit=1000).rows
    ]
    assert got == [r["__row_id"] for r in expected]


def test_filtered_sorted_pages_are_disjoint_and_cover_every_match(wide: Path) -> None:
    filters = [Filter(column="grp", op=FilterOp.NE, value="g0")]
    sort = [("n", "desc"), ("grp", "asc")]
    total = query_rows(wide, filters=filters, sort=sort, limit=1).total
    seen = [
        r["__row_id"]
        for offset in range(0, total, 333)
        for r in query_rows(wide, filters=filters, sort=sort, offset=offset, limit=333).rows
    ]
    expected = {r["__row_id"] for r in _wide_table().to_pylist() if r["grp"] != "g0"}
    assert len(seen) == total == len(expected)
    assert set(seen) == expected


def test_wide_filters_reuse_one_full_order_and_stay_exact(
    wide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    TABLE_CACHE.clear()
    sort = [("score", "asc")]
    views = [[Filter(column="n", op=FilterOp.LE, value=str(v))] for v in (3, 4, 2)]
    cached = [query_rows(wide, filters=f, sort=sort, offset=1200, limit=40) for f in views]
    assert TABLE_CACHE.cached_indexes() > 0
    monkeypatch.setattr(TABLE_CACHE, "max_bytes", 0)
    assert cached == [query_rows(wide, filters=f, sort=sort, offset=1200, limit=40) for f in views]


def test_each_version_has_its_own_cached_indexes(tmp_path: Path) -> None:
    TABLE_CACHE.clear()
    v1, v2 = tmp_path / "v1.parquet", tmp_path / "v2.parquet"
    table = _wide_table(500)
    pq.write_table(table, v1)
    pq.write_table(table.filter(pc.equal(table["grp"], "g2")), v2)  # a cleaned version
    args: dict[str, Any] = {
        "sort": [("n", "desc")],
        "filters": [Filter(column="score", op=FilterOp.IS_NOT_NULL)],
        "limit": 1000,
    }
    page1, page2 = query_rows(v1, **args), query_rows(v2, **args)
    assert {r["grp"] for r in page2.rows} == {"g2"}
    assert page2.total < page1.total
    assert query_rows(v1, **args) == page1
    assert query_rows(v2, **args) == page2


def test_filter_values_are_cached_by_value_and_type(wide: Path) -> None:
    TABLE_CACHE.clear()
    for value in ("2", "3", "2.5"):
        page = query_rows(wide, filters=[Filter(column="score", op=FilterOp.GT, value=value)])
        assert all(r["score"] is None or float(r["score"]) > float(value) for r in page.rows)
        expected = sum(
            1
            for r in _wide_table().to_pylist()
            if r["score"] is not None and (math.isnan(r["score"]) or r["score"] > float(value))
        )
        assert page.total == expected


def test_file_pages_sorted_by_a_float_with_nan_stay_right_while_other_queries_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB's top-N filter pushed into a Parquet scan drops NaN-sorted rows under concurrency;
    the file path must not trigger it (about 5% of pages were wrong before the fix)."""
    path = tmp_path / "nan.parquet"
    table = _wide_table()
    pq.write_table(table, path, row_group_size=700)
    monkeypatch.setattr(TABLE_CACHE, "max_bytes", 0)  # every page from the file
    args: dict[str, Any] = {"sort": [("score", "desc")], "limit": 50}
    expected = query_rows(path, **args)
    stop = threading.Event()

    def sort_meanwhile() -> None:
        with shared_cursor() as con:
            con.register("other", table)
            while not stop.is_set():
                con.sql('SELECT "__row_id" FROM other ORDER BY "score" DESC NULLS LAST').fetchall()

    other = threading.Thread(target=sort_meanwhile)
    other.start()
    try:
        wrong = sum(query_rows(path, **args) != expected for _ in range(300))
    finally:
        stop.set()
        other.join()
    assert wrong == 0


def test_a_new_views_first_page_is_a_top_n_and_the_whole_view_is_sorted_behind_it(
    wide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    view: dict[str, Any] = {
        "sort": [("day", "desc"), ("n", "asc")],
        "filters": [Filter(column="grp", op=FilterOp.NE, value="g2")],
        "limit": 50,
    }
    sorted_in: list[str] = []
    whole = query_module._selected_positions

    def record(*args: Any) -> Any:
        sorted_in.append(threading.current_thread().name)
        return whole(*args)

    monkeypatch.setattr(query_module, "_selected_positions", record)
    TABLE_CACHE.clear()
    first = query_rows(wide, offset=0, **view)
    query_module.wait_for_prefetches()
    assert len(sorted_in) == 1
    assert sorted_in[0].startswith("browse-sort")  # not in the request's thread
    deep = query_rows(wide, offset=1500, **view)  # served from the view sorted meanwhile
    assert len(sorted_in) == 2
    assert sorted_in[1] == threading.current_thread().name  # a cache hit, no new sort
    monkeypatch.setattr(TABLE_CACHE, "max_bytes", 0)
    assert first == query_rows(wide, offset=0, **view)
    assert deep == query_rows(wide, offset=1500, **view)
    assert first.total == deep.total > 1500


def test_a_deep_page_never_waits_for_sorts_queued_behind_other_views(
    wide: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(query_module, "TOP_N_ROWS", 100)  # offset 400 is a deep page
    blocker = threading.Event()
    busy = query_module._PREFETCH_POOL.submit(blocker.wait, 30)  # the sorting thread is taken
    view: dict[str, Any] = {
        "sort": [("n", "desc")],
        "filters": [Filter(column="grp", op=FilterOp.EQ, value="g3")],
        "limit": 20,
    }
    try:
        TABLE_CACHE.clear()
        first = query_rows(wide, offset=0, **view)  # its view's sort is queued, not started
        answered: list[Any] = []
        deep = threading.Thread(
            target=lambda: answered.append(query_rows(wide, offset=400, **view))
        )
        deep.start()
        deep.join(timeout=10)
        assert answered, "the deep page waited for the queue"
        assert answered[0].total == first.total > 400
    finally:
        blocker.set()
        busy.result()
        query_module.wait_for_prefetches()
