"""Uploading CSV files through the HTTP API: good files become datasets, bad ones leave nothing."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import (
    API,
    DATA,
    assert_nothing_left,
    csv_bytes,
    stored_files,
    table_counts,
    upload,
    upload_ok,
)


def column_types(body: dict[str, object]) -> dict[str, str]:
    version = body["version"]
    assert isinstance(version, dict)
    types = version["column_types"]
    assert isinstance(types, dict)
    return types


class TestUploadAccepted:
    def test_bench_file_becomes_dataset_with_version_1(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        content = (DATA / "sacramento_housing.csv").read_bytes()
        body = upload_ok(client, alice, content, filename="sacramento_housing.csv")
        assert body["name"] == "sacramento_housing"
        assert body["original_filename"] == "sacramento_housing.csv"
        assert body["size_bytes"] == len(content)
        assert (body["rows"], body["columns"], body["current_version"]) == (932, 10, 1)
        assert body["versions_count"] == 1
        version = body["version"]
        assert version["number"] == 1
        assert version["origin"] == "upload"
        assert version["operations"] == []
        assert version["is_current"] is True
        assert version["ingest_report"]["dialect"]["delimiter"] == ","
        types = column_types(body)
        assert types["price"] in ("integer", "numeric")
        assert types["city"] == "categorical"
        assert [c["name"] for c in version["columns_summary"]] == list(types)
        # The raw upload is kept next to the Parquet version.
        names = sorted(p.name for p in stored_files(app))
        assert names == ["data.parquet", "source.csv"]
        assert table_counts(app) == (1, 1)

    def test_name_field_names_the_dataset(self, client: TestClient, alice: SignedIn) -> None:
        body = upload_ok(client, alice, csv_bytes([["a"], [1], [2]]), name="  My data  ")
        assert body["name"] == "My data"

    def test_semicolon_decimal_comma_csv(self, client: TestClient, alice: SignedIn) -> None:
        content = csv_bytes(
            [["price", "city"], ["1,5", "Köln"], ["2,25", "Bonn"], ["3,0", "Köln"]], sep=";"
        )
        body = upload_ok(client, alice, content)
        assert column_types(body)["price"] == "numeric"
        report = body["version"]["ingest_report"]
        assert report["dialect"]["delimiter"] == ";"
        assert report["dialect"]["decimal"] == ","

    def test_latin1_file(self, client: TestClient, alice: SignedIn) -> None:
        content = "name,city\nJosé,München\nZoë,Besançon\n".encode("latin-1")
        body = upload_ok(client, alice, content)
        assert body["rows"] == 2
        assert body["version"]["ingest_report"]["dialect"]["encoding"] in ("cp1252", "latin-1")

    def test_quoted_newlines_stay_in_one_cell(self, client: TestClient, alice: SignedIn) -> None:
        content = b'id,comment\n1,"first line\nsecond line"\n2,"plain"\n3,"a ""quoted"" word"\n'
        body = upload_ok(client, alice, content)
        assert (body["rows"], body["columns"]) == (3, 2)

    def test_duplicate_and_empty_headers_are_renamed_and_reported(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        body = upload_ok(client, alice, csv_bytes([["a", "a", ""], [1, 2, 3], [4, 5, 6]]))
        assert list(column_types(body)) == ["a", "a_2", "column_3"]
        renamed = body["version"]["ingest_report"]["renamed_headers"]
        assert {(r["original"], r["new"]) for r in renamed} == {("a", "a_2"), ("", "column_3")}

    def test_ten_thousand_columns(self, client: TestClient, alice: SignedIn) -> None:
        header = [f"c{i}" for i in range(10_000)]
        body = upload_ok(client, alice, csv_bytes([header, list(range(10_000))]))
        assert body["columns"] == 10_000

    @pytest.mark.slow
    def test_one_50_mb_field(self, client: TestClient, alice: SignedIn) -> None:
        big = b"x" * (50 << 20)
        body = upload_ok(client, alice, b"id,blob\n1," + big + b"\n2,small\n")
        assert (body["rows"], body["columns"]) == (2, 2)


def bad_inputs() -> Iterator[tuple[str, bytes, int, str]]:
    yield "empty", b"", 422, "empty_file"
    yield "blank lines", b"\n\n  \n", 422, "empty_file"
    yield "header only", b"a,b,c\n", 422, "header_only"
    yield "binary", bytes(range(256)) * 40, 415, "binary_file"
    yield "nul bytes", b"a,b\n1,\x00\x00\x00\x002\n" * 10, 415, "binary_file"
    ragged = b"a,b,c\n" + b"1,2,3\n" * 50 + b"1,2\n" + b"1,2,3,4,5\n" * 5
    yield "ragged rows", ragged, 422, "ragged_rows"
    yield (
        "too many columns",
        csv_bytes([[f"c{i}" for i in range(10_001)], [1] * 10_001]),
        422,
        "too_many_columns",
    )


class TestUploadRejected:
    @pytest.mark.parametrize(
        ("content", "status", "code"),
        [pytest.param(c, s, k, id=i) for i, c, s, k in bad_inputs()],
    )
    def test_bad_file_gives_clean_error_and_leaves_nothing(
        self,
        client: TestClient,
        app: FastAPI,
        alice: SignedIn,
        content: bytes,
        status: int,
        code: str,
    ) -> None:
        r = upload(client, alice, content)
        assert r.status_code == status, r.text
        error = r.json()["error"]
        assert error["code"] == code
        assert error["message"]
        assert_nothing_left(app)

    def test_ragged_rows_name_the_line(self, client: TestClient, alice: SignedIn) -> None:
        content = b"a,b,c\n1,2,3\n4,5\n6,7,8\n9\n"
        r = upload(client, alice, content)
        assert r.status_code == 422
        error = r.json()["error"]
        assert error["code"] == "ragged_rows"
        assert "line 3" in error["message"]
        assert error["details"]["rows"][0]["line"] == 3

    def test_too_large_file_is_413(self, client: TestClient, app: FastAPI, alice: SignedIn) -> None:
        app.state.settings.max_upload_bytes = 1000
        r = upload(client, alice, csv_bytes([["a", "b"]] + [[i, i] for i in range(500)]))
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "file_too_large"
        assert_nothing_left(app)

    def test_too_large_streamed_body_without_length_is_413(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        app.state.settings.max_upload_bytes = 100_000
        boundary = "xyzzy"

        def body() -> Iterator[bytes]:
            yield (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="big.csv"\r\nContent-Type: text/csv\r\n\r\na,b\n'
            ).encode()
            for _ in range(100):
                yield b"1,2\n" * 1000
            yield f"\r\n--{boundary}--\r\n".encode()

        headers = {**alice.headers, "Content-Type": f"multipart/form-data; boundary={boundary}"}
        r = client.post(API, headers=headers, content=body())
        assert r.status_code == 413
        assert r.json()["error"]["code"] == "file_too_large"
        assert_nothing_left(app)

    def test_declared_non_csv_type_is_415(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        r = upload(client, alice, b"\x89PNG...", filename="cat.png", content_type="image/png")
        assert r.status_code == 415
        assert r.json()["error"]["code"] == "not_csv"
        assert_nothing_left(app)

    def test_json_body_is_415(self, client: TestClient, app: FastAPI, alice: SignedIn) -> None:
        r = client.post(API, headers=alice.headers, json={"file": "a,b\n1,2\n"})
        assert r.status_code == 415
        assert r.json()["error"]["code"] == "multipart_required"
        assert_nothing_left(app)

    def test_form_without_file_is_422(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        r = client.post(
            API, headers=alice.headers, data={"name": "x"}, files={"other": ("a", b"1")}
        )
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "file_missing"
        assert_nothing_left(app)

    def test_too_long_name_is_422(self, client: TestClient, app: FastAPI, alice: SignedIn) -> None:
        r = upload(client, alice, csv_bytes([["a"], [1]]), name="n" * 201)
        assert r.status_code == 422
        assert_nothing_left(app)

    def test_anonymous_upload_is_401(self, client: TestClient, app: FastAPI) -> None:
        r = client.post(API, files={"file": ("a.csv", b"a\n1\n", "text/csv")})
        assert r.status_code == 401
        assert_nothing_left(app)
