"""Streaming downloads: a writer thread fills a small queue that the response body drains.

The pure writers (`export.write_csv`, a Parquet writer) want a file to write into; giving them a
queue-backed file streams the first bytes at once, keeps memory to a few chunks whatever the
size of the version, and needs no temporary file. When the client goes away, the next write
fails and the writer thread stops.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO
from urllib.parse import quote

import pyarrow as pa
import pyarrow.parquet as pq

from csv_analyzer.datasets.browse.export import write_csv
from csv_analyzer.datasets.parquet_io import PARQUET_COMPRESSION
from csv_analyzer.datasets.types import ROW_ID
from csv_analyzer.storage import ObjectStore

log = logging.getLogger(__name__)

CHUNK_BYTES = 1 << 20
_QUEUE_CHUNKS = 8
_DONE = object()


class ClientGone(OSError):
    """The response was closed before the writer finished."""


class QueueWriter:
    """A write-only binary file whose bytes are handed to a reader in ~1 MiB chunks."""

    def __init__(self) -> None:
        self.chunks: queue.Queue[object] = queue.Queue(maxsize=_QUEUE_CHUNKS)
        self.stopped = threading.Event()
        self._buffer = bytearray()
        self.closed = False

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def readable(self) -> bool:
        return False

    def put(self, item: object) -> None:
        while True:
            if self.stopped.is_set():
                raise ClientGone("the download was cancelled")
            try:
                self.chunks.put(item, timeout=0.5)
            except queue.Full:
                continue
            return

    def write(self, data: bytes | bytearray | memoryview) -> int:
        self._buffer += data
        if len(self._buffer) >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self) -> None:
        if self._buffer:
            self.put(bytes(self._buffer))
            self._buffer.clear()

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.flush()


def stream(write: Callable[[BinaryIO], None]) -> Iterator[bytes]:
    """Run `write(file)` on a thread and yield what it writes, chunk by chunk."""
    out = QueueWriter()

    def run() -> None:
        error: BaseException | None = None
        try:
            write(out)  # type: ignore[arg-type]  # a duck-typed binary file
            out.close()
        except ClientGone:
            return
        except BaseException as e:
            log.exception("download writer failed")
            error = e
        try:
            out.put(error if error is not None else _DONE)
        except ClientGone:
            return

    thread = threading.Thread(target=run, name="dataset-download", daemon=True)
    thread.start()
    try:
        while True:
            item = out.chunks.get()
            if item is _DONE:
                return
            if isinstance(item, BaseException):
                # Headers are already sent: cutting the body short is all that is left to do.
                raise RuntimeError("the download failed") from item
            if isinstance(item, bytes):
                yield item
    finally:
        out.stopped.set()


def csv_writer(
    store: ObjectStore, key: str, *, escape_formulas: bool = True
) -> Callable[[BinaryIO], None]:
    """Write a version as spreadsheet-safe CSV, or exactly as stored (see `export.write_csv`)."""

    def write(f: BinaryIO) -> None:
        with store.local_path(key) as path:
            write_csv(path, f, escape_formulas=escape_formulas)

    return write


def parquet_writer(
    store: ObjectStore, key: str, *, batch_size: int = 64_000
) -> Callable[[BinaryIO], None]:
    """Copy a version's Parquet file without the internal `__row_id` column."""

    def write(f: BinaryIO) -> None:
        with store.local_path(key) as path:
            _copy_parquet(path, f, batch_size)

    return write


def _copy_parquet(path: Path, f: BinaryIO, batch_size: int) -> None:
    source = pq.ParquetFile(path)
    names = [n for n in source.schema_arrow.names if n != ROW_ID]
    schema = pa.schema([source.schema_arrow.field(n) for n in names])
    with pq.ParquetWriter(f, schema, compression=PARQUET_COMPRESSION) as writer:
        for batch in source.iter_batches(batch_size=batch_size, columns=names):
            writer.write_batch(batch)


def attachment(filename: str) -> str:
    """A Content-Disposition header value safe for any file name (RFC 6266 / 5987)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace('"', "'").replace("?", "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
