"""Scheduled retraining: schedule CRUD, firing due schedules, recording what each run did.

A due schedule is claimed with a conditional UPDATE on its `next_run_at` (two schedulers never
fire it twice), then a training job is created through the training service with the settings
of the model's last successful training job, on the dataset's current version. The new version
goes through the registry's champion gate like any other; the outcome (job state, version, gate
decision) is copied onto the schedule when the job ends.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.auth.models import User
from csv_analyzer.db import utcnow
from csv_analyzer.errors import AppError, NotFound, Unprocessable
from csv_analyzer.jobs.models import Job, JobStatus
from csv_analyzer.jobs.queue import JobQueue
from csv_analyzer.json_types import JsonObject
from csv_analyzer.monitoring.cadence import CadenceError, next_run, validate_cadence
from csv_analyzer.monitoring.models import RetrainSchedule
from csv_analyzer.monitoring.schemas import ScheduleUpdate
from csv_analyzer.registry import service as registry
from csv_analyzer.registry.models import ModelVersion, RegisteredModel
from csv_analyzer.storage import ObjectStore
from csv_analyzer.training import service as training
from csv_analyzer.training.models import TrainingRun
from csv_analyzer.training.schemas import TrainingJobCreate

log = logging.getLogger(__name__)

PENDING = ("queued", "running")


class ScheduleNotFound(NotFound):
    code = "schedule_not_found"


def _last_training(session: Session, model: RegisteredModel) -> TrainingRun | None:
    """The model's most recent successful training job (whose settings a retrain repeats)."""
    return session.scalars(
        select(TrainingRun)
        .join(Job, Job.id == TrainingRun.id)
        .where(
            TrainingRun.owner_id == model.owner_id,
            TrainingRun.mlflow_model_name == model.mlflow_name,
            Job.status == JobStatus.SUCCEEDED.value,
        )
        .order_by(TrainingRun.created_at.desc())
        .limit(1)
    ).first()


def _schedule_of(session: Session, model_id: str) -> RetrainSchedule | None:
    return session.scalars(
        select(RetrainSchedule).where(RetrainSchedule.model_id == model_id)
    ).one_or_none()


def get_schedule(session: Session, user: User, model_id: str) -> RetrainSchedule:
    """The user's model's schedule, with the outcome of a finished run filled in."""
    model = registry.get_model(session, user, model_id)
    schedule = _schedule_of(session, model.id)
    if schedule is None:
        raise ScheduleNotFound(f"Model {model_id} has no retraining schedule")
    if refresh_outcome(session, schedule):
        session.commit()
    return schedule


def put_schedule(
    session: Session, user: User, model_id: str, body: ScheduleUpdate
) -> RetrainSchedule:
    """Create or replace the model's schedule; the next run is computed from now."""
    model = registry.get_model(session, user, model_id)
    try:
        cadence = validate_cadence(body.cadence)
    except CadenceError as e:
        raise Unprocessable(
            str(e), code="invalid_cadence", details={"cadence": body.cadence}
        ) from e
    if _last_training(session, model) is None:
        raise Unprocessable(
            "This model has no successful training job to repeat",
            code="not_retrainable",
        )
    schedule = _schedule_of(session, model.id)
    if schedule is None:
        schedule = RetrainSchedule(model_id=model.id, owner_id=model.owner_id)
        session.add(schedule)
    schedule.cadence = cadence
    schedule.enabled = body.enabled
    schedule.next_run_at = next_run(cadence, utcnow()) if body.enabled else None
    session.commit()
    return schedule


def delete_schedule(session: Session, user: User, model_id: str) -> None:
    """Remove the model's schedule (a run already queued carries on)."""
    schedule = get_schedule(session, user, model_id)
    session.delete(schedule)
    session.commit()


def refresh_outcome(session: Session, schedule: RetrainSchedule) -> bool:
    """Copy the state of the schedule's pending job onto `last_outcome`; True if it changed."""
    outcome = dict(schedule.last_outcome or {})
    if outcome.get("status") not in PENDING or not outcome.get("job_id"):
        return False
    job = session.get(Job, outcome["job_id"])
    if job is None:
        outcome.update(status="failed", error="the training job was deleted")
    elif job.status == outcome["status"]:
        return False
    else:
        outcome.update(status=job.status, error=job.error, finished_at=_iso(job.finished_at))
        version = session.scalars(
            select(ModelVersion).where(ModelVersion.training_job_id == job.id)
        ).first()
        if version is not None:
            gate = version.gate or {}
            outcome.update(
                model_version=version.version,
                gate_decision=gate.get("decision"),
                gate_reason=gate.get("reason"),
            )
    schedule.last_outcome = outcome
    return True


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _claim(sm: sessionmaker[Session], schedule_id: str, due: datetime, now: datetime) -> bool:
    """Move a due schedule's next run forward; False if another scheduler already did."""
    with sm.begin() as session:
        schedule = session.get(RetrainSchedule, schedule_id)
        if schedule is None:
            return False
        result = session.execute(
            update(RetrainSchedule)
            .where(
                RetrainSchedule.id == schedule_id,
                RetrainSchedule.enabled.is_(True),
                RetrainSchedule.next_run_at == due,
            )
            .values(next_run_at=next_run(schedule.cadence, now), last_run_at=now)
            .execution_options(synchronize_session=False)
        )
        return bool(getattr(result, "rowcount", 0) == 1)


def _start_retraining(
    session: Session, store: ObjectStore, queue: JobQueue, schedule: RetrainSchedule
) -> JsonObject:
    """Queue the training job for one claimed schedule; the outcome to record."""
    model = session.get(RegisteredModel, schedule.model_id)
    user = session.get(User, schedule.owner_id)
    last = _last_training(session, model) if model is not None else None
    if model is None or user is None or last is None:
        return {"status": "skipped", "error": "no successful training job to repeat"}
    if last.dataset_id is None:
        return {"status": "skipped", "error": "the training dataset was deleted"}
    previous = dict(last.job.payload or {})
    fields = {k: previous[k] for k in TrainingJobCreate.model_fields if k in previous}
    fields.update(dataset_id=last.dataset_id, dataset_version=None, model_name=model.name)
    try:
        body = TrainingJobCreate.model_validate(fields)
        run = training.create_training_job(session, store, queue, user, body)
    except AppError as e:
        session.rollback()
        return {"status": "failed", "error": e.message, "code": e.code}
    return {
        "status": "queued",
        "job_id": run.id,
        "dataset_id": run.dataset_id,
        "dataset_version": run.dataset_version,
        "repeats_job_id": last.id,
    }


def fire_due_schedules(
    sm: sessionmaker[Session], store: ObjectStore, queue: JobQueue, now: datetime | None = None
) -> list[str]:
    """Start a retraining for every enabled schedule whose time has come; the schedule ids."""
    now = now or utcnow()
    with sm() as session:
        due = session.execute(
            select(RetrainSchedule.id, RetrainSchedule.next_run_at).where(
                RetrainSchedule.enabled.is_(True), RetrainSchedule.next_run_at <= now
            )
        ).all()
    fired = []
    for schedule_id, due_at in due:
        if due_at is None or not _claim(sm, schedule_id, due_at, now):
            continue
        with sm() as session:
            schedule = session.get_one(RetrainSchedule, schedule_id)
            try:
                outcome = _start_retraining(session, store, queue, schedule)
            except Exception as e:
                session.rollback()
                log.exception("retraining model %s failed to start", schedule.model_id)
                outcome = {"status": "failed", "error": f"could not start: {type(e).__name__}"}
            outcome["started_at"] = now.isoformat()
            schedule = session.get_one(RetrainSchedule, schedule_id)
            schedule.last_outcome = outcome
            job_id = outcome.get("job_id")
            schedule.last_job_id = job_id if isinstance(job_id, str) else None
            session.commit()
        log.info("schedule %s fired: %s", schedule_id, outcome)
        fired.append(schedule_id)
    return fired


def refresh_pending_outcomes(sm: sessionmaker[Session]) -> int:
    """Record the outcome of every schedule whose last job has ended since the last tick."""
    changed = 0
    with sm() as session:
        pending = session.scalars(
            select(RetrainSchedule).where(RetrainSchedule.last_job_id.is_not(None))
        ).all()
        for schedule in pending:
            if refresh_outcome(session, schedule):
                changed += 1
        session.commit()
    return changed
