"""Upload progress routes: where each of your uploads is, and what became of it."""

from __future__ import annotations

from fastapi import APIRouter

from csv_analyzer.datasets.ingest import upload_tracking
from csv_analyzer.datasets.models import DatasetUpload
from csv_analyzer.datasets.schemas import UploadError, UploadPage, UploadRead
from csv_analyzer.deps import CurrentUser, PageDep, SessionDep

router = APIRouter(prefix="/uploads", tags=["datasets"])


def upload_read(upload: DatasetUpload) -> UploadRead:
    error = (
        UploadError(code=upload.error_code or "upload_failed", message=upload.error or "")
        if upload.status == "failed"
        else None
    )
    return UploadRead(
        id=upload.id,
        status=upload.status,
        phase=upload.phase,
        phase_fraction=upload.phase_fraction,
        fraction=upload.fraction,
        filename=upload.filename,
        bytes_received=upload.bytes_received,
        bytes_total=upload.bytes_total,
        dataset_id=upload.dataset_id,
        error=error,
        created_at=upload.created_at,
        updated_at=upload.updated_at,
        finished_at=upload.finished_at,
    )


@router.get("")
def list_uploads(user: CurrentUser, session: SessionDep, page: PageDep) -> UploadPage:
    """Your uploads, newest first, including the ones that failed and why."""
    uploads, total = upload_tracking.list_uploads(session, user, page)
    return UploadPage(
        items=[upload_read(u) for u in uploads], total=total, offset=page.offset, limit=page.limit
    )


@router.get("/{upload_id}")
def get_upload(upload_id: str, user: CurrentUser, session: SessionDep) -> UploadRead:
    """One upload's progress: poll it while `POST /datasets?upload_id=...` runs."""
    return upload_read(upload_tracking.get_upload(session, user, upload_id))
