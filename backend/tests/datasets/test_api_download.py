"""Downloading a version as spreadsheet-safe CSV or as Parquet through the HTTP API."""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
from fastapi.testclient import TestClient

from tests.conftest import SignedIn
from tests.datasets.api_support import API, upload_ok

RISKY = b"""label,amount,note
=1+2,-5,@SUM(A1)
+cmd,3,plain
-neg,4,"=HYPERLINK(""http://x"")"
ok,5,
"""


def header(text: str) -> list[str]:
    return next(csv.reader(io.StringIO(text)))


class TestDownload:
    def test_csv_escapes_formula_cells_but_not_numbers(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        created = upload_ok(client, alice, RISKY, name="Risky / report")
        r = client.get(f"{API}/{created['id']}/download", headers=alice.headers)
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/csv")
        assert 'filename="Risky _ report-v1.csv"' in r.headers["content-disposition"]
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ["label", "amount", "note"]
        assert rows[1] == ["'=1+2", "-5", "'@SUM(A1)"]
        assert rows[2][0] == "'+cmd"
        assert rows[3] == ["'-neg", "4", '\'=HYPERLINK("http://x")']
        assert rows[4][:2] == ["ok", "5"]
        assert "__row_id" not in r.text

    def test_csv_escapes_header_names_and_opts_out_on_request(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        content = b'"=HYPERLINK(""http://x"")",@amount,-note\n=1+2,-5,-3\n+cmd,3,x\n'
        created = upload_ok(client, alice, content)
        url = f"{API}/{created['id']}/download"
        rows = list(csv.reader(io.StringIO(client.get(url, headers=alice.headers).text)))
        assert rows[0] == ['\'=HYPERLINK("http://x")', "'@amount", "'-note"]
        assert rows[1] == ["'=1+2", "-5", "-3"]
        r = client.get(url, headers=alice.headers, params={"escape_formulas": "false"})
        rows = list(csv.reader(io.StringIO(r.text)))
        assert rows[0] == ['=HYPERLINK("http://x")', "@amount", "-note"]
        assert rows[1:] == [["=1+2", "-5", "-3"], ["+cmd", "3", "x"]]

    def test_parquet_download_has_the_data_without_row_ids(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        created = upload_ok(client, alice, RISKY)
        r = client.get(
            f"{API}/{created['id']}/download", headers=alice.headers, params={"format": "parquet"}
        )
        assert r.status_code == 200
        assert r.headers["content-type"] == "application/vnd.apache.parquet"
        table = pq.read_table(io.BytesIO(r.content))
        assert table.column_names == ["label", "amount", "note"]
        assert table.column("amount").to_pylist() == [-5, 3, 4, 5]
        assert table.column("label").to_pylist()[0] == "=1+2"  # typed data, not a spreadsheet

    def test_download_of_an_older_version(self, client: TestClient, alice: SignedIn) -> None:
        created = upload_ok(client, alice, RISKY)
        ops = {"operations": [{"op": "drop_columns", "columns": ["note"]}]}
        assert (
            client.post(
                f"{API}/{created['id']}/versions", headers=alice.headers, json=ops
            ).status_code
            == 201
        )
        current = client.get(f"{API}/{created['id']}/download", headers=alice.headers)
        assert header(current.text) == ["label", "amount"]
        old = client.get(
            f"{API}/{created['id']}/download", headers=alice.headers, params={"version": 1}
        )
        assert header(old.text) == ["label", "amount", "note"]
        assert "-v1.csv" in old.headers["content-disposition"]

    def test_large_download_streams_every_row(self, client: TestClient, alice: SignedIn) -> None:
        content = b"i,s\n" + b"".join(b"%d,row %d\n" % (i, i) for i in range(200_000))
        created = upload_ok(client, alice, content)
        with client.stream("GET", f"{API}/{created['id']}/download", headers=alice.headers) as r:
            assert r.status_code == 200
            body = b"".join(r.iter_bytes())
        rows = list(csv.reader(io.StringIO(body.decode())))
        assert len(rows) == 200_001
        assert rows[-1] == ["199999", "row 199999"]

    def test_bad_format_is_422(self, client: TestClient, alice: SignedIn) -> None:
        created = upload_ok(client, alice, RISKY)
        r = client.get(
            f"{API}/{created['id']}/download", headers=alice.headers, params={"format": "xlsx"}
        )
        assert r.status_code == 422
