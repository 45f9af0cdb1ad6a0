"""Registry use cases: record trained versions (with the champion gate), list, read, move aliases.

Our tables mirror MLflow's registry for everything the API shows and serves; MLflow stays the home
of the artifacts and of the aliases other MLflow tools read. Alias moves go to MLflow first: if
MLflow refuses, nothing changes here.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from mlflow import MlflowClient
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.errors import AppError, NotFound
from csv_analyzer.ownership import Page, get_owned, owned_by, owned_select
from csv_analyzer.predictions import metrics
from csv_analyzer.registry import gate, tracking
from csv_analyzer.registry.models import ModelAliasEvent, ModelVersion, RegisteredModel
from csv_analyzer.registry.paired import ChampionComparison
from csv_analyzer.training.report import RunReport

log = logging.getLogger(__name__)


class ModelNotFound(NotFound):
    code = "model_not_found"


class ModelVersionNotFound(NotFound):
    code = "model_version_not_found"


class NoChampion(NotFound):
    code = "no_champion"


class RegistryUnavailable(AppError):
    status_code = 503
    code = "registry_unavailable"


def _candidate(v: ModelVersion) -> gate.Candidate:
    return gate.Candidate(v.version, v.dataset_id, v.metric, v.greater_is_better, v.holdout_score)


def _model_for_update(
    session: Session, owner_id: str, name: str, mlflow_name: str, report: RunReport
) -> RegisteredModel:
    stmt = select(RegisteredModel).where(
        RegisteredModel.owner_id == owner_id, RegisteredModel.name == name
    )
    model = session.scalars(stmt.with_for_update()).one_or_none()
    if model is not None:
        return model
    model = RegisteredModel(
        owner_id=owner_id,
        name=name,
        mlflow_name=mlflow_name,
        task=report.task,
        metric=report.metric,
        greater_is_better=report.greater_is_better,
    )
    try:
        with session.begin_nested():
            session.add(model)
    except IntegrityError:  # created concurrently by another training job: use that one
        return session.scalars(stmt.with_for_update()).one()
    return model


def record_trained_version(
    session: Session,
    *,
    settings: Settings,
    owner_id: str,
    model_name: str,
    mlflow_model_name: str,
    mlflow_version: int | str,
    source_uri: str,
    report: RunReport,
    mlflow_run_id: str | None = None,
    training_job_id: str | None = None,
    dataset_id: str | None = None,
    dataset_version: int | None = None,
    target: str | None = None,
    client: MlflowClient | None = None,
    paired: ChampionComparison | None = None,
) -> ModelVersion:
    """Record a version training registered in MLflow, apply the champion gate, commit.

    Args:
        session: A session of the caller (the training task); this function commits it.
        settings: For the MLflow client.
        owner_id: The user who trained it.
        model_name: The user-facing model name (one registered model per user and name).
        mlflow_model_name: The MLflow registered model name the version was created under.
        mlflow_version: The MLflow version number.
        source_uri: Where the model's artifacts are (the version's `source`).
        report: The run's validated report: task, metric and direction, holdout and baseline
            metrics, feature schema, importances, plots, classes and the rest as a summary.
        mlflow_run_id: The MLflow run that logged the model.
        training_job_id: The training job row.
        dataset_id: The dataset trained on (the gate compares only within one dataset).
        dataset_version: Its version number.
        target: The target column.
        client: An MLflow client (default: one from `settings`).
        paired: The champion scored on this version's holdout rows (`training.challenge`).

    Returns:
        The version row, with `gate` saying whether it became champion or challenger and why.
        Recording the same MLflow version twice returns the first row (retried jobs).
    """
    number = int(mlflow_version)
    model = _model_for_update(session, owner_id, model_name, mlflow_model_name, report)
    existing = session.scalars(
        select(ModelVersion).where(
            ModelVersion.model_id == model.id, ModelVersion.version == number
        )
    ).one_or_none()
    if existing is not None:
        session.commit()
        return existing
    metric = report.metric
    version = ModelVersion(
        model_id=model.id,
        version=number,
        mlflow_run_id=mlflow_run_id,
        model_uri=f"models:/{mlflow_model_name}/{number}",
        source_uri=source_uri,
        training_job_id=training_job_id,
        dataset_id=dataset_id,
        dataset_version=dataset_version,
        target=target,
        task=report.task,
        metric=metric,
        greater_is_better=report.greater_is_better,
        holdout_score=report.holdout_metrics.value(metric),
        holdout_metrics=report.holdout_metrics.model_dump(mode="json", exclude_unset=True),
        baseline_metrics=report.baseline_metrics.model_dump(mode="json", exclude_unset=True),
        feature_schema=[f.model_dump(mode="json") for f in report.feature_schema],
        feature_importances=[f.model_dump(mode="json") for f in report.feature_importances],
        plots=report.plots.model_dump(mode="json", exclude_unset=True),
        classes=report.classes,
        summary=report.summary().model_dump(mode="json"),
    )
    champion = _version_row(session, model.id, model.champion_version)
    same_rows = (
        paired.paired
        if paired is not None
        and champion is not None
        and paired.champion_version == champion.version
        else None  # compared with a champion that has since been replaced
    )
    decision = gate.decide(
        _candidate(version), _candidate(champion) if champion else None, same_rows
    )
    version.gate = decision.model_dump(mode="json")
    alias = decision.decision or "challenger"
    previous = model.champion_version if alias == "champion" else model.challenger_version
    setattr(model, f"{alias}_version", number)
    model.task, model.metric = version.task, metric
    model.greater_is_better = version.greater_is_better
    session.add(version)
    session.add(
        ModelAliasEvent(
            model_id=model.id,
            alias=alias,
            from_version=previous,
            to_version=number,
            actor_id=None,
            reason=f"gate: {decision.reason}",
        )
    )
    session.flush()  # constraint errors surface before MLflow is touched
    tracking.move_alias(client or tracking.make_client(settings), model.mlflow_name, alias, number)
    session.commit()
    if alias == "champion":
        metrics.set_champion_metric(model.id, metric, version.holdout_score)
    log.info("model %s v%s recorded as %s (%s)", model.id, number, alias, decision.reason)
    return version


def _version_row(session: Session, model_id: str, number: int | None) -> ModelVersion | None:
    if number is None:
        return None
    return session.scalars(
        select(ModelVersion).where(
            ModelVersion.model_id == model_id, ModelVersion.version == number
        )
    ).one_or_none()


def get_model(session: Session, user: User, model_id: str) -> RegisteredModel:
    return get_owned(session, RegisteredModel, model_id, user, error=ModelNotFound, what="model")


def list_models(
    session: Session, user: User, page: Page
) -> tuple[Sequence[tuple[RegisteredModel, int, int]], int]:
    """The user's models, most recently updated first, with (latest version, version count)."""
    total = session.scalar(
        select(func.count()).select_from(owned_select(RegisteredModel, user).subquery())
    )
    counts = (
        select(
            ModelVersion.model_id,
            func.max(ModelVersion.version).label("latest"),
            func.count().label("n"),
        )
        .group_by(ModelVersion.model_id)
        .subquery()
    )
    stmt = (
        select(RegisteredModel, counts.c.latest, counts.c.n)
        .outerjoin(counts, counts.c.model_id == RegisteredModel.id)
        .where(owned_by(RegisteredModel, user))
        .order_by(RegisteredModel.updated_at.desc(), RegisteredModel.id)
        .offset(page.offset)
        .limit(page.limit)
    )
    rows = [(m, int(latest or 0), int(n or 0)) for m, latest, n in session.execute(stmt)]
    return rows, int(total or 0)


def list_versions(session: Session, model: RegisteredModel) -> Sequence[ModelVersion]:
    return session.scalars(
        select(ModelVersion)
        .where(ModelVersion.model_id == model.id)
        .order_by(ModelVersion.version.desc())
    ).all()


def list_alias_events(session: Session, model: RegisteredModel) -> Sequence[ModelAliasEvent]:
    return session.scalars(
        select(ModelAliasEvent)
        .where(ModelAliasEvent.model_id == model.id)
        .order_by(ModelAliasEvent.created_at.desc())
    ).all()


def get_version(session: Session, user: User, model_id: str, number: int) -> ModelVersion:
    """One version of the user's model (404 for unknown versions and others' models alike)."""
    model = get_model(session, user, model_id)
    version = _version_row(session, model.id, number)
    if version is None:
        raise ModelVersionNotFound(f"Model {model_id} has no version {number}")
    return version


def resolve_serving(
    session: Session, user: User, model_id: str, number: int | None
) -> tuple[RegisteredModel, ModelVersion]:
    """The model and the version to serve (the champion when `number` is None), in one query."""
    version_number = RegisteredModel.champion_version if number is None else number
    row = session.execute(
        select(RegisteredModel, ModelVersion)
        .outerjoin(
            ModelVersion,
            (ModelVersion.model_id == RegisteredModel.id)
            & (ModelVersion.version == version_number),
        )
        .where(RegisteredModel.id == model_id, owned_by(RegisteredModel, user))
    ).one_or_none()
    if row is None:
        raise ModelNotFound(f"Model {model_id} not found")
    model, version = row
    if version is None:
        if number is None:
            raise NoChampion(f"Model {model_id} has no champion version")
        raise ModelVersionNotFound(f"Model {model_id} has no version {number}")
    return model, version


def set_alias(
    session: Session,
    settings: Settings,
    user: User,
    model_id: str,
    *,
    alias: str,
    number: int,
    reason: str,
    client: MlflowClient | None = None,
) -> RegisteredModel:
    """Point `alias` (champion or challenger) at a version, in MLflow and here, audited.

    Promoting the challenger to champion clears the challenger alias (also audited).
    """
    model = get_owned(
        session, RegisteredModel, model_id, user, error=ModelNotFound, what="model", for_update=True
    )
    if _version_row(session, model.id, number) is None:
        raise ModelVersionNotFound(f"Model {model_id} has no version {number}")
    moves: list[tuple[str, int | None]] = [(alias, number)]
    if alias == "champion" and model.challenger_version == number:
        moves.append(("challenger", None))
    mlflow = client or tracking.make_client(settings)
    for name, target in moves:
        if getattr(model, f"{name}_version") == target:
            continue
        try:
            tracking.move_alias(mlflow, model.mlflow_name, name, target)
        except Exception as e:
            log.exception("moving alias %s of %s failed", name, model.mlflow_name)
            raise RegistryUnavailable("The MLflow registry refused the alias change") from e
        session.add(
            ModelAliasEvent(
                model_id=model.id,
                alias=name,
                from_version=getattr(model, f"{name}_version"),
                to_version=target,
                actor_id=user.id,
                reason=reason if name == alias else f"promoted v{number} to champion",
            )
        )
        setattr(model, f"{name}_version", target)
    session.commit()
    champion = _version_row(session, model.id, model.champion_version)
    if champion is not None:
        metrics.set_champion_metric(model.id, champion.metric, champion.holdout_score)
    return model


def delete_model(
    session: Session,
    settings: Settings,
    user: User,
    model_id: str,
    client: MlflowClient | None = None,
) -> None:
    """Delete the model, its versions and log here, then in MLflow's registry (best effort)."""
    model = get_model(session, user, model_id)
    mlflow_name = model.mlflow_name
    session.delete(model)
    session.commit()
    try:
        tracking.delete_registered_model(client or tracking.make_client(settings), mlflow_name)
    except Exception:
        log.warning("deleting %s from MLflow failed; delete it there by hand", mlflow_name)
