"""Monitoring routes under /models/{model_id}: drift, usage and the retraining schedule."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response, status

from csv_analyzer.deps import CurrentUser, SessionDep, SettingsDep, StoreDep
from csv_analyzer.error_handlers import ErrorResponse
from csv_analyzer.monitoring import schedules, service
from csv_analyzer.monitoring.schemas import DriftRead, ScheduleRead, ScheduleUpdate, UsageRead

router = APIRouter(prefix="/models/{model_id}", tags=["monitoring"])


@router.get(
    "/drift",
    responses={
        409: {
            "model": ErrorResponse,
            "description": "No drift reference, and the training dataset version is gone",
        }
    },
)
def get_drift(
    model_id: str,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    user: CurrentUser,
    version: Annotated[int | None, Query(ge=1, description="Default: the champion")] = None,
    window_hours: Annotated[float, Query(gt=0, le=24 * 90)] = 24,
    last_n: Annotated[
        int | None, Query(ge=1, le=service.MAX_CURRENT_ROWS, description="Overrides the window")
    ] = None,
) -> DriftRead:
    """Per-feature and overall drift of a model version's recent prediction inputs against its training data."""
    return service.get_drift(
        session,
        store,
        settings,
        user,
        model_id,
        version=version,
        window_hours=window_hours,
        last_n=last_n,
    )


@router.get("/monitoring")
def get_usage(
    model_id: str,
    session: SessionDep,
    user: CurrentUser,
    hours: Annotated[float, Query(gt=0, le=24 * 90)] = 24,
) -> UsageRead:
    """Prediction requests, rows and latency percentiles of a model over time, for charts."""
    return service.get_usage(session, user, model_id, hours=hours)


@router.get("/schedule")
def get_schedule(model_id: str, session: SessionDep, user: CurrentUser) -> ScheduleRead:
    """The model's retraining schedule and the outcome of its last run."""
    return ScheduleRead.model_validate(schedules.get_schedule(session, user, model_id))


@router.put("/schedule")
def put_schedule(
    model_id: str, body: ScheduleUpdate, session: SessionDep, user: CurrentUser
) -> ScheduleRead:
    """Create or replace the model's retraining schedule (daily, weekly or a cron expression in UTC)."""
    return ScheduleRead.model_validate(schedules.put_schedule(session, user, model_id, body))


@router.delete("/schedule", status_code=status.HTTP_204_NO_CONTENT)
def delete_schedule(model_id: str, session: SessionDep, user: CurrentUser) -> Response:
    """Stop retraining the model on a schedule."""
    schedules.delete_schedule(session, user, model_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)
