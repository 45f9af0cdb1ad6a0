"""Liveness and readiness probes."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy import text

from csv_analyzer.deps import SessionDep, SettingsDep

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: Literal["ok"] = "ok"


class Readiness(BaseModel):
    status: Literal["ok", "unavailable"]
    checks: dict[str, str]


@router.get("/health")
def health() -> Health:
    """Liveness: the process answers."""
    return Health()


@router.get("/ready", response_model=Readiness, responses={503: {"model": Readiness}})
def ready(session: SessionDep, settings: SettingsDep) -> JSONResponse:
    """Readiness: the database answers and the storage is writable."""
    checks: dict[str, str] = {}
    try:
        session.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as e:  # a probe reports, it does not raise
        checks["database"] = f"error: {type(e).__name__}"
    if settings.storage_backend == "local":
        directory = settings.resolved_storage_dir
        try:
            directory.mkdir(parents=True, exist_ok=True)
            probe = directory / ".ready-probe"
            probe.write_bytes(b"ok")
            probe.unlink()
            checks["storage"] = "ok"
        except OSError as e:
            checks["storage"] = f"error: {e.strerror}"
    else:
        checks["storage"] = "ok (s3, not probed)"
    body = Readiness(
        status="ok" if all(v.startswith("ok") for v in checks.values()) else "unavailable",
        checks=checks,
    )
    return JSONResponse(body.model_dump(), status_code=200 if body.status == "ok" else 503)
