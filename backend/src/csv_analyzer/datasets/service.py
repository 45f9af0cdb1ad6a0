"""Dataset use cases: upload, list, rename, delete, versions; and the readers other features use.

Files and rows are written together or not at all: files are stored first under keys no row
points to yet, and deleted again if the commit fails. Versions are immutable; a new version is
numbered under a lock on its dataset row (PostgreSQL) or by the unique (dataset, number)
constraint (SQLite serialises writers anyway), so two concurrent edits never share a number.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
from sqlalchemy import delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.datasets import metrics
from csv_analyzer.datasets.errors import DatasetDomainError, IngestError
from csv_analyzer.datasets.ingest.reader import ingest_csv
from csv_analyzer.datasets.ingest.report import IngestReport
from csv_analyzer.datasets.ingest.staging import ReceivedUpload
from csv_analyzer.datasets.ingest.upload_tracking import UploadTracker, mark_succeeded
from csv_analyzer.datasets.models import Dataset, DatasetVersion
from csv_analyzer.datasets.types import ROW_ID
from csv_analyzer.db import new_id, utcnow
from csv_analyzer.errors import AppError, Conflict, NotFound, Unprocessable
from csv_analyzer.json_types import JsonObject
from csv_analyzer.ownership import Page, get_owned, owned_select
from csv_analyzer.storage import ObjectStore, staging_dir

log = logging.getLogger(__name__)


class DatasetNotFound(NotFound):
    code = "dataset_not_found"


class VersionNotFound(NotFound):
    code = "version_not_found"


class VersionConflict(Conflict):
    code = "version_conflict"


def domain_error(error: DatasetDomainError) -> AppError:
    """The HTTP error for a pure-module error: 415 for binary files, 422 for everything else."""
    status = 415 if error.code == "binary_file" else 422
    return AppError(error.message, code=error.code, status_code=status, details=error.details)


def dataset_prefix(dataset_id: str) -> str:
    return f"datasets/{dataset_id}"


def version_key(dataset_id: str, version_id: str) -> str:
    # Keyed by the version's id, not its number: a number lost to a concurrent edit never has
    # its file overwritten by the winner's.
    return f"{dataset_prefix(dataset_id)}/versions/{version_id}/data.parquet"


def profile_key(version: DatasetVersion) -> str:
    """Profile cache next to the Parquet file (restored versions share both)."""
    return version.parquet_key.rsplit("/", 1)[0] + "/profile.json"


# --- reads -----------------------------------------------------------------------------------


def get_dataset(session: Session, user: User, dataset_id: str) -> Dataset:
    """The user's dataset, or 404 `dataset_not_found` (also for someone else's)."""
    return get_owned(session, Dataset, dataset_id, user, error=DatasetNotFound, what="dataset")


def version_of(session: Session, dataset: Dataset, number: int | None) -> DatasetVersion:
    wanted = dataset.current_version if number is None else number
    version = session.scalars(
        select(DatasetVersion).where(
            DatasetVersion.dataset_id == dataset.id, DatasetVersion.number == wanted
        )
    ).one_or_none()
    if version is None:
        raise VersionNotFound(f"Dataset {dataset.id} has no version {wanted}")
    return version


def get_version(
    session: Session, user: User, dataset_id: str, number: int | None
) -> DatasetVersion:
    """A version of the user's dataset (None = the current one), or 404."""
    return version_of(session, get_dataset(session, user, dataset_id), number)


def get_version_by_id(session: Session, version_id: str) -> DatasetVersion:
    """A version by its id, without an ownership check: for workers acting on a stored job."""
    version = session.get(DatasetVersion, version_id)
    if version is None:
        raise VersionNotFound(f"Dataset version {version_id} not found")
    return version


def read_version_frame(
    store: ObjectStore,
    version: DatasetVersion,
    columns: list[str] | None = None,
    *,
    include_row_id: bool = False,
) -> pd.DataFrame:
    """A version's data as a DataFrame; `__row_id` only when asked (in `columns` or by flag)."""
    names = list(version.column_types)
    if columns is None:
        wanted = [ROW_ID, *names] if include_row_id else names
    else:
        unknown = [c for c in columns if c not in version.column_types and c != ROW_ID]
        if unknown:
            raise Unprocessable(
                f"Unknown columns: {', '.join(unknown)}",
                code="unknown_column",
                details={"columns": unknown, "available": names},
            )
        wanted = [ROW_ID, *columns] if include_row_id and ROW_ID not in columns else columns
    with store.local_path(version.parquet_key) as path:
        frame: pd.DataFrame = pq.read_table(path, columns=wanted).to_pandas()
    return frame


def list_datasets(
    session: Session, user: User, page: Page
) -> tuple[list[tuple[Dataset, DatasetVersion, int]], int]:
    """The user's datasets, newest first, each with its current version and version count."""
    versions_count = (
        select(func.count(DatasetVersion.id))
        .where(DatasetVersion.dataset_id == Dataset.id)
        .correlate(Dataset)
        .scalar_subquery()
    )
    stmt = (
        owned_select(Dataset, user)
        .join(
            DatasetVersion,
            (DatasetVersion.dataset_id == Dataset.id)
            & (DatasetVersion.number == Dataset.current_version),
        )
        .add_columns(DatasetVersion, versions_count)
        .order_by(Dataset.created_at.desc(), Dataset.id.desc())
        .offset(page.offset)
        .limit(page.limit)
    )
    rows = [(d, v, int(n)) for d, v, n in session.execute(stmt)]
    total = session.scalar(select(func.count()).select_from(owned_select(Dataset, user).subquery()))
    return rows, int(total or 0)


def count_versions(session: Session, dataset: Dataset) -> int:
    stmt = select(func.count(DatasetVersion.id)).where(DatasetVersion.dataset_id == dataset.id)
    return int(session.scalar(stmt) or 0)


def list_versions(session: Session, user: User, dataset_id: str) -> Sequence[DatasetVersion]:
    """Every version of the user's dataset, oldest first."""
    dataset = get_dataset(session, user, dataset_id)
    stmt = (
        select(DatasetVersion)
        .where(DatasetVersion.dataset_id == dataset.id)
        .order_by(DatasetVersion.number)
    )
    return session.scalars(stmt).all()


# --- writes ----------------------------------------------------------------------------------


def _dataset_name(upload: ReceivedUpload) -> str:
    name = " ".join(upload.fields.get("name", "").split())
    if len(name) > 200:
        raise Unprocessable("The name is longer than 200 characters.", details={"field": "name"})
    return name or Path(upload.filename).stem[:200] or "Untitled dataset"


def _summary(report: IngestReport) -> list[JsonObject]:
    out: list[JsonObject] = []
    for c in report.columns:
        entry: JsonObject = {"name": c.name, "type": str(c.semantic_type), "missing": c.missing}
        if c.unit is not None:
            entry["unit"] = c.unit.model_dump(mode="json")
        out.append(entry)
    return out


def create_dataset(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    *,
    user: User,
    upload: ReceivedUpload,
    staged: Path,
    tracker: UploadTracker | None = None,
) -> tuple[Dataset, DatasetVersion]:
    """Ingest a staged CSV into version 1 of a new dataset; on any failure nothing remains.

    With a `tracker`, the ingest reports its progress there, and the upload's row is marked
    succeeded in the same commit as the dataset (so it never names a dataset that isn't there).
    """
    name = _dataset_name(upload)
    dataset_id, version_id = new_id(), new_id()
    parquet_tmp = staging_dir(settings) / f"{version_id}.parquet"
    progress = tracker.ingest_progress if tracker is not None else None
    if tracker is not None:
        tracker.received_all(upload.filename, upload.size)
    try:
        try:
            report = ingest_csv(staged, parquet_tmp, progress=progress)
        except IngestError as e:
            metrics.UPLOADS_REJECTED.labels(code=e.code).inc()
            raise domain_error(e) from e
        parquet_bytes = parquet_tmp.stat().st_size
        raw_key = f"{dataset_prefix(dataset_id)}/raw/source.csv"
        parquet_key = version_key(dataset_id, version_id)
        if progress is not None:
            progress("store", 0.0)
        try:
            store.put_file(parquet_key, parquet_tmp)
            if progress is not None:
                progress("store", 0.5)
            store.put_file(raw_key, staged)
            dataset = Dataset(
                id=dataset_id,
                owner_id=user.id,
                name=name,
                original_filename=upload.filename,
                size_bytes=upload.size,
                raw_key=raw_key,
                current_version=1,
            )
            version = DatasetVersion(
                id=version_id,
                dataset_id=dataset_id,
                number=1,
                origin="upload",
                parquet_key=parquet_key,
                parquet_bytes=parquet_bytes,
                row_count=report.rows,
                column_count=len(report.columns),
                column_types={c.name: str(c.semantic_type) for c in report.columns},
                columns_summary=_summary(report),
                operations=[],
                ingest_report=report.model_dump(mode="json", exclude={"columns"}),
                created_by=user.id,
            )
            session.add_all([dataset, version])
            if tracker is not None:
                session.flush()  # the dataset row first: the upload row refers to it
                mark_succeeded(
                    session,
                    tracker.upload_id,
                    dataset_id=dataset_id,
                    filename=upload.filename,
                    size=upload.size,
                )
            session.commit()
        except BaseException:
            session.rollback()
            store.delete_prefix(dataset_prefix(dataset_id))
            raise
    finally:
        parquet_tmp.unlink(missing_ok=True)
    metrics.DATASETS_UPLOADED.inc()
    metrics.INGESTED_BYTES.inc(upload.size)
    return dataset, version


def rename_dataset(session: Session, user: User, dataset_id: str, *, name: str) -> Dataset:
    dataset = get_dataset(session, user, dataset_id)
    dataset.name = name
    dataset.updated_at = utcnow()
    session.commit()
    return dataset


def delete_dataset(session: Session, store: ObjectStore, user: User, dataset_id: str) -> None:
    """Delete the dataset's rows, then its files (an orphan file is better than a dangling row)."""
    dataset = get_dataset(session, user, dataset_id)
    try:
        session.execute(delete(Dataset).where(Dataset.id == dataset.id))
        session.commit()
    except IntegrityError as e:
        session.rollback()
        raise Conflict(
            "The dataset is still used (for example by a training job); delete that first.",
            code="dataset_in_use",
        ) from e
    try:
        store.delete_prefix(dataset_prefix(dataset.id))
    except OSError:
        log.exception("could not delete the files of dataset %s", dataset.id)


def commit_new_version(
    session: Session,
    store: ObjectStore,
    *,
    user: User,
    dataset_id: str,
    parent: DatasetVersion,
    origin: str,
    parquet_file: Path | None,
    row_count: int,
    column_types: dict[str, str],
    columns_summary: list[JsonObject],
    operations: list[JsonObject],
    cleaning_report: JsonObject | None = None,
) -> DatasetVersion:
    """Store a new version's file (or share the parent's when `parquet_file` is None), number it
    under a lock on the dataset row, make it current and commit."""
    version_id = new_id()
    if parquet_file is None:
        key, size = parent.parquet_key, parent.parquet_bytes
    else:
        key, size = version_key(dataset_id, version_id), parquet_file.stat().st_size
        store.put_file(key, parquet_file)
    try:
        dataset = get_owned(
            session,
            Dataset,
            dataset_id,
            user,
            error=DatasetNotFound,
            what="dataset",
            for_update=True,
        )
        last = session.scalar(
            select(func.max(DatasetVersion.number)).where(DatasetVersion.dataset_id == dataset.id)
        )
        version = DatasetVersion(
            id=version_id,
            dataset_id=dataset.id,
            number=int(last or 0) + 1,
            parent_number=parent.number,
            origin=origin,
            parquet_key=key,
            parquet_bytes=size,
            row_count=row_count,
            column_count=len(column_types),
            column_types=column_types,
            columns_summary=columns_summary,
            operations=operations,
            cleaning_report=cleaning_report,
            created_by=user.id,
        )
        session.add(version)
        dataset.current_version = version.number
        dataset.updated_at = utcnow()
        session.commit()
    except BaseException as e:
        session.rollback()
        if parquet_file is not None:
            store.delete_prefix(key)
        if isinstance(e, IntegrityError):
            raise VersionConflict(
                "Another change to this dataset happened at the same time; try again."
            ) from e
        raise
    return version
