"""Batch scoring reads real-world CSV files exactly as dataset upload does."""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
import pandas as pd
import pytest
from fastapi.testclient import TestClient

from csv_analyzer.config import Settings
from tests.conftest import SignedIn
from tests.predictions.support import Fitted, fit_pipeline, make_frame
from tests.predictions.test_batch_api import wait_finished
from tests.registry.support import register, user_id

API = "/api/v1/models"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def fitted() -> Fitted:
    return fit_pipeline(make_frame(200))


def score_file(
    client: TestClient, user: SignedIn, model_id: str, content: bytes
) -> tuple[dict[str, Any], list[dict[str, str]]]:
    base = f"{API}/{model_id}/batch-predictions"
    r = client.post(base, files={"file": ("in.csv", content, "text/csv")}, headers=user.headers)
    assert r.status_code == 202, r.text
    body = wait_finished(client, user, f"{base}/{r.json()['id']}", timeout=120)
    if body["status"] != "succeeded":
        return body, []
    r = client.get(body["download_url"], headers=user.headers)
    assert r.status_code == 200
    return body, list(csv.DictReader(io.StringIO(r.text)))


def expected(fitted: Fitted, frame: pd.DataFrame) -> list[str]:
    return [str(v) for v in fitted.pipeline.predict(frame[fitted.frame.columns])]


def test_latin1_semicolon_decimal_comma_file_uploads_and_scores_every_row(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(40).copy()
    frame["comment"] = frame["comment"] + " café crème à l'été"
    content = frame.to_csv(index=False, sep=";", decimal=",").encode("latin-1")
    assert b"\xe9" in content  # Latin-1 bytes
    assert b"0," in content  # decimal commas
    upload = client.post(
        "/api/v1/datasets",
        files={"file": ("same.csv", content, "text/csv")},
        headers=alice.headers,
    )
    assert upload.status_code == 201, upload.text

    body, out = score_file(client, alice, version.model_id, content)
    assert body["status"] == "succeeded", body["error"]
    assert (body["rows"], body["rows_failed"]) == (40, 0), body["problems"]
    assert [row["prediction"] for row in out] == expected(fitted, frame)
    assert out[0]["comment"].endswith("café crème à l'été")


def test_thousands_separators_currency_and_percent_are_numbers(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(30).copy()
    frame["amount"] = np.arange(30) * 97.0 + 1337.0  # 1,337 1,434 ... written with separators
    text = frame.assign(amount=[f"{v:,.0f}" for v in frame["amount"]])
    text.loc[3, "amount"] = f"${frame.loc[3, 'amount']:,.2f}"
    content = text.to_csv(index=False).encode()
    assert b'"1,337"' in content

    body, out = score_file(client, alice, version.model_id, content)
    assert body["status"] == "succeeded", body["error"]
    assert (body["rows"], body["rows_failed"]) == (30, 0), body["problems"]
    assert [row["prediction"] for row in out] == expected(fitted, frame)


def test_ragged_rows_are_skipped_and_reported_while_the_others_score(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(20)
    lines = frame.to_csv(index=False).splitlines()
    lines[5] += ",surplus"  # data row 4 (file line 6) has one field too many
    body, out = score_file(client, alice, version.model_id, ("\n".join(lines) + "\n").encode())
    assert body["status"] == "succeeded", body["error"]
    assert body["rows_failed"] == 1
    assert len(out) == 19
    assert body["problems"][0]["error"].startswith("line 6 has 8 fields, expected 7")
    assert [row["prediction"] for row in out] == expected(fitted, frame.drop(index=4))


def test_nul_bytes_fail_the_job_with_a_user_message(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    content = fitted.frame.head(5).to_csv(index=False).encode().replace(b"great", b"gr\0\0at")
    body, _ = score_file(client, alice, version.model_id, content)
    assert body["status"] == "failed"
    assert "binary" in body["error"]
    assert "internal error" not in body["error"]


def test_quoted_multi_line_text_scores_every_row(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(25).copy()
    frame["comment"] = frame["comment"].str.replace(" ", "\n", n=1)
    frame["signup"] = pd.to_datetime(frame["signup"]).dt.strftime("%d/%m/%Y %H:%M")
    frame.loc[2, "colour"] = "N/A"
    content = frame.to_csv(index=False).encode()
    body, out = score_file(client, alice, version.model_id, content)
    assert body["status"] == "succeeded", body["error"]
    assert (body["rows"], body["rows_failed"]) == (25, 0), body["problems"]
    assert "\n" in out[0]["comment"]
    reference = fitted.frame.head(25).copy()
    reference.loc[2, "colour"] = None
    reference["comment"] = frame["comment"]
    assert [row["prediction"] for row in out] == expected(fitted, reference)


def test_scored_csv_escapes_formulas_from_an_upload_and_a_dataset_unless_opted_out(
    client: TestClient, settings: Settings, alice: SignedIn, fitted: Fitted
) -> None:
    version = register(settings, user_id(client, alice), fitted)
    frame = fitted.frame.head(6).copy()
    frame["comment"] = ["=HYPERLINK(1)", "+cmd", "-2+3", "@SUM(A1)", "fine", "-7"]
    frame["=evil"] = "-1+cmd|' /C calc'!A0"
    content = frame.to_csv(index=False).encode()
    base = f"{API}/{version.model_id}/batch-predictions"
    upload = client.post(
        "/api/v1/datasets", files={"file": ("d.csv", content, "text/csv")}, headers=alice.headers
    )
    assert upload.status_code == 201, upload.text
    started = [
        client.post(base, files={"file": ("in.csv", content, "text/csv")}, headers=alice.headers),
        client.post(base, json={"dataset_id": upload.json()["id"]}, headers=alice.headers),
    ]
    for r in started:
        assert r.status_code == 202, r.text
        body = wait_finished(client, alice, f"{base}/{r.json()['id']}", timeout=120)
        assert body["status"] == "succeeded", body["error"]
        safe = client.get(body["download_url"], headers=alice.headers)
        rows = list(csv.DictReader(io.StringIO(safe.text)))
        assert [row["comment"] for row in rows] == [
            "'=HYPERLINK(1)",
            "'+cmd",
            "'-2+3",
            "'@SUM(A1)",
            "fine",
            "-7",
        ]
        assert rows[0]["'=evil"] == "'-1+cmd|' /C calc'!A0"
        assert rows[0]["prediction"] in ("yes", "no")
        exact = client.get(
            body["download_url"], headers=alice.headers, params={"escape_formulas": "false"}
        )
        rows = list(csv.DictReader(io.StringIO(exact.text)))
        assert rows[0]["=evil"] == "-1+cmd|' /C calc'!A0"
        assert [row["comment"] for row in rows][:3] == ["=HYPERLINK(1)", "+cmd", "-2+3"]
