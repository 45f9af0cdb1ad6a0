"""Helpers for the datasets API tests: upload through HTTP, and check nothing was left behind."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import httpx2 as httpx
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from csv_analyzer.datasets.models import Dataset, DatasetVersion
from tests.conftest import SignedIn

DATA = Path(__file__).resolve().parents[1] / "data"
API = "/api/v1/datasets"


def upload(
    client: TestClient,
    user: SignedIn,
    content: bytes,
    *,
    filename: str = "data.csv",
    name: str | None = None,
    content_type: str = "text/csv",
) -> httpx.Response:
    data = {"name": name} if name is not None else None
    return client.post(
        API,
        headers=user.headers,
        files={"file": (filename, content, content_type)},
        data=data,
    )


def upload_ok(client: TestClient, user: SignedIn, content: bytes, **kwargs: Any) -> dict[str, Any]:
    r = upload(client, user, content, **kwargs)
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def csv_bytes(rows: Sequence[Sequence[object]], *, sep: str = ",") -> bytes:
    return "\n".join(sep.join(str(c) for c in row) for row in rows).encode() + b"\n"


def stored_files(app: FastAPI) -> list[Path]:
    root = app.state.settings.resolved_storage_dir
    return sorted(p for p in Path(root).rglob("*") if p.is_file())


def staged_files(app: FastAPI) -> list[Path]:
    tmp = app.state.settings.data_dir.resolve() / "tmp"
    return sorted(p for p in tmp.rglob("*") if p.is_file()) if tmp.exists() else []


def table_counts(app: FastAPI) -> tuple[int, int]:
    with app.state.sessionmaker() as session:
        datasets = session.scalar(select(func.count()).select_from(Dataset))
        versions = session.scalar(select(func.count()).select_from(DatasetVersion))
    return int(datasets or 0), int(versions or 0)


def assert_nothing_left(app: FastAPI) -> None:
    assert table_counts(app) == (0, 0)
    assert stored_files(app) == []
    assert staged_files(app) == []
