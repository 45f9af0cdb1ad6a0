"""Reading a version's data for the browser: rows, profile, suggestions and downloads.

Thin use cases over the pure modules: resolve the user's version, hand its Parquet file to the
pure function, and turn domain errors into HTTP errors.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from csv_analyzer.auth.models import User
from csv_analyzer.config import Settings
from csv_analyzer.datasets.browse import query
from csv_analyzer.datasets.browse.profiling import profile_parquet
from csv_analyzer.datasets.cleaning.suggestions import suggest
from csv_analyzer.datasets.errors import QueryError
from csv_analyzer.datasets.models import DatasetVersion
from csv_analyzer.datasets.schemas import (
    ColumnHeader,
    ProfileRead,
    RowsPage,
    SuggestionList,
    SuggestionRead,
)
from csv_analyzer.datasets.service import domain_error, get_version, profile_key
from csv_analyzer.datasets.types import SemanticType
from csv_analyzer.db import new_id
from csv_analyzer.jobs.models import Job
from csv_analyzer.ownership import owned_by
from csv_analyzer.storage import ObjectStore, staging_dir
from csv_analyzer.training.models import TrainingRun

log = logging.getLogger(__name__)

DEFAULT_PROFILE_COLUMNS = 500
MAX_PROFILE_COLUMNS = 1000


def column_headers(version: DatasetVersion) -> list[ColumnHeader]:
    return [ColumnHeader(name=n, type=SemanticType(t)) for n, t in version.column_types.items()]


def rows_page(
    session: Session,
    store: ObjectStore,
    user: User,
    dataset_id: str,
    *,
    number: int | None,
    offset: int,
    limit: int,
    sort: str | None,
    filters: list[str],
) -> RowsPage:
    """One page of a version's rows, sorted and filtered; a bad sort or filter is a 422."""
    version = get_version(session, user, dataset_id, number)
    try:
        keys = query.parse_sort(sort)
        conditions = query.parse_filters(filters, list(version.column_types))
        with store.local_path(version.parquet_key) as path:
            page = query.query_rows(path, offset=offset, limit=limit, sort=keys, filters=conditions)
    except QueryError as e:
        raise domain_error(e) from e
    return RowsPage(
        version=version.number,
        total=page.total,
        offset=offset,
        limit=limit,
        columns=column_headers(version),
        rows=page.rows,
    )


def version_profile(
    store: ObjectStore, settings: Settings, version: DatasetVersion
) -> dict[str, Any]:
    """The version's profile, computed on first use and cached in the store (versions never
    change, so the cache never goes stale)."""
    key = profile_key(version)
    if store.exists(key):
        with store.open_read(key) as f:
            cached: dict[str, Any] = json.load(f)
        return cached
    with store.local_path(version.parquet_key) as path:
        profile = profile_parquet(path, version.column_types)
    tmp = staging_dir(settings) / f"profile-{new_id()}.json"
    try:
        tmp.write_text(json.dumps(profile, allow_nan=False), encoding="utf-8")
        store.put_file(key, tmp)
    except (OSError, ValueError):
        log.exception("could not cache the profile of version %s", version.id)  # serve it anyway
    finally:
        tmp.unlink(missing_ok=True)
    return profile


def get_profile(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    user: User,
    dataset_id: str,
    *,
    number: int | None,
    columns_offset: int = 0,
    columns_limit: int = DEFAULT_PROFILE_COLUMNS,
) -> ProfileRead:
    """Per-column statistics of a version of the user's dataset, one page of columns at a time
    (a 10,000-column profile in one answer is tens of megabytes no browser wants)."""
    version = get_version(session, user, dataset_id, number)
    profile = version_profile(store, settings, version)
    page = slice(columns_offset, columns_offset + columns_limit)
    missing = profile["missing"]
    matrix = missing["matrix"]
    return ProfileRead.model_validate(
        {
            **profile,
            "version": version.number,
            "columns_offset": columns_offset,
            "columns_limit": columns_limit,
            "column_profiles": profile["column_profiles"][page],
            "missing": {
                "columns": missing["columns"][page],
                "matrix": {
                    "row_ids": matrix["row_ids"],
                    "columns": matrix["columns"][page],
                    "values": [line[page] for line in matrix["values"]],
                },
            },
        }
    )


def get_suggestions(
    session: Session,
    store: ObjectStore,
    settings: Settings,
    user: User,
    dataset_id: str,
    *,
    number: int | None,
) -> SuggestionList:
    """Cleaning suggestions for a version, from its (cached) profile; trained targets are left alone."""
    version = get_version(session, user, dataset_id, number)
    protected = trained_targets(session, user, dataset_id)
    found = suggest(
        version_profile(store, settings, version), version.column_types, protected=protected
    )
    items = [SuggestionRead.model_validate(s.model_dump()) for s in found]
    shown = [c for c in version.column_types if c in protected]
    return SuggestionList(version=version.number, items=items, protected_columns=shown)


def trained_targets(session: Session, user: User, dataset_id: str) -> set[str]:
    """Targets of the user's successful training runs on any version of this dataset."""
    stmt = (
        select(TrainingRun.target)
        .join(Job, Job.id == TrainingRun.id)
        .where(
            owned_by(TrainingRun, user),
            TrainingRun.dataset_id == dataset_id,
            Job.status == "succeeded",
        )
        .distinct()
    )
    return set(session.scalars(stmt))
