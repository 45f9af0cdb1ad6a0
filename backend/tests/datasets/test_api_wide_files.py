"""Wide files: thousands of columns upload, profile, suggest and browse within bounded memory.

The profile used one UNION ALL over every column on a DuckDB connection without a memory limit;
a 20 x 10,000 file grew the server past 20 GB. Every DuckDB connection now carries the limits
from settings and the profile works (and answers) in chunks of columns.
"""

from __future__ import annotations

import io
import resource
from collections.abc import Iterator

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from csv_analyzer.datasets import sql
from csv_analyzer.main import create_app
from tests.conftest import SignedIn
from tests.datasets.api_support import API, upload_ok

ROWS, COLUMNS = 20, 3_000


def wide_csv(rows: int, columns: int) -> bytes:
    """Numbers, a few categories with gaps, and a constant every 10th column."""
    rng = np.random.default_rng(0)
    out = io.StringIO()
    out.write(",".join(f"c{j}" for j in range(columns)) + "\n")
    kinds = ["num", "cat", "num", "gap", "num", "num", "cat", "num", "num", "const"]
    cells = rng.integers(0, 1000, size=(rows, columns))
    for i in range(rows):
        line = []
        for j in range(columns):
            kind = kinds[j % len(kinds)]
            if kind == "cat":
                line.append("abc"[cells[i, j] % 3])
            elif kind == "gap":
                line.append("" if i % 4 == 0 else str(cells[i, j]))
            elif kind == "const":
                line.append("same")
            else:
                line.append(str(cells[i, j]))
        out.write(",".join(line) + "\n")
    return out.getvalue().encode()


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Far below the default: the wide profile must fit in it.
    return settings.model_copy(update={"duckdb_memory_limit": "300MB", "duckdb_threads": 1})


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    application = create_app(settings)
    yield application
    application.state.engine.dispose()
    sql.configure(sql.Limits())


def test_every_duckdb_connection_carries_the_configured_limits(client: TestClient) -> None:
    expected = ("286.1 MiB", 1)  # DuckDB shows 300MB in MiB
    with sql.shared_cursor() as con:
        got = con.sql("SELECT current_setting('memory_limit'), current_setting('threads')")
        assert got.fetchall() == [expected]
    with sql.connect() as con:
        got = con.sql("SELECT current_setting('memory_limit'), current_setting('threads')")
        assert got.fetchall() == [expected]


@pytest.mark.slow
def test_a_file_with_thousands_of_columns_profiles_and_suggests_in_pages(
    client: TestClient, alice: SignedIn
) -> None:
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    dataset_id = upload_ok(client, alice, wide_csv(ROWS, COLUMNS))["id"]

    r = client.get(f"{API}/{dataset_id}/profile", headers=alice.headers)
    assert r.status_code == 200, r.text
    first = r.json()
    assert (first["columns"], first["columns_offset"], first["columns_limit"]) == (COLUMNS, 0, 500)
    assert len(first["column_profiles"]) == 500
    assert len(first["missing"]["columns"]) == 500
    assert len(first["missing"]["matrix"]["columns"]) == 500
    assert all(len(line) == 500 for line in first["missing"]["matrix"]["values"])

    seen: list[str] = []
    offset = 0
    while offset < COLUMNS:
        r = client.get(
            f"{API}/{dataset_id}/profile",
            headers=alice.headers,
            params={"columns_offset": offset, "columns_limit": 1000},
        )
        assert r.status_code == 200, r.text
        seen += [p["name"] for p in r.json()["column_profiles"]]
        offset += 1000
    assert seen == [f"c{j}" for j in range(COLUMNS)]
    by_name = {p["name"]: p for p in r.json()["column_profiles"]}
    assert by_name["c2999"]["distinct"] == 1  # a constant
    assert by_name["c2993"]["missing"] == ROWS // 4  # a column with gaps
    assert by_name["c2991"]["bars"]["labels"]  # a category

    r = client.get(f"{API}/{dataset_id}/suggestions", headers=alice.headers)
    assert r.status_code == 200, r.text
    kinds = {s["kind"] for s in r.json()["items"]}
    assert {"constant_column", "missing_values"} <= kinds

    r = client.get(f"{API}/{dataset_id}/rows", headers=alice.headers, params={"limit": 5})
    assert r.status_code == 200, r.text
    assert len(r.json()["rows"]) == 5
    assert len(r.json()["columns"]) == COLUMNS
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown_mib < 1500, f"the test process grew by {grown_mib:.0f} MiB"


def test_profile_column_pages_are_validated(client: TestClient, alice: SignedIn) -> None:
    dataset_id = upload_ok(client, alice, b"a,b\n1,2\n3,4\n")["id"]
    for params in ({"columns_limit": 0}, {"columns_limit": 1001}, {"columns_offset": -1}):
        r = client.get(f"{API}/{dataset_id}/profile", headers=alice.headers, params=params)
        assert r.status_code == 422, (params, r.text)
    r = client.get(
        f"{API}/{dataset_id}/profile",
        headers=alice.headers,
        params={"columns_offset": 1, "columns_limit": 1},
    )
    assert r.status_code == 200, r.text
    assert [p["name"] for p in r.json()["column_profiles"]] == ["b"]
    assert r.json()["columns"] == 2
    r = client.get(
        f"{API}/{dataset_id}/profile", headers=alice.headers, params={"columns_offset": 5}
    )
    assert r.status_code == 200, r.text
    assert r.json()["column_profiles"] == []
