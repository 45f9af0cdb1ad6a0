"""Prediction log rows written off the request path: a queue drained by a background thread.

A request only appends a dict to an in-memory queue (microseconds); a daemon thread inserts the
queued rows in batches (one multi-row INSERT per half second at most) and, at most once an hour,
deletes rows older than the retention window. The thread starts on demand and ends when idle.
A crash loses at most the last half second of log rows; predictions themselves are never delayed.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from datetime import timedelta

from sqlalchemy import delete, insert
from sqlalchemy.orm import Session, sessionmaker

from csv_analyzer.db import utcnow
from csv_analyzer.json_types import JsonObject
from csv_analyzer.predictions.models import PredictionLog

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 0.5
MAX_BATCH = 500
MAX_PENDING = 20_000  # beyond this the log drops rows rather than grow without bound
IDLE_EXIT_S = 5.0
RETENTION_EVERY_S = 3600.0
# Input rows of one log entry kept for drift, a uniform sample (n_rows tells the total): an API
# request (at most 10,000 rows) keeps this many; a batch job a sample of BATCH_ROWS_KEPT.
INPUT_ROWS_KEPT = 1_000
BATCH_ROWS_KEPT = 10_000


def purge_old_predictions(sm: sessionmaker[Session], retention_days: int) -> int:
    """Delete prediction log rows older than `retention_days`; the number deleted."""
    cutoff = utcnow() - timedelta(days=retention_days)
    with sm.begin() as session:
        result = session.execute(
            delete(PredictionLog)
            .where(PredictionLog.created_at < cutoff)
            .execution_options(synchronize_session=False)
        )
    return int(getattr(result, "rowcount", 0) or 0)


class PredictionLogWriter:
    def __init__(self, sm: sessionmaker[Session], retention_days: int) -> None:
        self.sm = sm
        self.retention_days = retention_days
        self.dropped = 0
        self._queue: queue.Queue[JsonObject] = queue.Queue(MAX_PENDING)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._write_lock = threading.Lock()
        self._last_purge = 0.0

    def submit(self, row: JsonObject) -> None:
        """Queue one log row (never blocks; drops it if the queue is full)."""
        try:
            self._queue.put_nowait(row)
        except queue.Full:
            self.dropped += 1
            return
        thread = self._thread
        if thread is None or not thread.is_alive():
            with self._start_lock:
                if self._thread is None or not self._thread.is_alive():
                    self._thread = threading.Thread(
                        target=self._run, name="prediction-log", daemon=True
                    )
                    self._thread.start()

    def maybe_purge(self) -> None:
        """Delete rows past the retention window, at most once an hour per process.

        Called by the writer thread while predictions flow and by log reads, so a quiet
        server still purges; batch jobs purge when they finish.
        """
        now = time.monotonic()
        if self._last_purge and now - self._last_purge < RETENTION_EVERY_S:
            return
        self._last_purge = now
        try:
            purge_old_predictions(self.sm, self.retention_days)
        except Exception:
            log.warning("purging old prediction log rows failed", exc_info=True)

    def flush(self) -> None:
        """Write everything queued so far (for reads that must see their own writes, and tests)."""
        while self._write_batch():
            pass

    def _write_batch(self) -> int:
        rows: list[JsonObject] = []
        with self._write_lock:
            while len(rows) < MAX_BATCH:
                try:
                    rows.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            if rows and not self._insert(rows) and len(rows) > 1:
                # One row the database refuses (e.g. a NUL character PostgreSQL cannot store)
                # must not cost the other requests in the batch their log rows.
                for row in rows:
                    self._insert([row])
        return len(rows)

    def _insert(self, rows: list[JsonObject]) -> bool:
        try:
            with self.sm.begin() as session:
                session.execute(insert(PredictionLog), rows)
        except Exception:
            log.exception("writing %d prediction log rows failed", len(rows))
            return False
        return True

    def _run(self) -> None:
        idle_since = time.monotonic()
        while True:
            time.sleep(FLUSH_INTERVAL_S)
            written = batch = self._write_batch()
            while batch == MAX_BATCH:
                batch = self._write_batch()
                written += batch
            now = time.monotonic()
            self.maybe_purge()
            if written:
                idle_since = now
            elif now - idle_since > IDLE_EXIT_S:
                with self._start_lock:  # a row queued after this check starts a new thread
                    if self._queue.empty():
                        self._thread = None
                        return
