"""Dataset data routes: browse rows, profile, cleaning suggestions and downloads."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from csv_analyzer.datasets import service
from csv_analyzer.datasets.browse import download
from csv_analyzer.datasets.browse import rows as browse
from csv_analyzer.datasets.browse.query import MAX_LIMIT
from csv_analyzer.datasets.schemas import ProfileRead, RowsPage, SuggestionList
from csv_analyzer.deps import (
    CurrentUser,
    EscapeFormulasQuery,
    SessionDep,
    SettingsDep,
    StoreDep,
)

# Included by `router.router` (prefix /datasets, tag datasets).
router = APIRouter()

VersionQuery = Annotated[
    int | None, Query(ge=1, description="Version number (default: the current version)")
]


@router.get("/{dataset_id}/rows")
def list_rows(
    dataset_id: str,
    user: CurrentUser,
    session: SessionDep,
    store: StoreDep,
    version: VersionQuery = None,
    offset: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 100,
    sort: Annotated[str | None, Query(max_length=2000, description="`col:asc,col2:desc`")] = None,
    filters: Annotated[
        list[str],
        Query(
            alias="filter",
            description="Repeatable `column:op:value`; ops eq ne lt le gt ge contains is_null is_not_null",
        ),
    ] = [],  # noqa: B006 - FastAPI copies query defaults
) -> RowsPage:
    """One page of a version's rows, sorted and filtered (filters are combined with AND)."""
    return browse.rows_page(
        session,
        store,
        user,
        dataset_id,
        number=version,
        offset=offset,
        limit=limit,
        sort=sort,
        filters=filters,
    )


@router.get("/{dataset_id}/profile")
def get_profile(
    dataset_id: str,
    user: CurrentUser,
    session: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    version: VersionQuery = None,
    columns_offset: Annotated[
        int, Query(ge=0, description="Index of the first column to profile")
    ] = 0,
    columns_limit: Annotated[
        int,
        Query(ge=1, le=browse.MAX_PROFILE_COLUMNS, description="Most columns in this answer"),
    ] = browse.DEFAULT_PROFILE_COLUMNS,
) -> ProfileRead:
    """Per-column statistics, histograms, top values, missing values and correlations of a
    version, for one page of its columns (`columns` in the answer counts them all)."""
    return browse.get_profile(
        session,
        store,
        settings,
        user,
        dataset_id,
        number=version,
        columns_offset=columns_offset,
        columns_limit=columns_limit,
    )


@router.get("/{dataset_id}/suggestions")
def list_suggestions(
    dataset_id: str,
    user: CurrentUser,
    session: SessionDep,
    store: StoreDep,
    settings: SettingsDep,
    version: VersionQuery = None,
) -> SuggestionList:
    """Cleaning suggestions for a version, most severe first, each with a ready operation."""
    return browse.get_suggestions(session, store, settings, user, dataset_id, number=version)


_MEDIA_TYPES = {"csv": "text/csv; charset=utf-8", "parquet": "application/vnd.apache.parquet"}


@router.get(
    "/{dataset_id}/download",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string", "format": "binary"}},
                "application/vnd.apache.parquet": {
                    "schema": {"type": "string", "format": "binary"}
                },
            },
            "description": "The version's data (without the internal `__row_id`)",
        }
    },
)
def download_dataset(
    dataset_id: str,
    user: CurrentUser,
    session: SessionDep,
    store: StoreDep,
    version: VersionQuery = None,
    fmt: Annotated[Literal["csv", "parquet"], Query(alias="format")] = "csv",
    escape_formulas: EscapeFormulasQuery = True,
) -> StreamingResponse:
    """Download a version as CSV (spreadsheet-safe: formulas are escaped) or Parquet."""
    dataset = service.get_dataset(session, user, dataset_id)
    found = service.version_of(session, dataset, version)
    stem = re.sub(r"[\\/:*?\"<>|\x00-\x1f]+", "_", dataset.name).strip(" .") or "dataset"
    filename = f"{stem}-v{found.number}.{fmt}"
    writer = (
        download.csv_writer(store, found.parquet_key, escape_formulas=escape_formulas)
        if fmt == "csv"
        else download.parquet_writer(store, found.parquet_key)
    )
    return StreamingResponse(
        download.stream(writer),
        media_type=_MEDIA_TYPES[fmt],
        headers={"Content-Disposition": download.attachment(filename)},
    )
