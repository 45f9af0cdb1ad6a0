"""Upload progress: one `dataset_upload` row per upload, updated while it is received and read.

The upload request itself stays synchronous (it answers 201 with the dataset, or the 4xx that says
what is wrong with the file), so a client that wants to show progress names the upload with its
own id and polls `GET /uploads/{id}` meanwhile. Progress is written from short sessions of its
own, never the request's, and at most every `MIN_INTERVAL_S` (plus at each phase change), so a
fast upload costs a handful of small UPDATEs.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import anyio
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.auth.models import User
from csv_analyzer.datasets.models import DatasetUpload
from csv_analyzer.db import utcnow
from csv_analyzer.errors import AppError, Conflict, NotFound
from csv_analyzer.ownership import Page, get_owned, owned_select

log = logging.getLogger(__name__)

MIN_INTERVAL_S = 0.25

# Each phase owns a slice of the overall fraction, in order, so the overall bar only moves forward.
# Receiving is the slowest part over a network; a second read only happens when a column's type
# had to be widened late in the file.
PHASE_BANDS: dict[str, tuple[float, float]] = {
    "receiving": (0.0, 0.45),
    "read": (0.45, 0.85),
    "reread": (0.85, 0.93),
    "analyze": (0.93, 0.97),
    "store": (0.97, 1.0),
}
ACTIVE = ("receiving", "ingesting")
SILENT_AFTER_S = 300.0
"""An active upload not updated for this long died with its process (the longest silent step is
storing a large file in an S3 store, well under this at any sensible bandwidth)."""
INTERRUPTED = "The upload stopped before it finished (the server restarted or the client left)."


class UploadNotFound(NotFound):
    code = "upload_not_found"


class UploadIdInUse(Conflict):
    code = "upload_id_in_use"


def overall_fraction(phase: str, phase_fraction: float) -> float:
    """The share of the whole upload done when `phase` is `phase_fraction` done."""
    low, high = PHASE_BANDS.get(phase, (1.0, 1.0))
    return round(low + (high - low) * min(max(phase_fraction, 0.0), 1.0), 4)


class UploadTracker:
    """Writes one upload's progress; safe to call from the event loop's thread pool or a worker."""

    def __init__(self, sm: sessionmaker[Session], upload_id: str) -> None:
        self.sm = sm
        self.upload_id = upload_id
        self._lock = threading.Lock()
        self._last_write = 0.0
        self._phase = "receiving"
        self._fraction = 0.0

    def due(self, phase: str) -> bool:
        """Whether a report for `phase` would be written now (a phase change always is)."""
        return phase != self._phase or time.monotonic() - self._last_write >= MIN_INTERVAL_S

    def received(self, received: int, total: int | None) -> None:
        """The body has brought `received` bytes of about `total` (Content-Length; None unknown)."""
        share = received / total if total else 0.0
        self._write("receiving", share, status="receiving", bytes_received=received)

    def received_all(self, filename: str, size: int) -> None:
        """The whole file is on disk: record its name and size before it is read."""
        self._write(
            "receiving",
            1.0,
            force=True,
            status="receiving",
            bytes_received=size,
            filename=filename[:255],
        )

    def ingest_progress(self, phase: str, phase_fraction: float) -> None:
        """The ingest's `progress(phase, fraction)` callback."""
        self._write(phase, phase_fraction, status="ingesting")

    def _write(
        self, phase: str, phase_fraction: float, *, force: bool = False, **values: Any
    ) -> None:
        with self._lock:
            if not force and not self.due(phase):
                return
            fraction = max(self._fraction, overall_fraction(phase, phase_fraction))
            self._phase, self._fraction, self._last_write = phase, fraction, time.monotonic()
        self._update(
            "progress",
            phase=phase,
            phase_fraction=round(min(max(phase_fraction, 0.0), 1.0), 4),
            fraction=fraction,
            **values,
        )

    def fail(self, error: BaseException) -> None:
        """Record why the upload failed (the client got the same message as a 4xx)."""
        if isinstance(error, AppError):
            code, message = error.code, error.message
        else:
            code, message = "upload_failed", "The upload failed on the server; it was logged."
        self._update(
            "failure",
            status="failed",
            error_code=code[:64],
            error=message,
            finished_at=utcnow(),
        )

    def _update(self, what: str, **values: Any) -> None:
        """Write `values` to the row while the upload is active; never raise."""
        try:
            with self.sm.begin() as session:
                session.execute(
                    update(DatasetUpload)
                    .where(DatasetUpload.id == self.upload_id, DatasetUpload.status.in_(ACTIVE))
                    .values(updated_at=utcnow(), **values)
                )
        except Exception:
            # Progress is a courtesy: a busy database must never fail the upload itself.
            log.warning("upload %s: %s not recorded", self.upload_id, what, exc_info=True)


def start_upload(
    sm: sessionmaker[Session], user: User, upload_id: str, bytes_total: int | None
) -> UploadTracker:
    """Write the upload's row (status `receiving`) and return its tracker; 409 for a used id."""
    now = utcnow()
    try:
        with sm.begin() as session:
            session.add(
                DatasetUpload(
                    id=upload_id,
                    owner_id=user.id,
                    bytes_total=bytes_total,
                    created_at=now,
                    updated_at=now,
                )
            )
    except IntegrityError as e:
        raise UploadIdInUse(
            f"The upload id {upload_id} was already used; send a new one.",
            details={"upload_id": upload_id},
        ) from e
    return UploadTracker(sm, upload_id)


@asynccontextmanager
async def tracked_upload(
    sm: sessionmaker[Session], user: User, upload_id: str, declared_bytes: int | None
) -> AsyncIterator[ReceivedProgress]:
    """An upload's life in its tracker, for the request that receives it.

    Starts the tracker (409 for an id already in use), gives the receiver a progress callback,
    and marks the upload failed, with the reason, if anything inside raises (the success is
    marked by the ingest that makes the dataset).
    """
    tracker = await anyio.to_thread.run_sync(start_upload, sm, user, upload_id, declared_bytes)
    try:
        yield ReceivedProgress(tracker, declared_bytes)
    except BaseException as e:
        await anyio.to_thread.run_sync(tracker.fail, e)
        raise


class ReceivedProgress:
    """The tracker plus the `on_received` callback `receive_upload` calls as bytes arrive."""

    def __init__(self, tracker: UploadTracker, declared_bytes: int | None) -> None:
        self.tracker = tracker
        self.declared_bytes = declared_bytes

    async def on_received(self, received: int) -> None:
        if self.tracker.due("receiving"):
            await anyio.to_thread.run_sync(self.tracker.received, received, self.declared_bytes)


def mark_succeeded(
    session: Session, upload_id: str, *, dataset_id: str, filename: str, size: int
) -> None:
    """Add to the session (committed with the dataset itself) the upload's successful end."""
    now = utcnow()
    session.execute(
        update(DatasetUpload)
        .where(DatasetUpload.id == upload_id)
        .values(
            status="succeeded",
            phase="done",
            phase_fraction=1.0,
            fraction=1.0,
            filename=filename,
            bytes_received=size,
            dataset_id=dataset_id,
            updated_at=now,
            finished_at=now,
        )
    )


def _expire_if_silent(session: Session, upload: DatasetUpload) -> None:
    """An active upload nobody has updated for `SILENT_AFTER_S` died with its process: say so."""
    cutoff = utcnow() - timedelta(seconds=SILENT_AFTER_S)
    if upload.status not in ACTIVE or upload.updated_at >= cutoff:
        return
    session.execute(
        update(DatasetUpload)
        .where(
            DatasetUpload.id == upload.id,
            DatasetUpload.status.in_(ACTIVE),
            DatasetUpload.updated_at < cutoff,
        )
        .values(
            status="failed",
            error_code="upload_interrupted",
            error=INTERRUPTED,
            finished_at=utcnow(),
        )
    )
    session.commit()
    session.refresh(upload)


def get_upload(session: Session, user: User, upload_id: str) -> DatasetUpload:
    """The user's upload, or 404 `upload_not_found` (also for someone else's)."""
    upload = get_owned(session, DatasetUpload, upload_id, user, error=UploadNotFound, what="upload")
    _expire_if_silent(session, upload)
    return upload


def list_uploads(session: Session, user: User, page: Page) -> tuple[Sequence[DatasetUpload], int]:
    """The user's uploads, newest first (failed ones included, with their errors)."""
    stmt = (
        owned_select(DatasetUpload, user)
        .order_by(DatasetUpload.created_at.desc(), DatasetUpload.id.desc())
        .offset(page.offset)
        .limit(page.limit)
    )
    uploads = session.scalars(stmt).all()
    for upload in uploads:
        _expire_if_silent(session, upload)
    total = session.scalar(
        select(func.count()).select_from(owned_select(DatasetUpload, user).subquery())
    )
    return uploads, int(total or 0)
