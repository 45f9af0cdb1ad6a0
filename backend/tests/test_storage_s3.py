"""The S3 object store against a real S3-compatible HTTP server on loopback (moto's server).

No MinIO is packaged in the registries this project installs from, so moto's S3 server stands in:
it speaks the S3 REST protocol over HTTP, so s3fs, botocore's signing and the multipart uploads
all run for real, only the server is an emulator.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from moto.server import ThreadedMotoServer

from csv_analyzer.config import Settings
from csv_analyzer.main import create_app
from csv_analyzer.storage import S3Store
from tests.conftest import SignedIn

BUCKET = "csv-analyzer-test"


@pytest.fixture(scope="module")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def s3_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh bucket; credentials come from the environment, as in production."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    name = f"{BUCKET}-{uuid.uuid4().hex[:8]}"
    boto3.client("s3", endpoint_url=s3_endpoint).create_bucket(Bucket=name)
    return name


def object_keys(endpoint: str, bucket: str) -> list[str]:
    listed = boto3.client("s3", endpoint_url=endpoint).list_objects_v2(Bucket=bucket)
    return sorted(o["Key"] for o in listed.get("Contents", []))


class TestS3Store:
    def test_put_read_cache_and_delete_prefix(
        self, s3_endpoint: str, s3_bucket: str, tmp_path: Path
    ) -> None:
        store = S3Store(s3_bucket, prefix="tenant-a", endpoint_url=s3_endpoint)
        src = tmp_path / "upload.csv"
        src.write_bytes(b"a,b\n1,2\n")
        store.put_file("datasets/d1/raw.csv", src)
        assert not src.exists()  # moved, like the local store
        assert object_keys(s3_endpoint, s3_bucket) == ["tenant-a/datasets/d1/raw.csv"]
        assert store.exists("datasets/d1/raw.csv")
        assert store.size("datasets/d1/raw.csv") == 8
        with store.open_read("datasets/d1/raw.csv") as f:
            assert f.read() == b"a,b\n1,2\n"
        with store.local_path("datasets/d1/raw.csv") as p:
            assert p.read_bytes() == b"a,b\n1,2\n"
            cached = p
        store.delete_prefix("datasets/d1")
        assert object_keys(s3_endpoint, s3_bucket) == []
        assert not store.exists("datasets/d1/raw.csv")
        assert not cached.exists()  # the local copy goes with the object

    def test_a_missing_object_is_file_not_found(self, s3_endpoint: str, s3_bucket: str) -> None:
        store = S3Store(s3_bucket, endpoint_url=s3_endpoint)
        with pytest.raises(FileNotFoundError), store.local_path("nope/data.parquet"):
            pass


@pytest.fixture
def app(settings: Settings, s3_endpoint: str, s3_bucket: str) -> Iterator[FastAPI]:
    """The app on the S3 store (the shared `client` and user fixtures then use it)."""
    s3_settings = settings.model_copy(
        update={
            "storage_backend": "s3",
            "s3_bucket": s3_bucket,
            "s3_prefix": "store",
            "s3_endpoint_url": s3_endpoint,
        }
    )
    s3_settings.data_dir.mkdir(parents=True, exist_ok=True)
    application = create_app(s3_settings)
    yield application
    application.state.engine.dispose()


def test_a_dataset_lives_and_dies_in_the_s3_store(
    client: TestClient, alice: SignedIn, s3_endpoint: str, s3_bucket: str
) -> None:
    csv = b"id,price,city\n1,10.5,Paris\n2,,Lyon\n3,7.25,Paris\n4,3.0,Nice\n"
    r = client.post(
        "/api/v1/datasets",
        headers=alice.headers,
        files={"file": ("prices.csv", csv, "text/csv")},
    )
    assert r.status_code == 201, r.text
    dataset_id = r.json()["id"]
    keys = object_keys(s3_endpoint, s3_bucket)
    assert f"store/datasets/{dataset_id}/raw/source.csv" in keys
    assert any(k.endswith("/data.parquet") for k in keys)

    base = f"/api/v1/datasets/{dataset_id}"
    rows = client.get(f"{base}/rows", headers=alice.headers, params={"sort": "price:desc"})
    assert rows.status_code == 200, rows.text
    assert [row["id"] for row in rows.json()["rows"]][:3] == [1, 3, 4]
    imputed = client.post(
        f"{base}/versions",
        headers=alice.headers,
        json={"operations": [{"op": "impute", "column": "price", "strategy": "median"}]},
    )
    assert imputed.status_code == 201, imputed.text
    assert client.get(f"{base}/profile", headers=alice.headers).status_code == 200
    download = client.get(f"{base}/download", headers=alice.headers, params={"version": 2})
    assert download.status_code == 200, download.text
    assert download.text.splitlines()[2].startswith("2,7.25")  # the median, in version 2
    assert len([k for k in object_keys(s3_endpoint, s3_bucket) if "data.parquet" in k]) == 2

    assert client.delete(base, headers=alice.headers).status_code == 204
    assert object_keys(s3_endpoint, s3_bucket) == []
