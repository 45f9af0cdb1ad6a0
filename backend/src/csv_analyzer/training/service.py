"""Training use cases: preview a target, start a job, list, read and cancel jobs.

Everything a job could reject early is checked here, before anything is queued: the dataset and
its columns, the target (with the engine's own validation), algorithms, metric, hyperparameters.
The engine is imported lazily: it pulls in scikit-learn, LightGBM and Optuna, which the API needs
only when someone trains.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

from pydantic import JsonValue
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.datasets import service as datasets
from csv_analyzer.datasets.models import Dataset, DatasetVersion
from csv_analyzer.errors import NotFound, Unprocessable
from csv_analyzer.jobs import service as jobs
from csv_analyzer.jobs.models import Job
from csv_analyzer.jobs.queue import JobQueue
from csv_analyzer.ownership import Page, get_owned, owned_by, owned_select
from csv_analyzer.storage import ObjectStore
from csv_analyzer.training import limits
from csv_analyzer.training.column_hints import column_hints
from csv_analyzer.training.models import TrainingRun
from csv_analyzer.training.schemas import (
    ClassCount,
    ColumnNote,
    FloatRange,
    IntRange,
    MetricOption,
    TrainingJobCreate,
    TrainingOptions,
    TrainingPreview,
    TrainingPreviewRequest,
)

KIND = "training.run"
PREVIEW_SAMPLE_ROWS = 20_000


def training_options() -> TrainingOptions:
    """The limits from `training.limits` and each metric's metadata from the engine's table."""
    from csv_analyzer.training.automl.metrics import METRIC_INFO, METRICS

    return TrainingOptions(
        time_budget_s=IntRange(
            min=limits.TIME_BUDGET_MIN_S,
            max=limits.TIME_BUDGET_MAX_S,
            default=limits.TIME_BUDGET_DEFAULT_S,
        ),
        folds=IntRange(min=limits.FOLDS_MIN, max=limits.FOLDS_MAX, default=limits.FOLDS_DEFAULT),
        holdout_share=FloatRange(
            min=limits.HOLDOUT_SHARE_MIN,
            max=limits.HOLDOUT_SHARE_MAX,
            default=limits.HOLDOUT_SHARE_DEFAULT,
        ),
        metrics=[
            MetricOption(
                name=info.name,
                label=info.label,
                greater_is_better=info.greater_is_better,
                explanation=info.explanation,
                task=METRICS[info.name].task if info.name in METRICS else None,
            )
            for info in METRIC_INFO.values()
        ],
    )


class TrainingJobNotFound(NotFound):
    code = "training_job_not_found"


def _invalid(code: str, message: str, details: Any = None) -> Unprocessable:
    return Unprocessable(message, code=code, details=details)


def slugify(name: str) -> str:
    """`"Churn Model (v2)"` -> `"churn-model-v2"`; the registry name's readable part."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60]


def mlflow_model_name(owner_id: str, model_name: str) -> str:
    """Unique per owner (the full id: a shorter prefix could merge two users' models)."""
    return f"{owner_id}-{slugify(model_name)}"


def _check_columns(version: DatasetVersion, target: str, features: Sequence[str] | None) -> None:
    if version.row_count == 0:
        raise _invalid(
            "empty_dataset_version",
            f"Version {version.number} of this dataset has no rows: there is nothing to train on. "
            "Choose another version or loosen the filter that emptied it.",
            {"dataset_version": version.number},
        )
    available = list(version.column_types)
    unknown = [c for c in [target, *(features or [])] if c not in version.column_types]
    if unknown:
        raise _invalid(
            "unknown_column",
            f"Unknown columns: {', '.join(unknown)}",
            {"columns": unknown, "available": available},
        )
    if features is not None and not [c for c in features if c != target]:
        raise _invalid("no_features", "No feature columns left besides the target")


def identifier_target_problem(version: DatasetVersion, target: str) -> str | None:
    """Why an identifier column cannot be the target (preview and create refuse it alike)."""
    if version.column_types.get(target) != "identifier":
        return None
    return (
        f"{target!r} is an identifier (unique per row, like a parcel or order number): there is "
        "nothing to learn from it. If it really is a quantity or a label, change its type on "
        "the dataset's Data tab first."
    )


def _target(store: ObjectStore, version: DatasetVersion, target: str, task: str) -> Any:
    from csv_analyzer.training.automl.errors import TargetError
    from csv_analyzer.training.automl.task import prepare_target

    series = datasets.read_version_frame(store, version, [target])[target]
    try:
        return prepare_target(series, task)
    except TargetError as e:
        raise _invalid("invalid_target", str(e), {"target": target}) from e


def _check_engine_options(body: TrainingJobCreate, task: str, n_classes: int) -> None:
    from csv_analyzer.training.automl import ALGORITHMS, ConfigError
    from csv_analyzer.training.automl.metrics import resolve_metric
    from csv_analyzer.training.automl.portfolio import validate_hyperparameters

    unknown = [a for a in body.algorithms or [] if a not in ALGORITHMS]
    if unknown:
        raise _invalid(
            "unknown_algorithm",
            f"Unknown algorithms: {', '.join(unknown)}; choose from {', '.join(ALGORITHMS)}",
            {"algorithms": unknown, "available": list(ALGORITHMS)},
        )
    try:
        resolve_metric(body.metric, task, n_classes)  # type: ignore[arg-type]
    except ConfigError as e:
        raise _invalid("unknown_metric", str(e), {"metric": body.metric}) from e
    for name, params in (body.hyperparameters or {}).items():
        if body.algorithms is not None and name not in body.algorithms:
            raise _invalid(
                "invalid_hyperparameters", f"Hyperparameters given for {name!r}, not selected"
            )
        try:
            validate_hyperparameters(name, params, task)  # type: ignore[arg-type]
        except ConfigError as e:
            raise _invalid("invalid_hyperparameters", str(e), {"algorithm": name}) from e


def preview(
    session: Session, store: ObjectStore, user: User, body: TrainingPreviewRequest
) -> TrainingPreview:
    """The task the engine would choose for this target and why, and columns to leave out."""
    from csv_analyzer.training.automl import ALGORITHMS, METRICS, TargetError
    from csv_analyzer.training.automl.columns import plan_columns
    from csv_analyzer.training.automl.metrics import resolve_metric
    from csv_analyzer.training.automl.task import prepare_target

    version = datasets.get_version(session, user, body.dataset_id, body.dataset_version)
    _check_columns(version, body.target, body.features)
    features = [c for c in (body.features or version.column_types) if c != body.target]
    frame = datasets.read_version_frame(store, version, [body.target, *features])
    target = frame[body.target]
    problem, prepared = identifier_target_problem(version, body.target), None
    if problem is None:
        try:
            prepared = prepare_target(target, body.task)
        except TargetError as e:
            problem = str(e)
    sample = (
        frame.sample(n=PREVIEW_SAMPLE_ROWS, random_state=0)
        if len(frame) > PREVIEW_SAMPLE_ROWS
        else frame
    )
    hints = column_hints(
        {c: version.column_types[c] for c in features}, body.features, sample[features]
    )
    plan = plan_columns(sample[features], hints)
    exclusions = [ColumnNote(name=d["name"], reason=d["reason"]) for d in plan.dropped]
    target_text = target.astype(str)
    for col in plan.roles:  # a copy of the target under another name leaks the answer
        if frame[col].astype(str).equals(target_text):
            exclusions.append(ColumnNote(name=col, reason="identical to the target (leakage)"))
    excluded = {e.name for e in exclusions}
    classes = None
    task = prepared.task if prepared else None
    if prepared is not None and prepared.classes is not None:
        counts = target.dropna().value_counts().head(50)
        classes = [ClassCount(label=_scalar(k), count=int(v)) for k, v in counts.items()]
    n_classes = len(prepared.classes) if prepared and prepared.classes else 0
    return TrainingPreview(
        dataset_id=version.dataset_id,
        dataset_version=version.number,
        target=body.target,
        usable=prepared is not None,
        problem=problem,
        task=task,
        task_explanation=prepared.explanation if prepared else None,
        rows=len(frame),
        missing_target=int(target.isna().sum()),
        classes=classes,
        features=[c for c in features if c not in excluded],
        suggested_exclusions=exclusions,
        metrics=sorted(m.name for m in METRICS.values() if m.task == task),
        default_metric=resolve_metric(None, task, n_classes).name if task else None,
        algorithms=list(ALGORITHMS),
    )


def _scalar(value: Any) -> JsonValue:
    """A class label as JSON: numpy scalars unwrapped, dates and times as ISO text (a date
    target is a valid classification target, so its preview must not fail on its labels)."""
    if hasattr(value, "isoformat"):  # date, datetime, pandas Timestamp, time
        return str(value.isoformat())
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def create_training_job(
    session: Session, store: ObjectStore, queue: JobQueue, user: User, body: TrainingJobCreate
) -> TrainingRun:
    """Validate, commit a queued job with its training run, then enqueue it."""
    version = datasets.get_version(session, user, body.dataset_id, body.dataset_version)
    _check_columns(version, body.target, body.features)
    problem = identifier_target_problem(version, body.target)
    if problem is not None:
        raise _invalid("invalid_target", problem, {"target": body.target})
    prepared = _target(store, version, body.target, body.task)
    n_classes = len(prepared.classes) if prepared.classes is not None else 0
    _check_engine_options(body, prepared.task, n_classes)
    dataset = session.get_one(Dataset, version.dataset_id)
    model_name = body.model_name or f"{dataset.name} {body.target}"[:100]
    if not slugify(model_name):
        raise _invalid("invalid_model_name", "The model name needs at least one letter or digit")
    registry_name = mlflow_model_name(user.id, model_name)
    # "Churn model" and "churn-model" are one registered model: keep the first spelling.
    first_name = session.scalar(
        select(TrainingRun.model_name)
        .where(owned_by(TrainingRun, user), TrainingRun.mlflow_model_name == registry_name)
        .order_by(TrainingRun.created_at)
        .limit(1)
    )
    model_name = first_name or model_name
    payload = body.model_dump(mode="json")
    payload.update(
        dataset_id=version.dataset_id,
        dataset_version=version.number,
        dataset_version_id=version.id,
        model_name=model_name,
        mlflow_model_name=registry_name,
    )
    job = jobs.new_job(session, owner_id=user.id, kind=KIND, payload=payload)
    session.flush()
    run = TrainingRun(
        id=job.id,
        owner_id=user.id,
        dataset_id=version.dataset_id,
        dataset_version_id=version.id,
        dataset_version=version.number,
        target=body.target,
        task=body.task,
        model_name=model_name,
        mlflow_model_name=registry_name,
    )
    session.add(run)
    session.commit()
    jobs.enqueue(session, queue, job)
    session.refresh(run)
    return run


def get_training_job(session: Session, user: User, job_id: str) -> TrainingRun:
    """The user's training job, or 404 (also for someone else's)."""
    return get_owned(
        session, TrainingRun, job_id, user, error=TrainingJobNotFound, what="training job"
    )


def list_training_jobs(
    session: Session,
    user: User,
    page: Page,
    *,
    dataset_id: str | None = None,
    status: str | None = None,
) -> tuple[list[TrainingRun], int]:
    """The user's training jobs, newest first, optionally for one dataset or in one state."""
    query = owned_select(TrainingRun, user).join(Job)
    if dataset_id is not None:
        query = query.where(TrainingRun.dataset_id == dataset_id)
    if status is not None:
        query = query.where(Job.status == status)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.scalars(
        query.order_by(TrainingRun.created_at.desc(), TrainingRun.id)
        .offset(page.offset)
        .limit(page.limit)
    ).all()
    return list(rows), total


def cancel_training_job(session: Session, user: User, job_id: str) -> TrainingRun:
    """Cancel a queued job at once, or ask a running one to stop; 409 once finished."""
    run = get_training_job(session, user, job_id)
    jobs.request_cancel(session, run.job)
    session.refresh(run)
    return run
