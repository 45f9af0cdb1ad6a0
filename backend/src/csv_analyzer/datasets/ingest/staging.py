"""Removing what crashed uploads and jobs leave in the staging directory (``data_dir/tmp``).

A request or job killed mid-way never reaches its ``finally``: its staged CSV
(``upload-<id>.csv``), half-written Parquet (``*.parquet.partial``) or batch file stays for ever
(341 MB after three killed uploads). The sweeper removes top-level staging files older than
``STAGING_MAX_AGE_S`` when the app starts and every ``STAGING_SWEEP_INTERVAL_S`` after. Files in
use are never that old (an upload rewrites its file as bytes arrive, an ingest its ``.partial``),
and the staged CSV of an upload whose row is still active (updated recently) is kept whatever
its age. Sub-directories (DuckDB's spill files) are left to their owners.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.config import Settings
from csv_analyzer.datasets.ingest.upload_tracking import ACTIVE, SILENT_AFTER_S
from csv_analyzer.datasets.models import DatasetUpload
from csv_analyzer.db import utcnow
from csv_analyzer.storage import staging_dir

log = logging.getLogger(__name__)


def stale_files(
    directory: Path, *, older_than_s: float, keep: Collection[str] = (), now: float | None = None
) -> list[Path]:
    """Regular files directly in ``directory`` last modified more than ``older_than_s`` ago,
    except those named in ``keep``."""
    cutoff = (time.time() if now is None else now) - older_than_s
    found = []
    for path in directory.iterdir() if directory.is_dir() else ():
        try:
            stat = path.lstat()
        except FileNotFoundError:  # removed meanwhile by its owner
            continue
        old = stat.st_mtime < cutoff
        if old and path.is_file() and not path.is_symlink() and path.name not in keep:
            found.append(path)
    return sorted(found)


def active_upload_files(sm: sessionmaker[Session]) -> set[str]:
    """Staged file names of uploads still in flight (active and updated recently)."""
    cutoff = utcnow() - timedelta(seconds=SILENT_AFTER_S)
    with sm() as session:
        ids = session.scalars(
            select(DatasetUpload.id).where(
                DatasetUpload.status.in_(ACTIVE), DatasetUpload.updated_at >= cutoff
            )
        ).all()
    return {f"upload-{i}.csv" for i in ids}


def sweep_staging(settings: Settings, sm: sessionmaker[Session]) -> list[Path]:
    """Remove stale staging files; returns what was removed."""
    removed = []
    keep = active_upload_files(sm)
    for path in stale_files(
        staging_dir(settings), older_than_s=settings.staging_max_age_s, keep=keep
    ):
        try:
            size = path.stat().st_size
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
        log.info("removed stale staging file %s (%d bytes)", path.name, size)
    return removed


class StagingSweeper(threading.Thread):
    """Sweeps at start, then every ``staging_sweep_interval_s`` until stopped."""

    def __init__(self, settings: Settings, sm: sessionmaker[Session]) -> None:
        super().__init__(name="staging-sweeper", daemon=True)
        self.settings = settings
        self.sm = sm
        self._stop_event = threading.Event()

    def run(self) -> None:
        while True:
            try:
                sweep_staging(self.settings, self.sm)
            except Exception:  # a failed sweep must not end the thread: try again later
                log.exception("sweeping the staging directory failed")
            if self._stop_event.wait(self.settings.staging_sweep_interval_s):
                return

    def stop(self, timeout: float = 5.0) -> None:
        self._stop_event.set()
        if self.is_alive():
            self.join(timeout=timeout)


@dataclass
class ReceivedUpload:
    """What arrived: the staged file's size, its client-side name and the form's other fields."""

    filename: str
    content_type: str
    size: int
    fields: dict[str, str] = field(default_factory=dict)
