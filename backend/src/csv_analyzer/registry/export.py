"""Export a model version's MLflow directory as a zip, streamed without a temporary archive."""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from csv_analyzer.config import Settings

CHUNK = 1 << 16


def download_model_dir(settings: Settings, source_uri: str) -> tuple[Path, Path]:
    """A local copy of the artifact directory, and the temporary directory holding it."""
    os.environ.setdefault("MLFLOW_DISABLE_TELEMETRY", "true")
    import mlflow.artifacts

    from csv_analyzer.registry import tracking

    location = tracking.artifact_location(tracking.make_client(settings), source_uri)
    target = Path(tempfile.mkdtemp(prefix="model-export-"))
    local = mlflow.artifacts.download_artifacts(
        artifact_uri=location,
        dst_path=str(target),
        tracking_uri=settings.resolved_mlflow_tracking_uri,
        registry_uri=settings.resolved_mlflow_registry_uri,
    )
    return Path(local), target


class _Pipe:
    """A write-only file for `zipfile` whose written bytes the generator takes out in chunks."""

    def __init__(self) -> None:
        self.buffer = bytearray()
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.buffer += data
        self.offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self.offset

    def flush(self) -> None:
        return None

    def close(self) -> None:
        return None

    def take(self) -> bytes:
        out = bytes(self.buffer)
        self.buffer.clear()
        return out


def zip_stream(directory: Path, *, cleanup: Path) -> Iterator[bytes]:
    """Yield a zip of `directory` (paths relative to it) piece by piece, then delete `cleanup`."""
    pipe = _Pipe()
    try:
        with zipfile.ZipFile(pipe, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(directory.rglob("*")):
                if not path.is_file():
                    continue
                with (
                    path.open("rb") as src,
                    archive.open(str(path.relative_to(directory)), "w", force_zip64=True) as dst,
                ):
                    while block := src.read(CHUNK):
                        dst.write(block)
                        if len(pipe.buffer) >= CHUNK:
                            yield pipe.take()
                yield pipe.take()
        yield pipe.take()
    finally:
        shutil.rmtree(cleanup, ignore_errors=True)
