"""Dataset routes: upload, list, detail, rename, delete, versions and restore."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, status
from starlette.concurrency import run_in_threadpool

from csv_analyzer.datasets import data_router, service
from csv_analyzer.datasets.ingest import upload_tracking
from csv_analyzer.datasets.ingest.upload import UPLOAD_OPENAPI, receive_upload
from csv_analyzer.datasets.models import Dataset, DatasetVersion
from csv_analyzer.datasets.schemas import (
    DatasetDetail,
    DatasetPage,
    DatasetRead,
    DatasetUpdate,
    DatasetVersionRead,
    RestoreRequest,
    VersionCreate,
)
from csv_analyzer.datasets.versions import service as versioning
from csv_analyzer.db import new_id
from csv_analyzer.deps import CurrentUser, PageDep, SessionDep, SettingsDep, StoreDep
from csv_analyzer.error_handlers import ErrorResponse
from csv_analyzer.storage import staging_dir

router = APIRouter(prefix="/datasets", tags=["datasets"])


def version_read(version: DatasetVersion, *, current: int) -> DatasetVersionRead:
    return DatasetVersionRead(
        id=version.id,
        number=version.number,
        parent_number=version.parent_number,
        origin=version.origin,
        rows=version.row_count,
        columns=version.column_count,
        column_types=version.column_types,
        columns_summary=version.columns_summary,
        operations=version.operations,
        ingest_report=version.ingest_report,
        cleaning_report=version.cleaning_report,
        created_by=version.created_by,
        created_at=version.created_at,
        is_current=version.number == current,
    )


def dataset_read(dataset: Dataset, current: DatasetVersion, versions_count: int) -> DatasetRead:
    return DatasetRead(
        id=dataset.id,
        name=dataset.name,
        original_filename=dataset.original_filename,
        size_bytes=dataset.size_bytes,
        current_version=dataset.current_version,
        versions_count=versions_count,
        rows=current.row_count,
        columns=current.column_count,
        created_at=dataset.created_at,
        updated_at=dataset.updated_at,
    )


def dataset_detail(dataset: Dataset, current: DatasetVersion, versions_count: int) -> DatasetDetail:
    base = dataset_read(dataset, current, versions_count)
    return DatasetDetail(
        **base.model_dump(), version=version_read(current, current=dataset.current_version)
    )


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=UPLOAD_OPENAPI,
    responses={
        409: {"model": ErrorResponse, "description": "The upload id was used before"},
        413: {"description": "File too large"},
        415: {"description": "Not a CSV file"},
    },
)
async def create_dataset(
    request: Request,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
    upload_id: Annotated[
        str | None,
        Query(
            pattern=r"^[0-9a-f]{32}$",
            description=(
                "Your own id for this upload (32 lowercase hex digits, e.g. a UUID4 without "
                "dashes): poll `GET /uploads/{upload_id}` for its progress while this request runs"
            ),
        ),
    ] = None,
) -> DatasetDetail:
    """Upload a CSV file (multipart `file`, optional `name`); it becomes version 1 of a new dataset."""
    # Async only to stream the body to disk; the ingest itself runs in the thread pool.
    declared = request.headers.get("content-length", "")
    async with upload_tracking.tracked_upload(
        request.app.state.sessionmaker,
        user,
        upload_id or new_id(),
        int(declared) if declared.isdigit() else None,
    ) as progress:
        staged = staging_dir(settings) / f"upload-{progress.tracker.upload_id}.csv"
        try:
            upload = await receive_upload(
                request, staged, settings.max_upload_bytes, progress.on_received
            )
            dataset, version = await run_in_threadpool(
                service.create_dataset,
                session,
                store,
                settings,
                user=user,
                upload=upload,
                staged=staged,
                tracker=progress.tracker,
            )
        finally:
            staged.unlink(missing_ok=True)
    return dataset_detail(dataset, version, 1)


@router.get("")
def list_datasets(user: CurrentUser, session: SessionDep, page: PageDep) -> DatasetPage:
    """Your datasets, newest first, with the current version's size."""
    rows, total = service.list_datasets(session, user, page)
    return DatasetPage(
        items=[dataset_read(d, v, n) for d, v, n in rows],
        total=total,
        offset=page.offset,
        limit=page.limit,
    )


@router.get("/{dataset_id}")
def get_dataset(dataset_id: str, user: CurrentUser, session: SessionDep) -> DatasetDetail:
    """One dataset with its current version's columns and types."""
    dataset = service.get_dataset(session, user, dataset_id)
    current = service.get_version(session, user, dataset_id, None)
    return dataset_detail(dataset, current, service.count_versions(session, dataset))


@router.patch("/{dataset_id}")
def update_dataset(
    dataset_id: str, body: DatasetUpdate, user: CurrentUser, session: SessionDep
) -> DatasetDetail:
    """Rename a dataset."""
    dataset = service.rename_dataset(session, user, dataset_id, name=body.name)
    current = service.get_version(session, user, dataset_id, None)
    return dataset_detail(dataset, current, service.count_versions(session, dataset))


@router.delete(
    "/{dataset_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    responses={409: {"model": ErrorResponse, "description": "Still used (dataset_in_use)"}},
)
def delete_dataset(
    dataset_id: str, user: CurrentUser, session: SessionDep, store: StoreDep
) -> None:
    """Delete a dataset, all its versions and its stored files."""
    service.delete_dataset(session, store, user, dataset_id)


@router.get("/{dataset_id}/versions")
def list_versions(
    dataset_id: str, user: CurrentUser, session: SessionDep
) -> list[DatasetVersionRead]:
    """Every version of a dataset, oldest first, with the operations that made each."""
    dataset = service.get_dataset(session, user, dataset_id)
    versions = service.list_versions(session, user, dataset_id)
    return [version_read(v, current=dataset.current_version) for v in versions]


@router.get("/{dataset_id}/versions/{number}")
def get_version(
    dataset_id: str, number: int, user: CurrentUser, session: SessionDep
) -> DatasetVersionRead:
    """One version of a dataset."""
    dataset = service.get_dataset(session, user, dataset_id)
    version = service.get_version(session, user, dataset_id, number)
    return version_read(version, current=dataset.current_version)


@router.post(
    "/{dataset_id}/versions",
    status_code=status.HTTP_201_CREATED,
    responses={409: {"model": ErrorResponse, "description": "A concurrent change won"}},
)
def create_version(
    dataset_id: str,
    body: VersionCreate,
    user: CurrentUser,
    session: SessionDep,
    settings: SettingsDep,
    store: StoreDep,
) -> DatasetVersionRead:
    """Apply cleaning operations to a version; the result is a new, current version."""
    version = versioning.create_version(
        session, store, settings, user=user, dataset_id=dataset_id, body=body
    )
    return version_read(version, current=version.number)


@router.post(
    "/{dataset_id}/restore",
    status_code=status.HTTP_201_CREATED,
    responses={
        409: {
            "model": ErrorResponse,
            "description": "Already the current version, or a concurrent change won",
        }
    },
)
def restore_version(
    dataset_id: str, body: RestoreRequest, user: CurrentUser, session: SessionDep, store: StoreDep
) -> DatasetVersionRead:
    """Make an old version current again by adding a new version with the same data."""
    version = versioning.restore_version(session, store, user, dataset_id, body.version)
    return version_read(version, current=version.number)


router.include_router(data_router.router)
