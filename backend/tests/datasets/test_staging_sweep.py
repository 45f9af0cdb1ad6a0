"""Crash leftovers in the staging directory are removed at start and periodically; files of
uploads in flight, and recent files, are kept."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from csv_analyzer.config import Settings
from csv_analyzer.datasets.models import DatasetUpload
from csv_analyzer.main import create_app
from tests.conftest import SignedIn

HOUR = 3600.0


def staged(settings: Settings, name: str, *, age_s: float = 0.0, size: int = 10) -> Path:
    tmp = settings.data_dir.resolve() / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    path = tmp / name
    path.write_bytes(b"x" * size)
    moment = time.time() - age_s
    os.utime(path, (moment, moment))
    return path


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"staging_max_age_s": HOUR, "staging_sweep_interval_s": 0.2})


@pytest.fixture
def app(settings: Settings) -> Iterator[FastAPI]:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    application = create_app(settings)
    yield application
    application.state.engine.dispose()


def wait_gone(path: Path, timeout: float = 10.0) -> bool:
    deadline = time.monotonic() + timeout
    while path.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return not path.exists()


def test_stale_staging_files_are_removed_at_start_and_recent_ones_kept(
    app: FastAPI, settings: Settings
) -> None:
    leftovers = [
        staged(settings, "upload-dead.csv", age_s=2 * HOUR, size=1000),
        staged(settings, "0123abcd.parquet.partial", age_s=2 * HOUR),
        staged(settings, "0123abcd.parquet", age_s=2 * HOUR),
        staged(settings, "batch-upload-x.csv", age_s=3 * HOUR),
    ]
    recent = [
        staged(settings, "upload-live.csv", age_s=60),
        staged(settings, "4567.parquet.partial", age_s=5),
    ]
    spill = settings.data_dir.resolve() / "tmp" / "duckdb"
    spill.mkdir(parents=True)
    with TestClient(app):
        assert all(wait_gone(p) for p in leftovers)
        time.sleep(0.5)  # a few more sweeps
        assert all(p.exists() for p in recent)
        assert spill.is_dir()


def test_a_stale_file_is_removed_by_a_later_sweep(app: FastAPI, settings: Settings) -> None:
    with TestClient(app):
        time.sleep(0.3)
        late = staged(settings, "upload-killed-later.csv", age_s=2 * HOUR)
        assert wait_gone(late)


def test_the_file_of_an_upload_in_flight_is_kept_however_old(
    client: TestClient, alice: SignedIn, settings: Settings, db_session: Session
) -> None:
    me = client.get("/api/v1/users/me", headers=alice.headers).json()
    db_session.add(DatasetUpload(id="inflight01", owner_id=me["id"], status="receiving"))
    db_session.add(DatasetUpload(id="finished01", owner_id=me["id"], status="failed"))
    db_session.commit()
    busy = staged(settings, "upload-inflight01.csv", age_s=2 * HOUR)
    done = staged(settings, "upload-finished01.csv", age_s=2 * HOUR)
    assert wait_gone(done)
    time.sleep(0.5)
    assert busy.exists()
