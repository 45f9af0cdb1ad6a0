"""The model registry API: models, versions, champion/challenger aliases and model export."""

from __future__ import annotations

import logging
from collections.abc import Iterator

from fastapi import APIRouter, status
from fastapi.responses import StreamingResponse

from csv_analyzer.auth.models import User
from csv_analyzer.deps import CurrentUser, PageDep, SessionDep, SettingsDep
from csv_analyzer.error_handlers import ErrorResponse
from csv_analyzer.predictions.service import serving_model
from csv_analyzer.registry import export, service
from csv_analyzer.registry.models import ModelVersion, RegisteredModel
from csv_analyzer.registry.schemas import (
    AliasEventRead,
    AliasName,
    AliasUpdate,
    ModelDetail,
    ModelPage,
    ModelRead,
    ModelVersionRead,
    ModelVersionSummary,
)

router = APIRouter(prefix="/models", tags=["models"])
log = logging.getLogger(__name__)


def _aliases(model: RegisteredModel, number: int) -> list[AliasName]:
    out: list[AliasName] = []
    if model.champion_version == number:
        out.append("champion")
    if model.challenger_version == number:
        out.append("challenger")
    return out


def _model_read(model: RegisteredModel, latest: int, count: int) -> ModelRead:
    return ModelRead.model_validate(
        {**_columns(model), "latest_version": latest, "versions_count": count}
    )


def _columns(row: RegisteredModel | ModelVersion) -> dict[str, object]:
    return {c: getattr(row, c) for c in row.__table__.columns.keys()}  # noqa: SIM118


def _version_read(model: RegisteredModel, version: ModelVersion) -> ModelVersionRead:
    return ModelVersionRead.model_validate(
        {**_columns(version), "aliases": _aliases(model, version.version)}
    )


@router.get("")
def list_models(user: CurrentUser, session: SessionDep, page: PageDep) -> ModelPage:
    """Your registered models, most recently updated first."""
    rows, total = service.list_models(session, user, page)
    return ModelPage(
        items=[_model_read(m, latest, n) for m, latest, n in rows],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


def _detail(session: SessionDep, user: User, model_id: str) -> ModelDetail:
    model = service.get_model(session, user, model_id)
    versions = service.list_versions(session, model)
    summaries = [
        ModelVersionSummary.model_validate({**_columns(v), "aliases": _aliases(model, v.version)})
        for v in versions
    ]
    read = _model_read(model, max((v.version for v in versions), default=0), len(versions))
    return ModelDetail(
        **read.model_dump(),
        versions=summaries,
        alias_history=[
            AliasEventRead.model_validate(e) for e in service.list_alias_events(session, model)
        ],
    )


@router.get("/{model_id}")
def get_model(model_id: str, user: CurrentUser, session: SessionDep) -> ModelDetail:
    """One model with its versions (newest first), aliases and alias history."""
    return _detail(session, user, model_id)


@router.get("/{model_id}/versions/{version}")
def get_model_version(
    model_id: str, version: int, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> ModelVersionRead:
    """One version: metrics, plots data, feature importances, feature schema and serving path.

    Reading it loads the model into the prediction cache (once), so the page can say which path
    serves it and the first prediction after opening the page is fast.
    """
    row = service.get_version(session, user, model_id, version)
    read = _version_read(service.get_model(session, user, model_id), row)
    try:
        serving = serving_model(settings, row)
    except Exception as e:  # a missing or unreadable artifact must not hide the version
        log.warning("model version %s could not be loaded: %s", row.id, e)
        read.serving_reason = f"the model could not be loaded: {type(e).__name__}"
        return read
    read.serving_path = "compiled" if serving.serving_path == "compiled" else "pandas"
    read.serving_reason = serving.fallback_reason or serving.native_reason
    if serving.native_trees:
        read.serving_trees = "treelite"
    elif serving.fast is not None and serving.has_trees:
        read.serving_trees = "python"
    return read


@router.put(
    "/{model_id}/aliases/{alias}",
    responses={
        503: {"model": ErrorResponse, "description": "MLflow refused the alias; nothing changed"}
    },
)
def set_model_alias(
    model_id: str,
    alias: AliasName,
    body: AliasUpdate,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
) -> ModelDetail:
    """Point champion or challenger at a version (promote or roll back), in MLflow too; audited."""
    service.set_alias(
        session, settings, user, model_id, alias=alias, number=body.version, reason=body.reason
    )
    return _detail(session, user, model_id)


@router.delete("/{model_id}", status_code=status.HTTP_204_NO_CONTENT)
def delete_model(
    model_id: str, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> None:
    """Delete a model with all its versions and prediction log, here and in MLflow."""
    service.delete_model(session, settings, user, model_id)


@router.get(
    "/{model_id}/versions/{version}/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
def export_model_version(
    model_id: str, version: int, user: CurrentUser, session: SessionDep, settings: SettingsDep
) -> StreamingResponse:
    """Download the version's MLflow model directory (MLmodel, pipeline, environment) as a zip."""
    row = service.get_version(session, user, model_id, version)
    model = service.get_model(session, user, model_id)
    directory, temporary = export.download_model_dir(settings, row.source_uri)
    filename = f"{model.name}-v{row.version}.zip".replace('"', "")

    def chunks() -> Iterator[bytes]:
        yield from export.zip_stream(directory, cleanup=temporary)

    return StreamingResponse(
        chunks(),
        media_type="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
