"""New versions of a dataset: cleaning operations (type overrides included) and restores.

A version is never edited. Cleaning writes a new Parquet file from a base version; a restore
adds a version that shares an older version's file. Either way the new version becomes current
and every older version stays readable.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.datasets.cleaning.apply import apply_operations
from csv_analyzer.datasets.cleaning.operations import RenameColumn
from csv_analyzer.datasets.errors import OperationError
from csv_analyzer.datasets.ingest.units import units_after_cleaning, units_of
from csv_analyzer.datasets.models import DatasetVersion
from csv_analyzer.datasets.schemas import VersionCreate
from csv_analyzer.datasets.service import (
    commit_new_version,
    domain_error,
    get_dataset,
    version_of,
)
from csv_analyzer.db import new_id
from csv_analyzer.errors import Conflict
from csv_analyzer.json_types import JsonObject
from csv_analyzer.storage import ObjectStore, staging_dir


def missing_counts(path: Path, names: list[str]) -> dict[str, int]:
    """Missing values per column from the Parquet footer's statistics (no data scan)."""
    parquet = pq.ParquetFile(path)
    meta = parquet.metadata
    positions = {n: i for i, n in enumerate(parquet.schema_arrow.names)}
    counts: dict[str, int] = {}
    for name in names:
        total: int | None = 0
        for rg in range(meta.num_row_groups):
            stats = meta.row_group(rg).column(positions[name]).statistics
            if stats is None or not stats.has_null_count or total is None:
                total = None
                break
            total += stats.null_count
        if total is None:  # no statistics written: count them
            total = pq.read_table(path, columns=[name]).column(name).null_count
        counts[name] = int(total)
    return counts


def create_version(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    *,
    user: User,
    dataset_id: str,
    body: VersionCreate,
) -> DatasetVersion:
    """Apply operations to a base version (default: current) and make the result current.

    An invalid operation is a 422 naming its index, column and problem; nothing is written.
    """
    dataset = get_dataset(session, user, dataset_id)
    base = version_of(session, dataset, body.base_version)
    tmp = staging_dir(settings) / f"clean-{new_id()}.parquet"
    try:
        with store.local_path(base.parquet_key) as src:
            try:
                types, report = apply_operations(src, tmp, body.operations, base.column_types)
            except OperationError as e:
                raise domain_error(e) from e
        names = list(types)
        missing = missing_counts(tmp, names)
        renames = [
            (op.column, op.new_name) for op in body.operations if isinstance(op, RenameColumn)
        ]
        units = units_after_cleaning(units_of(base.columns_summary), renames, types)
        summary: list[JsonObject] = []
        for n in names:
            entry: JsonObject = {"name": n, "type": str(types[n]), "missing": missing[n]}
            if n in units:
                entry["unit"] = units[n].model_dump(mode="json")
            summary.append(entry)
        return commit_new_version(
            session,
            store,
            user=user,
            dataset_id=dataset.id,
            parent=base,
            origin="operations",
            parquet_file=tmp,
            row_count=report.rows_after,
            column_types={n: str(t) for n, t in types.items()},
            columns_summary=summary,
            operations=[op.model_dump(mode="json") for op in body.operations],
            cleaning_report=report.model_dump(mode="json"),
        )
    finally:
        tmp.unlink(missing_ok=True)


def restore_version(
    session: Session, store: ObjectStore, user: User, dataset_id: str, number: int
) -> DatasetVersion:
    """Make an old version current again by adding a new version that shares its data."""
    dataset = get_dataset(session, user, dataset_id)
    old = version_of(session, dataset, number)
    if old.number == dataset.current_version:
        raise Conflict(f"Version {number} is already the current version.", code="already_current")
    return commit_new_version(
        session,
        store,
        user=user,
        dataset_id=dataset.id,
        parent=old,
        origin="restore",
        parquet_file=None,
        row_count=old.row_count,
        column_types=dict(old.column_types),
        columns_summary=list(old.columns_summary),
        operations=[],
    )
