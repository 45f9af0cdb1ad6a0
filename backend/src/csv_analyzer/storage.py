"""Object storage for raw uploads, Parquet versions, models' side files and batch outputs.

Two implementations behind one small protocol: a local directory (embedded default) and an
S3-compatible bucket (MinIO, AWS) so that workers on other machines read the same data.
Keys are relative POSIX paths such as `datasets/<id>/v1/data.parquet`.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, Protocol

from csv_analyzer.config import Settings


class StorageKeyError(ValueError):
    """A key that would escape the store (absolute, `..`, empty)."""


def check_key(key: str) -> str:
    path = PurePosixPath(key)
    if not key or path.is_absolute() or ".." in path.parts:
        raise StorageKeyError(f"invalid storage key: {key!r}")
    return str(path)


class ObjectStore(Protocol):
    def put_file(self, key: str, src: Path) -> None:
        """Store a local file under `key` (moved or uploaded; `src` may be consumed)."""

    def open_read(self, key: str) -> IO[bytes]: ...

    def local_path(self, key: str) -> AbstractContextManager[Path]:
        """A local file with the object's content, for readers that need a path (DuckDB, Arrow)."""
        ...

    def exists(self, key: str) -> bool: ...

    def size(self, key: str) -> int: ...

    def delete_prefix(self, prefix: str) -> None: ...


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        return self.root / check_key(key)

    def put_file(self, key: str, src: Path) -> None:
        dst = self.path(key)
        dst.parent.mkdir(parents=True, exist_ok=True)
        # Same filesystem: an atomic rename, so readers never see half a file.
        tmp = dst.with_name(f".{dst.name}.tmp")
        shutil.move(str(src), tmp)
        tmp.replace(dst)

    def open_read(self, key: str) -> IO[bytes]:
        return self.path(key).open("rb")

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        path = self.path(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        yield path

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()

    def size(self, key: str) -> int:
        return self.path(key).stat().st_size

    def delete_prefix(self, prefix: str) -> None:
        target = self.path(prefix)
        if target.is_dir():
            shutil.rmtree(target)
        elif target.is_file():
            target.unlink()


class S3Store:
    """S3-compatible store through fsspec/s3fs; reads that need a path are cached locally."""

    def __init__(self, bucket: str, *, prefix: str = "", endpoint_url: str = "") -> None:
        import s3fs

        options = {"endpoint_url": endpoint_url} if endpoint_url else {}
        self.fs = s3fs.S3FileSystem(client_kwargs=options)
        self.base = f"{bucket}/{prefix.strip('/')}".rstrip("/")
        self.cache = Path(tempfile.gettempdir()) / "csv-analyzer-s3-cache"

    def url(self, key: str) -> str:
        return f"{self.base}/{check_key(key)}"

    def put_file(self, key: str, src: Path) -> None:
        self.fs.put_file(str(src), self.url(key))
        src.unlink(missing_ok=True)

    def open_read(self, key: str) -> IO[bytes]:
        handle: IO[bytes] = self.fs.open(self.url(key), "rb")
        return handle

    @contextmanager
    def local_path(self, key: str) -> Iterator[Path]:
        # Stored objects are immutable (a new version is a new key), so a cached copy stays valid.
        cached = self.cache / check_key(key)
        if not cached.is_file():
            cached.parent.mkdir(parents=True, exist_ok=True)
            tmp = cached.with_name(f".{cached.name}.part")
            self.fs.get_file(self.url(key), str(tmp))
            tmp.replace(cached)
        yield cached

    def exists(self, key: str) -> bool:
        return bool(self.fs.exists(self.url(key)))

    def size(self, key: str) -> int:
        return int(self.fs.size(self.url(key)))

    def delete_prefix(self, prefix: str) -> None:
        url = self.url(prefix)
        if self.fs.exists(url):
            self.fs.rm(url, recursive=True)
        shutil.rmtree(self.cache / check_key(prefix), ignore_errors=True)


def make_store(settings: Settings) -> ObjectStore:
    if settings.storage_backend == "s3":
        return S3Store(
            settings.s3_bucket, prefix=settings.s3_prefix, endpoint_url=settings.s3_endpoint_url
        )
    return LocalStore(settings.resolved_storage_dir)


def staging_dir(settings: Settings) -> Path:
    """A scratch directory on the same filesystem as the local store (so moves are renames)."""
    path = settings.data_dir.resolve() / "tmp"
    path.mkdir(parents=True, exist_ok=True)
    return path
