"""Upload progress through the HTTP API: an upload named with `upload_id` can be followed, from its
first byte to its dataset or its error, with `GET /uploads/{upload_id}`."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from csv_analyzer.auth.models import User
from csv_analyzer.datasets.ingest import upload_tracking
from csv_analyzer.datasets.ingest.upload_tracking import UploadTracker, overall_fraction
from csv_analyzer.datasets.models import DatasetUpload
from csv_analyzer.db import utcnow
from tests.conftest import SignedIn
from tests.datasets.api_support import API, assert_nothing_left, csv_bytes, table_counts

UPLOADS = "/api/v1/uploads"


def new_upload_id() -> str:
    return uuid.uuid4().hex


def post(
    client: TestClient, user: SignedIn, content: bytes, upload_id: str | None, **kw: Any
) -> Any:
    params = {"upload_id": upload_id} if upload_id is not None else None
    return client.post(
        API,
        headers=user.headers,
        params=params,
        files={"file": (kw.get("filename", "data.csv"), content, "text/csv")},
    )


def big_csv(rows: int) -> bytes:
    """A file of several ingest blocks (4 MiB each), so the ingest reports more than once."""
    line = "{i},{x:.6f},category_{c},2024-01-{d:02d},some free text number {i}\n"
    body = "".join(
        line.format(i=i, x=i * 0.37, c=i % 13, d=1 + i % 28) for i in range(rows)
    ).encode()
    return b"id,x,cat,day,note\n" + body


class TestUploadProgress:
    def test_a_successful_upload_ends_succeeded_with_its_dataset(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        upload_id = new_upload_id()
        content = csv_bytes([["a", "b"], [1, "x"], [2, "y"]])
        r = post(client, alice, content, upload_id, filename="small.csv")
        assert r.status_code == 201, r.text
        got = client.get(f"{UPLOADS}/{upload_id}", headers=alice.headers)
        assert got.status_code == 200, got.text
        body = got.json()
        assert body["status"] == "succeeded"
        assert body["phase"] == "done"
        assert body["fraction"] == body["phase_fraction"] == 1.0
        assert body["dataset_id"] == r.json()["id"]
        assert body["filename"] == "small.csv"
        assert body["bytes_received"] == len(content)
        assert body["bytes_total"] is not None
        assert body["bytes_total"] >= len(content)  # the whole multipart body
        assert body["error"] is None
        assert body["finished_at"] is not None

    def test_a_rejected_file_records_the_same_error_and_leaves_no_dataset(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        upload_id = new_upload_id()
        r = post(client, alice, b"", upload_id)
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        body = client.get(f"{UPLOADS}/{upload_id}", headers=alice.headers).json()
        assert body["status"] == "failed"
        assert body["error"] == {"code": error["code"], "message": error["message"]}
        assert body["dataset_id"] is None
        assert_nothing_left(app)

    def test_a_too_large_file_is_recorded_as_failed(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        app.state.settings.max_upload_bytes = 64
        upload_id = new_upload_id()
        r = post(client, alice, csv_bytes([["a"], *[[i] for i in range(100)]]), upload_id)
        assert r.status_code == 413, r.text
        body = client.get(f"{UPLOADS}/{upload_id}", headers=alice.headers).json()
        assert (body["status"], body["error"]["code"]) == ("failed", "file_too_large")
        assert_nothing_left(app)

    def test_an_upload_id_cannot_be_used_twice(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        upload_id = new_upload_id()
        first = post(client, alice, csv_bytes([["a"], [1]]), upload_id)
        assert first.status_code == 201, first.text
        again = post(client, alice, csv_bytes([["a"], [2]]), upload_id)
        assert again.status_code == 409, again.text
        assert again.json()["error"]["code"] == "upload_id_in_use"
        assert table_counts(app) == (1, 1)  # the second file wrote nothing
        body = client.get(f"{UPLOADS}/{upload_id}", headers=alice.headers).json()
        assert (body["status"], body["dataset_id"]) == ("succeeded", first.json()["id"])

    @pytest.mark.parametrize(
        "bad_id",
        [
            "short",
            "Z" * 32,
            "0123456789ABCDEF0123456789ABCDEF",  # upper case
            "01234567-89ab-cdef-0123-456789abcdef",  # dashes
            "a" * 33,
        ],
    )
    def test_a_malformed_upload_id_is_422_and_writes_nothing(
        self, client: TestClient, app: FastAPI, alice: SignedIn, bad_id: str
    ) -> None:
        r = post(client, alice, csv_bytes([["a"], [1]]), bad_id)
        assert r.status_code == 422, r.text
        assert_nothing_left(app)
        assert client.get(UPLOADS, headers=alice.headers).json()["total"] == 0

    def test_without_an_upload_id_the_upload_is_still_listed(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        r = post(client, alice, csv_bytes([["a"], [1]]), None, filename="plain.csv")
        assert r.status_code == 201, r.text
        listed = client.get(UPLOADS, headers=alice.headers).json()
        assert listed["total"] == 1
        assert listed["items"][0]["dataset_id"] == r.json()["id"]
        assert listed["items"][0]["filename"] == "plain.csv"

    def test_uploads_are_listed_newest_first_failed_ones_included(
        self, client: TestClient, alice: SignedIn
    ) -> None:
        ok_id, bad_id = new_upload_id(), new_upload_id()
        assert post(client, alice, csv_bytes([["a"], [1]]), ok_id).status_code == 201
        assert post(client, alice, b"\x00\x01\x02binary", bad_id).status_code == 415
        items = client.get(UPLOADS, headers=alice.headers).json()["items"]
        assert [(i["id"], i["status"]) for i in items] == [
            (bad_id, "failed"),
            (ok_id, "succeeded"),
        ]

    def test_another_users_upload_is_404(
        self, client: TestClient, alice: SignedIn, bob: SignedIn
    ) -> None:
        upload_id = new_upload_id()
        assert post(client, alice, csv_bytes([["a"], [1]]), upload_id).status_code == 201
        r = client.get(f"{UPLOADS}/{upload_id}", headers=bob.headers)
        assert r.status_code == 404, r.text
        assert r.json()["error"]["code"] == "upload_not_found"
        assert client.get(UPLOADS, headers=bob.headers).json()["total"] == 0

    def test_an_upload_left_silent_by_a_dead_process_reads_as_interrupted(
        self, client: TestClient, app: FastAPI, alice: SignedIn
    ) -> None:
        upload_id = new_upload_id()
        me = client.get("/api/v1/users/me", headers=alice.headers).json()
        sm = app.state.sessionmaker
        with sm() as session:
            user = session.get(User, me["id"])
            assert user is not None
            upload_tracking.start_upload(sm, user, upload_id, 1000)
        fresh = client.get(f"{UPLOADS}/{upload_id}", headers=alice.headers).json()
        assert fresh["status"] == "receiving"  # recent: still in progress
        long_ago = utcnow() - timedelta(seconds=upload_tracking.SILENT_AFTER_S + 5)
        with sm.begin() as session:
            session.execute(
                update(DatasetUpload)
                .where(DatasetUpload.id == upload_id)
                .values(updated_at=long_ago)
            )
        body = client.get(f"{UPLOADS}/{upload_id}", headers=alice.headers).json()
        assert body["status"] == "failed"
        assert body["error"]["code"] == "upload_interrupted"

    def test_progress_moves_forward_through_every_phase_while_the_request_runs(
        self, client: TestClient, alice: SignedIn, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """What a polling client would read: each write is read back from the database as it
        happens (the request is still running then)."""
        monkeypatch.setattr(upload_tracking, "MIN_INTERVAL_S", 0.0)
        seen: list[tuple[str, str, float]] = []
        write = UploadTracker._write

        def write_and_read_back(self: UploadTracker, *args: Any, **kwargs: Any) -> None:
            write(self, *args, **kwargs)
            with self.sm() as session:
                row = session.scalars(
                    select(DatasetUpload).where(DatasetUpload.id == self.upload_id)
                ).one()
                seen.append((row.status, row.phase, row.fraction))

        monkeypatch.setattr(UploadTracker, "_write", write_and_read_back)
        upload_id = new_upload_id()
        content = big_csv(220_000)  # ~14 MB: several 1 MiB body chunks, several ingest blocks
        r = post(client, alice, content, upload_id)
        assert r.status_code == 201, r.text
        phases = [phase for _, phase, _ in seen]
        assert phases[0] == "receiving"
        assert phases.count("read") >= 3
        order = ["receiving", "read", "analyze", "store"]
        assert [p for p in order if p in phases] == order
        assert [phases.index(p) for p in order] == sorted(phases.index(p) for p in order)
        fractions = [f for _, _, f in seen]
        assert fractions == sorted(fractions)
        assert 0 < fractions[0] < fractions[-1] < 1
        assert {s for s, _, _ in seen} == {"receiving", "ingesting"}
        final = client.get(f"{UPLOADS}/{upload_id}", headers=alice.headers).json()
        assert (final["status"], final["fraction"]) == ("succeeded", 1.0)


class TestOverallFraction:
    def test_phases_follow_each_other_without_going_back(self) -> None:
        ends = [overall_fraction(p, 1.0) for p in upload_tracking.PHASE_BANDS]
        starts = [overall_fraction(p, 0.0) for p in upload_tracking.PHASE_BANDS]
        assert starts[0] == 0.0
        assert ends[-1] == 1.0
        assert starts[1:] == ends[:-1]

    def test_out_of_range_shares_are_clamped(self) -> None:
        assert overall_fraction("read", -3) == overall_fraction("read", 0)
        assert overall_fraction("read", 7) == overall_fraction("read", 1)
